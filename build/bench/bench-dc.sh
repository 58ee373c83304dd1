#!/usr/bin/env bash
# The benchmark's own Samba DC: build/test-dc.sh with its own state dir and loopback address, the
# synthetic directory bulk-loaded with ldbadd into the stopped DC's sam.ldb, cached by key.
#
#   build/bench/bench-dc.sh up <key> <ldif-file>   start the DC of <key>, provisioning and loading
#                                                  <ldif-file> first when .run/bench/dc-<key> is not loaded
#   build/bench/bench-dc.sh load <key> <ldif-file> only the provisioning and loading (the DC stays stopped)
#   build/bench/bench-dc.sh stop <key>             stop it
#
# Only ever touches .run/bench/dc-* and ${S365_BENCH_DC_HOST:-127.0.3.1}: never the test DCs of
# 127.0.0.1/127.0.0.2. Prints the env file of the DC on stdout; logs on stderr.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEST_DC=$REPO/build/test-dc.sh
HOST=${S365_BENCH_DC_HOST:-127.0.3.1}
ROOT=$REPO/.run/bench
BASE=$ROOT/dc-base
PATH=$PATH:/usr/sbin:/sbin

log() { printf '[bench-dc] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

test_dc() { S365_TEST_DC_DIR=$1 S365_TEST_DC_HOST=$HOST nice -n 10 "$TEST_DC" "${@:2}"; }

# Another cached bench DC may hold the bench address: stop every one but ours.
stop_others() {
  local dir
  for dir in "$ROOT"/dc-*; do
    [[ -d $dir && $dir != "$1" && -f $dir/run/samba.pid ]] || continue
    test_dc "$dir" stop >&2
  done
}

# The provisioned domain without the bench directory (the test fixture's sample organisation only),
# made once: provisioning takes minutes, a copy a second.
ensure_base() {
  [[ -f $BASE/.provisioned ]] && return 0
  log "provisioning the base domain in $BASE (once)"
  test_dc "$BASE" start >/dev/null
  test_dc "$BASE" stop >&2
}

# dc-<key> as a copy of the base, its absolute paths (smb.conf, env) rewritten.
copy_base() {
  local dir=$1
  rm -rf "$dir"
  cp -a "$BASE" "$dir"
  sed -i "s|$BASE|$dir|g" "$dir/etc/smb.conf" "$dir/env"
  rm -f "$dir/run/samba.pid"
}

cmd_load() {
  local key=$1 ldif=$2 dir=$ROOT/dc-$1 t0 t1
  mkdir -p "$ROOT"
  if [[ ! -f $dir/.bench-loaded ]]; then
    [[ -f $ldif ]] || die "no LDIF $ldif"
    t0=$(now)
    ensure_base
    copy_base "$dir"
    log "loading $(grep -c '^dn' "$ldif") entries into $dir/private/sam.ldb with ldbadd"
    t1=$(now)
    # batch_mode: one transaction without a sub-transaction per entry (half the time; an error
    # aborts the whole load). --nosync: a crash while loading means loading again anyway. The
    # dsdb modules still assign objectGUID, objectSid, memberOf backlinks and the rest, as over LDAP.
    nice -n 10 ldbadd --nosync -o batch_mode:1 --configfile="$dir/etc/smb.conf" -H "$dir/private/sam.ldb" "$ldif" \
      >"$dir/log/bench-load.log" 2>&1 || { tail -20 "$dir/log/bench-load.log" >&2; die "ldbadd failed"; }
    printf '{"baseSeconds":%s,"ldbaddSeconds":%s}\n' \
      "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "$(since "$t1")" >"$dir/.bench-loaded"
    log "loaded in $(since "$t1")s ($(tail -1 "$dir/log/bench-load.log"))"
  fi
}

# One attribute of one entry, by ldbsearch on the stopped DC's database, LDIF folding undone.
ldb_value() {
  local dir=$1 base=$2 attr=$3
  ldbsearch --configfile="$dir/etc/smb.conf" -H "$dir/private/sam.ldb" --controls=show_deleted:1 -s base -b "$base" "$attr" 2>/dev/null |
    awk -v a="$attr" 'BEGIN { IGNORECASE = 1 } /^ / && on { v = v substr($0, 2); next } { on = 0 } index(tolower($0), tolower(a) ": ") == 1 { on = 1; v = substr($0, length(a) + 3) } END { print v }'
}

# The bench's reader may list and read CN=Deleted Objects (List Contents, Read Property: what
# Microsoft's KB 892806 grants with dsacls, docs/bench.md "Deltas"), so a delta finds deleted users
# by their tombstones instead of a scan of the whole scope. Idempotent; a running DC is stopped first.
grant_tombstones() {
  local dir=$1 base reader sid deleted sd
  # shellcheck disable=SC1091
  base=$(. "$dir/env"; printf '%s' "$S365_TEST_BASE_DN")
  reader=$(. "$dir/env"; printf '%s' "$S365_TEST_BIND_DN")
  sid=$(ldb_value "$dir" "$reader" objectSid)
  deleted="CN=Deleted Objects,$base"
  sd=$(ldb_value "$dir" "$deleted" nTSecurityDescriptor)
  [[ $sid == S-1-5-* && $sd == *D:* ]] || die "cannot read the reader's SID or the Deleted Objects descriptor in $dir"
  [[ $sd == *"(A;;RPLC;;;$sid)"* ]] && return 0
  [[ -f $dir/run/samba.pid ]] && test_dc "$dir" stop >&2
  # The new ACE goes at the end of the DACL (before the SACL, S:).
  local dacl=${sd%%S:*} sacl=${sd#"${sd%%S:*}"}
  printf 'dn: %s\nchangetype: modify\nreplace: nTSecurityDescriptor\nnTSecurityDescriptor: %s(A;;RPLC;;;%s)%s\n' "$deleted" "$dacl" "$sid" "$sacl" |
    ldbmodify --configfile="$dir/etc/smb.conf" -H "$dir/private/sam.ldb" --controls=show_deleted:1 >&2 || die "could not grant the reader access to $deleted"
  log "granted $reader List Contents and Read Property on $deleted"
}

cmd_up() {
  stop_others "$ROOT/dc-$1"
  cmd_load "$1" "$2"
  grant_tombstones "$ROOT/dc-$1"
  test_dc "$ROOT/dc-$1" start
}

case ${1:-} in
  up) [[ $# -eq 3 ]] || die "usage: $0 up <key> <ldif-file>"; cmd_up "$2" "$3" ;;
  load) [[ $# -eq 3 ]] || die "usage: $0 load <key> <ldif-file>"; cmd_load "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop <key>"; test_dc "$ROOT/dc-$2" stop ;;
  *) echo "usage: $0 up|load <key> <ldif-file> | stop <key>" >&2; exit 2 ;;
esac
