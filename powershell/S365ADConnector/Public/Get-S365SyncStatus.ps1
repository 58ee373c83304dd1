function Get-S365SyncStatus {
    <#
    .SYNOPSIS
    Shows whether a sync is running, the last runs and their counts and errors.

    .DESCRIPTION
    Get-S365SyncStatus returns the sync status from the agent's state: whether a sync is running now, how
    many users Signature 365 has confirmed, the directory watermark of delta syncs, the last run, the last successful run and the run history
    (newest first), each as an S365ADConnector.SyncRun object. It works while a sync runs.

    Runs the agent verb 'status' (docs/protocol.md).

    .PARAMETER HistoryCount
    How many past runs to return in History, newest first, 1 to 100. Default 10.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.SyncStatus

    .EXAMPLE
    PS C:\> Get-S365SyncStatus

    Shows whether a sync runs, the synced user count and the last run.

    .EXAMPLE
    PS C:\> (Get-S365SyncStatus -HistoryCount 50).History | Format-Table

    Lists the last 50 runs.

    .EXAMPLE
    PS C:\> (Get-S365SyncStatus).History | Where-Object Status -eq 'failed' | Select-Object StartedAt, ErrorCode, ErrorMessage

    Shows the failed runs and why they failed.

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.SyncStatus')]
    param(
        [ValidateRange(1, 100)]
        [int] $HistoryCount = 10,

        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'status' -Parameters ([ordered]@{ history = $HistoryCount }) -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'status'
    $data = $outcome.Data
    $lastRun = Get-S365Value $data 'lastRun'
    $lastSuccess = Get-S365Value $data 'lastSuccess'
    $lastRunObject = $null
    if ($null -ne $lastRun) { $lastRunObject = ConvertTo-S365SyncRun -Run $lastRun }
    $lastSuccessObject = $null
    if ($null -ne $lastSuccess) { $lastSuccessObject = ConvertTo-S365SyncRun -Run $lastSuccess }
    $history = @(foreach ($r in @(Get-S365Value $data 'history' @())) { ConvertTo-S365SyncRun -Run $r })
    [pscustomobject]@{
        PSTypeName    = 'S365ADConnector.SyncStatus'
        SyncRunning   = [bool](Get-S365Value $data 'syncRunning' $false)
        SyncedUsers   = [int](Get-S365Value $data 'syncedUsers' 0)
        Watermark     = Get-S365Value $data 'watermark'
        LastRunStatus = $(if ($lastRunObject) { $lastRunObject.Status } else { $null })
        LastRunAt     = $(if ($lastRunObject) { $lastRunObject.StartedAt } else { $null })
        LastSuccessAt = $(if ($lastSuccessObject) { $lastSuccessObject.StartedAt } else { $null })
        LastRun       = $lastRunObject
        LastSuccess   = $lastSuccessObject
        History       = $history
    }
}
