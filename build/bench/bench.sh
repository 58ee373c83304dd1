#!/usr/bin/env bash
# npm run bench [-- --users N]: the benchmark harness (docs/bench.md). Installs the [bench] group
# of build/packages.txt if missing, builds the agent and (when a source is newer) its Linux
# executable, runs build/bench/run.mjs under nice (the machine is shared), stops the bench DC.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
cd "$S365_ROOT"

build/apt.sh install bench
npm run build --silent
# The executable is rebuilt only when missing or older than a source (it takes minutes).
if [[ ! -x out/exe/s365-agent || -n $(find src build/package package.json -newer out/exe/s365-agent -type f -not -path 'src/generated/*' -print -quit) ]]; then
  nice -n 10 npm run build:exe --silent
fi
status=0
nice -n 10 node build/bench/run.mjs "$@" || status=$?
for dir in .run/bench/dc-*; do
  [[ -f $dir/run/samba.pid ]] && bash build/bench/bench-dc.sh stop "${dir##*/dc-}" >/dev/null
done
exit $status
