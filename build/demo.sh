#!/usr/bin/env bash
# The main job end to end on the embedded default: the local Signature 365 API emulator and the
# Samba sample directory. Installs what is missing, starts the test DC if it is not up, then runs
# connect, test-auth, set-directory, set-scope, sync and status with the real agent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$S365_ROOT"

bash build/setup.sh
npm run build --silent

if ! build/test-dc.sh status >/dev/null 2>&1; then build/test-dc.sh start >/dev/null; fi
set -a; source .run/test-dc/env; set +a

work="$S365_ROOT/.run/demo"
rm -rf "$work"; mkdir -p "$work"
cp test/fixtures/demo-tenant.json "$work/tenant.json"
secret=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).secret)' "$work/tenant.json")

node dist/emulator/main.js --port 0 --tenant-file "$work/tenant.json" >"$work/emulator.out" 2>"$work/emulator.log" &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -qs '^listening on ' "$work/emulator.out" && break; sleep 0.1; done
api=$(sed -n 's/^listening on //p' "$work/emulator.out")
[ -n "$api" ] || { echo "the API emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }

agent() { echo "+ s365-agent $*" >&2; node dist/cli.js --config-dir "$work/config" "$@"; }
printf '%s' "$secret" | agent connect --api-url "$api" --secret -
agent test-auth
printf '%s' "$S365_TEST_BIND_PASSWORD" | agent set-directory --servers "$S365_TEST_LDAPS_URL" \
  --bind-dn "$S365_TEST_BIND_DN" --bind-password - --ca-file "$S365_TEST_CA_FILE"
agent set-scope --all
agent sync
agent status
echo
node -e 'fetch(process.argv[1] + "/_emulator/state").then((r) => r.json()).then((s) =>
  console.log(`The emulator now holds ${s.users.length} users from ${s.runs.length} run(s).`))' "$api"
echo "Config, state and log: $work/config"
