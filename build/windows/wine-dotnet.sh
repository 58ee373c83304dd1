#!/usr/bin/env bash
# Lays out a .NET 10 win-x64 runtime for Wine, so that the net10.0-win-x64 build of S365.Windows
# runs under Wine through edge-js's win-x64 edge_coreclr.node (the tests' Windows calls that Wine
# implements: DPAPI, the Event Log's registry side). Idempotent; offline once the two packs are in
# the NuGet cache. Everything from NuGet, by exact version (the runtime the SDK here runs):
#   Microsoft.NETCore.App.Runtime.win-x64  the shared framework's files, coreclr.dll, hostfxr.dll
#   Microsoft.NETCore.App.Host.win-x64     apphost.exe, copied as dotnet.exe (edge only checks that a
#                                          dotnet.exe exists on PATH to find the root; it is not run)
# The runtime pack has no framework deps.json, which edge's host needs: it is written from the pack's
# data/RuntimeList.xml. Writes out/windows/wine-dotnet/{dotnet,edge-app}; prints one JSON line:
#   { "dotnetRoot", "edgeAppDir", "nugetPackages" }
#   build/windows/wine-dotnet.sh <edge-js package dir>
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../env.sh"
cd "$S365_ROOT"

EDGE=${1:?usage: wine-dotnet.sh <edge-js package dir>}
VERSION=10.0.12
OUT=out/windows/wine-dotnet
step() { printf '[wine-dotnet] %s\n' "$*" >&2; }
command -v dotnet >/dev/null || { step "FAILED: dotnet (the .NET SDK) is not on PATH"; exit 1; }

mkdir -p "$OUT/restore"
cat >"$OUT/restore/packs.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Runtime.win-x64" Version="[$VERSION]" />
    <PackageDownload Include="Microsoft.NETCore.App.Host.win-x64" Version="[$VERSION]" />
  </ItemGroup>
</Project>
XML
nice -n 10 dotnet restore "$OUT/restore/packs.csproj" --nologo -v quiet >&2
PACKAGES=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
PACKAGES=${PACKAGES%/}
RUNTIME=$PACKAGES/microsoft.netcore.app.runtime.win-x64/$VERSION/runtimes/win-x64
HOSTPACK=$PACKAGES/microsoft.netcore.app.host.win-x64/$VERSION/runtimes/win-x64/native
[[ -f $RUNTIME/native/coreclr.dll && -f $HOSTPACK/apphost.exe ]] || { step "FAILED: the runtime or host pack $VERSION is not in $PACKAGES"; exit 1; }

ROOT=$OUT/dotnet
FX=$ROOT/shared/Microsoft.NETCore.App/$VERSION
rm -rf "$ROOT"
mkdir -p "$FX" "$ROOT/host/fxr/$VERSION"
cp "$RUNTIME"/lib/net10.0/*.dll "$RUNTIME"/native/* "$FX/"
cp "$RUNTIME/native/hostfxr.dll" "$ROOT/host/fxr/$VERSION/"
cp "$HOSTPACK/apphost.exe" "$ROOT/dotnet.exe"
node - "$PACKAGES/microsoft.netcore.app.runtime.win-x64/$VERSION/data/RuntimeList.xml" "$FX" "$VERSION" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [list, fx, version] = process.argv.slice(2);
const runtime = {};
const native = {};
for (const [, attrs] of fs.readFileSync(list, 'utf8').matchAll(/<File ([^>]*)\/>/g)) {
  const attr = (name) => attrs.match(new RegExp(`${name}="([^"]*)"`))?.[1];
  const file = path.basename(attr('Path') ?? '');
  if (!fs.existsSync(path.join(fx, file))) continue;
  if (attr('Type') === 'Managed') runtime[file] = { assemblyVersion: attr('AssemblyVersion'), fileVersion: attr('FileVersion') };
  else if (attr('Type') === 'Native') native[file] = { fileVersion: attr('FileVersion') ?? '0.0.0.0' };
}
const target = '.NETCoreApp,Version=v10.0/win-x64';
const lib = `Microsoft.NETCore.App.Runtime.win-x64/${version}`;
fs.writeFileSync(path.join(fx, 'Microsoft.NETCore.App.deps.json'), JSON.stringify({
  runtimeTarget: { name: target, signature: '' },
  compilationOptions: {},
  targets: { '.NETCoreApp,Version=v10.0': {}, [target]: { [lib]: { runtime, native } } },
  libraries: { [lib]: { type: 'package', serviceable: false, sha512: '' } },
}, null, 1));
fs.writeFileSync(path.join(fx, 'Microsoft.NETCore.App.runtimeconfig.json'), JSON.stringify({ runtimeOptions: { tfm: 'net10.0' } }));
JS

# edge's bootstrap (portable IL, built by setup-edge.sh) with the runtimeconfig edge looks for when
# there is no SDK beside the runtime (EDGE_USE_RUNTIME_CONFIG).
APP=$OUT/edge-app
rm -rf "$APP"
mkdir -p "$APP"
cp -r "$EDGE/lib/bootstrap/bin/Release/." "$APP/"
printf '{ "runtimeOptions": { "tfm": "net10.0", "framework": { "name": "Microsoft.NETCore.App", "version": "%s" } } }\n' "$VERSION" >"$APP/bootstrap.runtimeconfig.json"
step "runtime $VERSION laid out in $ROOT ($(find "$FX" -type f | wc -l) files)"
printf '{"dotnetRoot":"%s","edgeAppDir":"%s","nugetPackages":"%s"}\n' "$S365_ROOT/$ROOT" "$S365_ROOT/$APP" "$PACKAGES"
