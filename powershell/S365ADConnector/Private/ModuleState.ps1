# Module-wide state, set when the module loads.

# Folder of the module (holds bin/, Invoke-S365Sync.ps1).
$script:ModuleRoot = Split-Path -Parent $PSScriptRoot

# Exit code of the last s365-agent run (0..7, see docs/protocol.md); also copied to $global:LASTEXITCODE.
$script:LastAgentExitCode = $null

# Caller's move for each protocol error code (ErrorDetails.RecommendedAction).
$script:S365RecommendedActions = @{
    'BAD_REQUEST'           = 'Fix the parameters of the command (see error details).'
    'NOT_CONFIGURED'        = 'Run Connect-Signature365 and Set-S365Directory first.'
    'AUTH_REFUSED'          = 'Copy the integration secret from the Signature 365 portal again and run Connect-Signature365.'
    'INTEGRATION_DISABLED'  = 'Enable the Active Directory integration in the Signature 365 portal.'
    'DIRECTORY_ERROR'       = 'Check the settings of Set-S365Directory (account, password, search base) and the sync scope.'
    'DIRECTORY_UNREACHABLE' = 'Check the network path to the domain controllers (DNS, firewall, LDAPS port 636).'
    'API_ERROR'             = 'See the error details (status, code); retry later or contact Signature 365 support.'
    'API_UNREACHABLE'       = 'Check the proxy and firewall rules for HTTPS to Signature 365.'
    'GUARD_TRIPPED'         = 'Review the removals; if intended, run Start-S365Sync -AllowRemovals <count> once.'
    'PLAN_STALE'            = 'The directory or the sync state changed since the plan was made: run Start-S365Sync -WhatIf -PlanFile <file> again, review, then apply the new plan.'
    'LOCKED'                = 'Another sync is running on this configuration directory; retry later.'
    'INTERNAL'              = 'Report the problem to Signature 365 support with the agent log file (logs/agent.log in the configuration directory).'
}

# Defaults of the sync settings (docs/protocol.md, verb set-sync-settings): the agent applies them to every
# setting its config.json does not hold. Get-S365SyncSetting merges them with get-config's 'sync' section,
# so reading the settings never writes the configuration.
$script:S365SyncSettingDefaults = [ordered]@{
    maxRemovals        = 500
    maxRemovalPercent  = 10
    fullSyncAfterDays  = 7
    maxRejectedPercent = 10
}
