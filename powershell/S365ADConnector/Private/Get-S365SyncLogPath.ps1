function Get-S365SyncLogPath {
    <#
    .SYNOPSIS
    Where Invoke-S365Sync.ps1 keeps the output of each run: logs/sync-runs.log in the configuration directory
    (-ConfigDir, else $env:S365_CONFIG_DIR, else the agent's default: %ProgramData%\Signature365\ADConnector on
    Windows, /var/lib/s365-agent elsewhere), beside the agent's own logs/agent.log.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [AllowEmptyString()] [string] $ConfigDir
    )
    $dir = Resolve-S365ConfigDir -ConfigDir $ConfigDir
    if (-not $dir) { $dir = Get-S365DefaultConfigDir }
    return (Join-Path (Join-Path $dir 'logs') 'sync-runs.log')
}
