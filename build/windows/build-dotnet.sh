#!/usr/bin/env bash
# Builds the one C# source of the Windows-only work (src/windows/S365.Windows) for its targets,
# offline from the NuGet copy, with the versions pinned in its .csproj (a version that is not
# served fails the restore: warnings, NU1603 included, are errors):
#   out/windows/net472/            .NET Framework 4.7.2 (edge_nativeclr on the Windows server)
#   out/windows/net10.0-linux-x64/ CoreCLR, Linux: what the tests here load through edge-js
#   out/windows/net10.0-win-x64/   CoreCLR, Windows: the other Windows route (docs/windows.md)
# Each folder gets SHA256SUMS of its files. Prints the time each target took.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../env.sh"
cd "$S365_ROOT"

PROJECT=src/windows/S365.Windows/S365.Windows.csproj
OUT=out/windows
step() { printf '[build-dotnet] %s\n' "$*" >&2; }
command -v dotnet >/dev/null || { step "FAILED: dotnet (the .NET SDK) is not on PATH"; exit 1; }

# Pinned means exact: no floating or ranged version in the project.
if grep -nE 'Version="[^"]*[*\[\(,]' "$PROJECT"; then step "FAILED: a floating package version in $PROJECT"; exit 1; fi

build() {
  local name=$1; shift
  local start; start=$(date +%s.%N)
  rm -rf "${OUT:?}/$name"
  nice -n 10 dotnet "$@" "$PROJECT" -c Release -o "$OUT/$name" --nologo -v quiet >&2
  (cd "$OUT/$name" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
  step "$name: $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s, $(wc -l <"$OUT/$name/SHA256SUMS") files"
}

build net472 build -f net472
build net10.0-linux-x64 publish -f net10.0 -r linux-x64 --self-contained false
build net10.0-win-x64 publish -f net10.0 -r win-x64 --self-contained false
