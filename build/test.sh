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
logs="$S365_ROOT/.run/test-logs"
mkdir -p "$logs"
run_suite() {
  local name=$1; shift
  echo "=== $name: $*"
  if ! "$@" 2>&1 | tee "$logs/$name.log"; then failed+=("$name"); fi
}
run_suite mocha npm test
run_suite pester npm run test:pester
run_suite smoke npm run test:smoke

# One closing line over all suites: mocha ends with "N passing / N failing / N pending", Pester
# and the smoke runner with "N passed, N failed, N skipped".
last_line() { sed 's/\x1b\[[0-9;]*m//g' "$logs/$1.log" | grep -E "$2" | tail -1; }
number() { echo "$1" | grep -oE "[0-9]+ $2" | grep -oE '^[0-9]+' || echo 0; }
mocha_passed=$(number "$(last_line mocha '^ +[0-9]+ passing')" passing)
mocha_failed=$(number "$(last_line mocha '^ +[0-9]+ failing')" failing)
mocha_pending=$(number "$(last_line mocha '^ +[0-9]+ pending')" pending)
pester=$(last_line pester '^Pester: [0-9]+ passed')
smoke=$(last_line smoke '^[0-9]+ passed, [0-9]+ failed')
passed=$((mocha_passed + $(number "$pester" passed) + $(number "$smoke" passed)))
failures=$((mocha_failed + $(number "$pester" failed) + $(number "$smoke" failed)))
skipped=$((mocha_pending + $(number "$pester" skipped) + $(number "$smoke" skipped)))
# A suite that died before printing its counts still counts as a failure.
if [ ${#failed[@]} -gt 0 ] && [ "$failures" -eq 0 ]; then failures=${#failed[@]}; fi

if [ ${#failed[@]} -gt 0 ]; then echo "FAILED suites: ${failed[*]}"; fi
echo "total: $passed passed, $failures failed, $skipped skipped"
[ ${#failed[@]} -eq 0 ]
