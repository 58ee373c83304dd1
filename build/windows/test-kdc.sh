#!/usr/bin/env bash
# The Kerberos KDC of the Samba test DC, for the integrated (Negotiate/GSSAPI) bind tests.
#
#   build/windows/test-kdc.sh start | stop | status | env
#
# The test DC (build/test-dc.sh) serves LDAP only. This runs Samba's KDC beside it, as a second
# samba process with `server services = kdc` over the same domain database (private/, state/ of
# ${S365_TEST_DC_DIR:-<repo>/.run/test-dc}), bound to the DC's address, port 88; its own pid, lock,
# socket and log folders are under ${S365_TEST_KDC_DIR:-<repo>/.run/test-kdc}. The DC itself is never
# stopped or changed but for one thing a full Samba DC does at start and ours skips: samba_spnupdate
# registers the DC's ldap/ service principal names (without them the KDC knows no ldap/dc1...).
#
# `start` also writes, under the KDC folder, what a client needs and nothing on the machine:
#   krb5.conf    realm CORP.CONTOSO.TEST, KDC at the DC's address (for KRB5_CONFIG)
#   svc.keytab   the keys of the reader account svc-s365 (samba-tool domain exportkeytab)
#   hosts        /etc/hosts plus the DC's name: Kerberos needs the DC by name, so tests bind-mount
#                it over /etc/hosts in a private mount namespace (unshare -m), never the machine's
#   env          S365_TEST_KRB5_CONFIG, S365_TEST_KEYTAB, S365_TEST_PRINCIPAL, S365_TEST_HOSTS,
#                S365_TEST_DC_FQDN, S365_TEST_KDC_PID_FILE
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DC_DIR=${S365_TEST_DC_DIR:-$REPO/.run/test-dc}
DIR=${S365_TEST_KDC_DIR:-$REPO/.run/test-kdc}
REALM=CORP.CONTOSO.TEST
DNS_DOMAIN=corp.contoso.test
DC_FQDN=dc1.$DNS_DOMAIN
PRINCIPAL=svc-s365@$REALM
PATH=$PATH:/usr/sbin:/sbin

log() { printf '[test-kdc] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PID_FILE=$DIR/run/samba.pid
LOG=$DIR/log/samba.log
ENV_FILE=$DIR/env

dc_host() { sed -n "s/^S365_TEST_DC_HOST='\(.*\)'$/\1/p" "$DC_DIR/env" 2>/dev/null || true; }
kdc_pid() { [[ -s $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"; }
kdc_answers() { (exec 3<>"/dev/tcp/$1/88") 2>/dev/null; }

write_files() {
  local host=$1
  cat >"$DIR/krb5.conf" <<CONF
# Written by build/windows/test-kdc.sh: the test realm only, nothing resolved by DNS.
[libdefaults]
	default_realm = $REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	dns_canonicalize_hostname = false
	udp_preference_limit = 0
[realms]
	$REALM = {
		kdc = $host:88
	}
[domain_realm]
	.$DNS_DOMAIN = $REALM
	$DNS_DOMAIN = $REALM
CONF
  { cat /etc/hosts; echo "$host $DC_FQDN DC1.$DNS_DOMAIN   # build/windows/test-kdc.sh"; } >"$DIR/hosts"
  rm -f "$DIR/svc.keytab"
  samba-tool domain exportkeytab "$DIR/svc.keytab" --principal="$PRINCIPAL" -s "$DC_DIR/etc/smb.conf" >"$DIR/log/keytab.log" 2>&1 \
    || { cat "$DIR/log/keytab.log" >&2; die "samba-tool domain exportkeytab failed"; }
  chmod 0600 "$DIR/svc.keytab"
  cat >"$ENV_FILE" <<ENV
S365_TEST_KRB5_CONFIG='$DIR/krb5.conf'
S365_TEST_KEYTAB='$DIR/svc.keytab'
S365_TEST_PRINCIPAL='$PRINCIPAL'
S365_TEST_HOSTS='$DIR/hosts'
S365_TEST_DC_FQDN='$DC_FQDN'
S365_TEST_KDC_PID_FILE='$PID_FILE'
ENV
}

cmd_start() {
  [[ -f $DC_DIR/env ]] || die "no test DC in $DC_DIR (build/test-dc.sh start)"
  local host
  host=$(dc_host)
  [[ -n $host ]] || die "$DC_DIR/env has no S365_TEST_DC_HOST"
  "$REPO/build/apt.sh" install kerberos >&2
  mkdir -p "$DIR"/{run,lock,cache,log}
  if kdc_pid >/dev/null && kdc_answers "$host"; then
    write_files "$host"
    log "running (pid $(kdc_pid))"
    cat "$ENV_FILE"
    return 0
  fi
  kdc_answers "$host" && die "something else answers on $host:88"
  # The DC's registered SPNs as a full Samba DC has them (idempotent: adds only the missing ones).
  samba_spnupdate -s "$DC_DIR/etc/smb.conf" >"$DIR/log/spnupdate.log" 2>&1 \
    || { tail -20 "$DIR/log/spnupdate.log" >&2; die "samba_spnupdate failed"; }
  # The DC's own smb.conf with the KDC alone as its service and every runtime folder its own.
  sed -E \
    -e "s|^\tserver services = .*|\tserver services = kdc|" \
    -e "s|^\tlock directory = .*|\tlock directory = $DIR/lock|" \
    -e "s|^\tpid directory = .*|\tpid directory = $DIR/run|" \
    -e "s|^\tncalrpc dir = .*|\tncalrpc dir = $DIR/run/ncalrpc|" \
    -e "s|^\tcache directory = .*|\tcache directory = $DIR/cache|" \
    -e "s|^\tlog file = .*|\tlog file = $DIR/log/log.%m|" \
    -e "s|^\tntp signd socket directory = .*|\tntp signd socket directory = $DIR/run/ntp_signd|" \
    -e "s|^\twinbindd socket directory = .*|\twinbindd socket directory = $DIR/run/winbindd|" \
    "$DC_DIR/etc/smb.conf" >"$DIR/smb.conf"
  grep -q "^	server services = kdc$" "$DIR/smb.conf" || die "could not derive the KDC's smb.conf from $DC_DIR/etc/smb.conf"
  rm -f "$PID_FILE"
  log "starting the KDC on $host:88 (log: $LOG)"
  # 9<&-: samba must not inherit the flock fd (it would hold the lock forever).
  setsid nohup samba -s "$DIR/smb.conf" -i --debug-stdout </dev/null >>"$LOG" 2>&1 9<&- &
  local launcher=$! i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$launcher" 2>/dev/null || { tail -20 "$LOG" >&2; die "samba (kdc) exited during startup"; }
    if [[ -s $PID_FILE ]] && kdc_answers "$host"; then
      write_files "$host"
      log "KDC answering (pid $(kdc_pid))"
      cat "$ENV_FILE"
      return 0
    fi
    sleep 0.2
  done
  die "the KDC did not answer on $host:88 within 60 s, see $LOG"
}

cmd_stop() {
  local pid i
  pid=$(kdc_pid) || { log "not running"; return 0; }
  kill -TERM "$pid"
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || { log "stopped"; return 0; }; sleep 0.1; done
  die "the KDC (pid $pid) did not stop"
}

cmd_status() {
  local host
  host=$(dc_host)
  kdc_pid >/dev/null && [[ -n $host ]] && kdc_answers "$host" && { log "running (pid $(kdc_pid))"; return 0; }
  log "not running"
  return 1
}

exec 9>"$DIR/.lock"
flock 9
case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cat "$ENV_FILE" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
