function Get-S365SyncTask {
    <#
    .SYNOPSIS
    Shows the Signature 365 sync scheduled task: registered or not, enabled, account, interval, last run and its result, next run.

    .DESCRIPTION
    Get-S365SyncTask reads the scheduled task registered by Register-S365SyncTask (Get-ScheduledTask and
    Get-ScheduledTaskInfo) and the run log that Invoke-S365Sync.ps1 keeps in the configuration directory the
    task runs with (logs\sync-runs.log), and returns one S365ADConnector.SyncTask:
    - Registered, Enabled, State (Ready, Disabled, Running, or NotRegistered), Account (SYSTEM or the gMSA),
      Interval;
    - LastRunTime and LastResult (Succeeded, Failed, Running, NeverRun), LastExitCode (the agent's exit code,
      0 to 7, as Task Scheduler recorded it), LastErrorCode and LastRunMessage (from the run log's last
      entry, whose time is LastLoggedRun), NextRunTime;
    - ConfigDir (empty: the agent's default) and LogPath.
    A task that is not registered is not an error: Registered is False.

    Windows only: elsewhere it fails with PLATFORM_NOT_SUPPORTED (run Invoke-S365Sync.ps1 from cron or a systemd
    timer; its run log is kept all the same).

    .PARAMETER TaskName
    Name of the task. Default 'S365 AD Sync'.

    .PARAMETER TaskPath
    Folder of the task in Task Scheduler. Default '\Signature365\'.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.SyncTask

    .EXAMPLE
    PS C:\> Get-S365SyncTask

    Shows whether the sync task is registered and enabled, when it last ran and how that went, and when it runs next.

    .EXAMPLE
    PS C:\> Get-S365SyncTask | Format-List *

    Shows every property, also the configuration directory and the run log of the task.

    .EXAMPLE
    PS C:\> if ((Get-S365SyncTask).LastResult -eq 'Failed') { Get-Content (Get-S365SyncTask).LogPath -Tail 5 }

    Shows the last lines of the run log when the last scheduled sync failed (for an RMM check).

    .LINK
    Register-S365SyncTask

    .LINK
    Disable-S365SyncTask
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncTask')]
    param(
        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'S365 AD Sync',

        [ValidatePattern('^\\')]
        [string] $TaskPath = '\Signature365\'
    )
    if (-not (Test-S365IsWindows)) {
        $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'PLATFORM_NOT_SUPPORTED' -TargetObject $TaskName `
                    -Message 'Scheduled tasks are Windows only. Elsewhere the run log of Invoke-S365Sync.ps1 (logs/sync-runs.log in the configuration directory) shows the runs.'))
    }
    if (-not $TaskPath.EndsWith('\')) { $TaskPath += '\' }
    $task = Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction SilentlyContinue
    $info = $null
    if ($task) { $info = Get-ScheduledTaskInfo -TaskName $TaskName -TaskPath $TaskPath -ErrorAction SilentlyContinue }
    $configDir = Get-S365TaskConfigDir -Task $task
    $logDir = $configDir
    if (-not $logDir) { $logDir = Get-S365DefaultConfigDir }
    $logPath = Get-S365SyncLogPath -ConfigDir $logDir
    $entry = Get-S365SyncLogEntry -Path $logPath
    ConvertTo-S365SyncTask -TaskName $TaskName -TaskPath $TaskPath -Task $task -TaskInfo $info -LastLogEntry $entry -ConfigDir $configDir -LogPath $logPath
}
