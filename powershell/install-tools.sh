#!/usr/bin/env bash
# Installs the tools the Pester suite needs, using only the package sources dotnet is configured with:
#   - PowerShell 7.6.9 as a dotnet global tool (lands in ~/.dotnet/tools)
#   - Pester (default 5.9.1) from the configured NuGet feed, unpacked into the user's PowerShell module dir
# Idempotent: does nothing for a tool that is already installed at the wanted version.
# Callers must put "$HOME/.dotnet/tools" on PATH afterwards.
#
# Env overrides: PWSH_VERSION, PESTER_VERSION, PESTER_MODULE_ROOT, NUGET_FEED_INDEX
set -euo pipefail

PWSH_VERSION="${PWSH_VERSION:-7.6.9}"
PESTER_VERSION="${PESTER_VERSION:-5.9.1}"
TOOLS_DIR="$HOME/.dotnet/tools"
MODULE_ROOT="${PESTER_MODULE_ROOT:-$HOME/.local/share/powershell/Modules}"

export PATH="$TOOLS_DIR:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[install-tools] %s\n' "$*"; }

# curl and unzip, the [pester] group of build/packages.txt
"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/apt.sh" install pester

# ---------- PowerShell ----------
have_pwsh_version() {
  command -v pwsh >/dev/null 2>&1 || return 1
  local v
  v="$(pwsh -NoProfile -NoLogo -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | tr -d '\r')" || return 1
  [ "$v" = "$PWSH_VERSION" ]
}

if have_pwsh_version; then
  log "pwsh $PWSH_VERSION already installed at $(command -v pwsh)"
else
  if dotnet tool list --global | awk 'tolower($1)=="powershell"{found=1} END{exit !found}'; then
    log "updating the PowerShell dotnet tool to $PWSH_VERSION"
    dotnet tool update --global PowerShell --version "$PWSH_VERSION"
  else
    log "installing the PowerShell dotnet tool $PWSH_VERSION"
    dotnet tool install --global PowerShell --version "$PWSH_VERSION"
  fi
  have_pwsh_version || { log "pwsh $PWSH_VERSION not usable after install"; exit 1; }
fi
log "pwsh: $TOOLS_DIR/pwsh (add \$HOME/.dotnet/tools to PATH)"

# Seen on a pristine root: the first runs of a just-installed pwsh found no module at all (not even
# its own Microsoft.PowerShell.Management), and a later run did. Wait until pwsh resolves a command
# of a built-in module before anything relies on module discovery.
for attempt in 1 2 3 4 5 6; do
  if pwsh -NoProfile -NoLogo -Command 'Get-Command Get-ChildItem -ErrorAction Stop | Out-Null' >/dev/null 2>&1; then
    ((attempt == 1)) || log "pwsh finds its built-in modules (attempt $attempt)"
    break
  fi
  ((attempt < 6)) || { log "pwsh finds none of its built-in modules"; exit 1; }
  log "pwsh finds no built-in module yet (attempt $attempt); retrying"
  sleep 2
done

# ---------- Pester ----------
have_pester() {
  pwsh -NoProfile -NoLogo -Command "
    \$m = Get-Module -ListAvailable -Refresh Pester | Where-Object { \$_.Version -eq [version]'$PESTER_VERSION' }
    if (\$m) { exit 0 } else { exit 1 }" >/dev/null 2>&1
}

if have_pester; then
  log "Pester $PESTER_VERSION already installed"
else
  # The package source dotnet uses (first enabled source from `dotnet nuget list source`), unless overridden.
  FEED_INDEX="${NUGET_FEED_INDEX:-$(dotnet nuget list source --format Short 2>/dev/null | awk '$1 ~ /^E/ {print $2; exit}')}"
  [ -n "$FEED_INDEX" ] || { log "no enabled NuGet source configured in dotnet"; exit 1; }
  log "NuGet feed: $FEED_INDEX"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # Resolve the flat container (PackageBaseAddress) from the v3 service index.
  curl -fsSL --retry 3 "$FEED_INDEX" -o "$work/index.json"
  BASE="$(python3 - "$work/index.json" <<'PY' 2>/dev/null || true
import json, sys
d = json.load(open(sys.argv[1]))
for r in d.get("resources", []):
    if str(r.get("@type", "")).startswith("PackageBaseAddress"):
        print(r["@id"].rstrip("/") + "/"); break
PY
)"
  if [ -z "$BASE" ]; then
    BASE="$(grep -o '"@id"[^"]*"[^"]*"[^}]*PackageBaseAddress' "$work/index.json" | head -1 | sed -E 's/.*"@id"[^"]*"([^"]*)".*/\1/')"
    BASE="${BASE%/}/"
  fi
  [ "$BASE" != "/" ] || { log "feed has no PackageBaseAddress resource"; exit 1; }
  url="${BASE}pester/${PESTER_VERSION}/pester.${PESTER_VERSION}.nupkg"
  log "downloading $url"
  curl -fsSL --retry 3 "$url" -o "$work/pester.nupkg"
  mkdir -p "$work/pkg"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$work/pester.nupkg" -d "$work/pkg"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$work/pester.nupkg" "$work/pkg"
  fi
  # The module is the folder holding Pester.psd1 (package root, or tools/ in some packagings).
  psd1="$(find "$work/pkg" -name Pester.psd1 -print | awk '{ print length, $0 }' | sort -n | head -1 | cut -d' ' -f2-)"
  [ -n "$psd1" ] || { log "Pester.psd1 not found in the package"; exit 1; }
  src="$(dirname "$psd1")"
  dest="$MODULE_ROOT/Pester/$PESTER_VERSION"
  rm -rf "$dest"
  mkdir -p "$dest"
  # Copy the module, leaving out the NuGet packaging files.
  (cd "$src" && tar --exclude='_rels' --exclude='package' --exclude='[Content_Types].xml' --exclude='*.nuspec' -cf - .) | (cd "$dest" && tar -xf -)
  log "Pester $PESTER_VERSION installed into $dest"
fi

# -Refresh: a pwsh that started before the module existed may have cached the module paths without it.
# On failure, say what pwsh sees, so that the log tells why.
pwsh -NoProfile -NoLogo -Command "
  \$null = Get-Module -ListAvailable -Refresh Pester
  try { Import-Module Pester -MinimumVersion 5.7.1 -ErrorAction Stop }
  catch {
    'PSModulePath: ' + \$env:PSModulePath
    Get-ChildItem -Recurse -Depth 2 -Name '$MODULE_ROOT/Pester' | Select-Object -First 10
    Get-Module -ListAvailable -Refresh Pester | Format-List Name, Version, Path
    throw
  }
  'Pester ' + (Get-Module Pester).Version" | tee /dev/stderr | grep -q '^Pester [0-9]' || { log "Pester does not import"; exit 1; }
