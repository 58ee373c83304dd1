# Module-wide state, set when the module loads.

# Folder of the module (holds bin/, Invoke-S365Sync.ps1).
$script:ModuleRoot = Split-Path -Parent $PSScriptRoot

# Exit code of the last s365-agent run (0..7, see docs/protocol.md); also copied to $global:LASTEXITCODE.
$script:LastAgentExitCode = $null
