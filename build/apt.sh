#!/usr/bin/env bash
# The one way this project's scripts install Debian packages: by group, from build/packages.txt.
#
#   build/apt.sh list <group>...      the packages of those groups, one a line
#   build/apt.sh missing <group>...   those of them not installed
#   build/apt.sh install <group>...   installs the missing ones (--no-install-recommends) and logs
#                                     every package the install added, dependencies included
#
# Needs root for install (or sudo without a password). Exit 0 when all are present afterwards.
set -euo pipefail

LIST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/packages.txt
log() { printf '[apt] %s\n' "$*" >&2; }

packages_of() {
  [[ $# -gt 0 ]] || { log "name at least one group of $LIST"; exit 2; }
  local g
  for g in "$@"; do
    grep -qE "^\[$g\]" "$LIST" || { log "no group [$g] in $LIST"; exit 2; }
  done
  awk -v want=" $* " '
    { sub(/#.*/, ""); gsub(/^[ \t]+|[ \t]+$/, "") }
    /^\[[^]]+\]/ { g = substr($0, 2, index($0, "]") - 2); next }
    $0 != "" && index(want, " " g " ") { if (!seen[$0]++) print $0 }
  ' "$LIST"
}

installed_set() { dpkg-query -W -f='${Status} ${Package}\n' 2>/dev/null | awk '$1 == "install" && $3 == "installed" { print $4 }' | sort; }

missing_of() {
  local p
  for p in $(packages_of "$@"); do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

install_groups() {
  command -v dpkg-query >/dev/null || { log "not a Debian system: install by hand: $(packages_of "$@" | xargs)"; exit 1; }
  local missing
  missing=$(missing_of "$@" | xargs)
  if [[ -z $missing ]]; then
    log "present ($*): $(packages_of "$@" | xargs)"
    return 0
  fi
  local sudo=
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  local before apt_log
  before=$(mktemp); apt_log=$(mktemp)
  installed_set >"$before"
  log "installing ($*): $missing"
  local apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install --no-install-recommends)
  # shellcheck disable=SC2086
  if ! "${apt[@]}" $missing >"$apt_log" 2>&1; then
    log "apt-get install failed; apt-get update, then once more"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >>"$apt_log" 2>&1 || true
    # shellcheck disable=SC2086
    "${apt[@]}" $missing >>"$apt_log" 2>&1 || { tail -25 "$apt_log" >&2; log "apt-get install failed"; rm -f "$before" "$apt_log"; exit 1; }
  fi
  local added
  added=$(installed_set | comm -13 "$before" - | xargs)
  log "installed $(wc -w <<<"$added") package(s): $added"
  rm -f "$before" "$apt_log"
  missing=$(missing_of "$@" | xargs)
  [[ -z $missing ]] || { log "still missing after install: $missing"; exit 1; }
}

cmd=${1:-}
shift || true
case $cmd in
  list) packages_of "$@" ;;
  missing) missing_of "$@" ;;
  install) install_groups "$@" ;;
  *) echo "usage: $0 list|missing|install <group>..." >&2; exit 2 ;;
esac
