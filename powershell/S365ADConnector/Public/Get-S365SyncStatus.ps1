function Get-S365SyncStatus {
    <#
    .SYNOPSIS
    Shows whether a sync is running, the last runs and their counts and errors.

    .DESCRIPTION
    Get-S365SyncStatus returns the sync status from the agent's state: whether a sync is running now
    (SyncRunning: another sync would fail with LOCKED), how many users Signature 365 has confirmed, the
    last run, the last successful run and the run history (newest first), each as an S365ADConnector.SyncRun
    object (Mode says full or delta, FullReason why a run was full). It works while a sync runs.

    The watermark is where the next delta sync starts: the domain controller (WatermarkServer), its
    update sequence number (WatermarkUsn) when the last successful run started, and when that was
    (WatermarkAt); the Watermark property holds all of it (also the DC's InvocationId). Without a
    watermark (no successful sync yet) the next sync is a full one.

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
    PS C:\> Get-S365SyncStatus | Format-List SyncRunning, WatermarkServer, WatermarkUsn, WatermarkAt

    Shows whether a sync runs now and where the next delta sync starts.

    .EXAMPLE
    PS C:\> (Get-S365SyncStatus -HistoryCount 50).History | Format-Table

    Lists the last 50 runs.

    .EXAMPLE
    PS C:\> (Get-S365SyncStatus).History | Where-Object Status -eq 'failed' | Select-Object StartedAt, ErrorCode, ErrorMessage

    Shows the failed runs and why they failed.

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
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
    $history = @(foreach ($r in @(Get-S365Value $data 'history' -Default @())) { ConvertTo-S365SyncRun -Run $r })
    $watermark = ConvertTo-S365Watermark -Data (Get-S365Value $data 'watermark')
    $watermarkServer = $null
    if ($watermark) {
        $watermarkServer = $watermark.DnsHostName
        if (-not $watermarkServer) { $watermarkServer = $watermark.Server }
    }
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.SyncStatus'
        SyncRunning     = [bool](Get-S365Value $data 'syncRunning' -Default $false)
        SyncedUsers     = [int](Get-S365Value $data 'syncedUsers' -Default 0)
        LastRunStatus   = $(if ($lastRunObject) { $lastRunObject.Status } else { $null })
        LastRunMode     = $(if ($lastRunObject) { $lastRunObject.Mode } else { $null })
        LastRunAt       = $(if ($lastRunObject) { $lastRunObject.StartedAt } else { $null })
        LastSuccessAt   = $(if ($lastSuccessObject) { $lastSuccessObject.StartedAt } else { $null })
        WatermarkServer = $watermarkServer
        WatermarkUsn    = $(if ($watermark) { $watermark.Usn } else { $null })
        WatermarkAt     = $(if ($watermark) { $watermark.At } else { $null })
        Watermark       = $watermark
        LastRun         = $lastRunObject
        LastSuccess     = $lastSuccessObject
        History         = $history
    }
}
