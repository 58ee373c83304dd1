#!/usr/bin/env bash
# The project's one test command: installs what is missing, starts the Samba test DC, then runs
# every suite (mocha unit + integration, Pester, executable smoke tests) and fails if any fails.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$S365_ROOT"

bash build/setup.sh --all || { echo "setup failed" >&2; exit 1; }
npm run build || exit 1

started_dc=0
if ! build/test-dc.sh status >/dev/null 2>&1; then
  build/test-dc.sh start >/dev/null || { echo "the Samba test DC did not start" >&2; exit 1; }
  started_dc=1
fi
# The second DC of the domain (joined to the first; the connection tests stop it mid-sync).
started_dc2=0
if ! build/test-dc.sh second status >/dev/null 2>&1; then
  if build/test-dc.sh second start >/dev/null; then started_dc2=1; else echo "the second test DC did not start (its tests will fail under CI)" >&2; fi
fi
stop_dc() {
  if [ "$started_dc2" = 1 ]; then build/test-dc.sh second stop >/dev/null 2>&1 || true; fi
  if [ "$started_dc" = 1 ]; then build/test-dc.sh stop >/dev/null 2>&1 || true; fi
}
trap stop_dc EXIT
export S365_TEST_DC_ENV="${S365_TEST_DC_DIR:-$S365_ROOT/.run/test-dc}/env"
export S365_TEST_DC2_ENV="${S365_TEST_DC2_DIR:-$S365_ROOT/.run/test-dc2}/env"

failed=()
run_suite() {
  local name=$1; shift
  echo "=== $name: $*"
  if ! "$@"; then failed+=("$name"); fi
}
run_suite mocha npm test
run_suite pester npm run test:pester
if grep -q '"test:smoke"' package.json; then run_suite smoke npm run test:smoke; fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED suites: ${failed[*]}"
  exit 1
fi
echo "all suites passed"
