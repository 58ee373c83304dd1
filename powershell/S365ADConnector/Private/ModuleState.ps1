# Module-wide state, set when the module loads.

# Folder of the module (holds bin/, Invoke-S365Sync.ps1).
$script:ModuleRoot = Split-Path -Parent $PSScriptRoot

# Exit code of the last s365-agent run (0..7, see docs/protocol.md); also copied to $global:LASTEXITCODE.
$script:LastAgentExitCode = $null

# Defaults of the sync settings (docs/protocol.md, verb set-sync-settings): the agent applies them to every
# setting its config.json does not hold. Get-S365SyncSetting merges them with get-config's 'sync' section,
# so reading the settings never writes the configuration.
$script:S365SyncSettingDefaults = [ordered]@{
    maxRemovals        = 500
    maxRemovalPercent  = 10
    fullSyncAfterDays  = 7
    maxRejectedPercent = 10
}
