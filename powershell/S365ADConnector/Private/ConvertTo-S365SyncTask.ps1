function ConvertTo-S365SyncTask {
    <#
    .SYNOPSIS
    The S365ADConnector.SyncTask of a scheduled task (Get-ScheduledTask), its run info (Get-ScheduledTaskInfo)
    and the last run of the run log of Invoke-S365Sync.ps1 (Get-S365SyncLogEntry); -Task $null: not registered.

    .DESCRIPTION
    Reads only properties, so the task objects can be CIM instances or stand-ins (tests). LastTaskResult is the
    process exit code of the last run (Invoke-S365Sync.ps1 exits with the agent's 0..7) or a Task Scheduler
    status: 0x41301 running, 0x41303 not yet run (then LastRunTime is $null). The error code of a failed run
    comes from the run log, whose last entry is the last run's own line (LastLoggedRun says when: a run of
    Invoke-S365Sync.ps1 by hand is logged too).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)] [string] $TaskName,
        [Parameter(Mandatory = $true)] [string] $TaskPath,
        [AllowNull()] [object] $Task,
        [AllowNull()] [object] $TaskInfo,
        [AllowNull()] [object] $LastLogEntry,
        [AllowNull()] [AllowEmptyString()] [string] $ConfigDir,
        [AllowNull()] [AllowEmptyString()] [string] $LogPath
    )
    $taskNotYetRun = 0x41303
    $taskRunning = 0x41301
    $registered = $null -ne $Task
    $enabled = $false
    $state = 'NotRegistered'
    $account = $null
    $interval = $null
    if ($registered) {
        $state = [string](Get-S365Value $Task 'State')
        $enabled = [bool](Get-S365Value (Get-S365Value $Task 'Settings') 'Enabled' -Default $true)
        $principal = Get-S365Value $Task 'Principal'
        $account = [string](Get-S365Value $principal 'UserId')
        if ($account -eq 'S-1-5-18' -or $account -eq 'SYSTEM') { $account = 'NT AUTHORITY\SYSTEM' }
        foreach ($trigger in @(Get-S365Value $Task 'Triggers' -Default @())) {
            $text = [string](Get-S365Value (Get-S365Value $trigger 'Repetition') 'Interval')
            if ($text) { $interval = [System.Xml.XmlConvert]::ToTimeSpan($text); break }
        }
    }
    $lastRunTime = $null
    $lastExitCode = $null
    $nextRunTime = $null
    if ($null -ne $TaskInfo) {
        $result = Get-S365Value $TaskInfo 'LastTaskResult'
        $time = Get-S365Value $TaskInfo 'LastRunTime'
        if ($null -ne $time -and [datetime]$time -gt [datetime]'2000-01-01' -and [long]$result -ne $taskNotYetRun) { $lastRunTime = [datetime]$time }
        if ($null -ne $lastRunTime -and $null -ne $result -and [long]$result -ne $taskRunning) { $lastExitCode = [long]$result }
        $next = Get-S365Value $TaskInfo 'NextRunTime'
        if ($null -ne $next -and [datetime]$next -gt [datetime]'2000-01-01') { $nextRunTime = [datetime]$next }
    }
    $lastResult = 'NeverRun'
    if ($state -eq 'Running') { $lastResult = 'Running' }
    elseif ($null -ne $lastExitCode) { $lastResult = $(if ($lastExitCode -eq 0) { 'Succeeded' } else { 'Failed' }) }
    if (-not $registered) { $lastResult = $null }
    $errorCode = $null
    $lastMessage = $null
    if ($null -ne $LastLogEntry) {
        $lastMessage = $LastLogEntry.Message
        $errorCode = $LastLogEntry.ErrorCode
    }
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.SyncTask'
        TaskName        = $TaskName
        TaskPath        = $TaskPath
        Registered      = $registered
        Enabled         = $enabled
        State           = $state
        Account         = $account
        Interval        = $interval
        LastRunTime     = $lastRunTime
        LastResult      = $lastResult
        LastExitCode    = $lastExitCode
        LastErrorCode   = $errorCode
        LastRunMessage  = $lastMessage
        LastLoggedRun   = $(if ($null -ne $LastLogEntry) { $LastLogEntry.Time } else { $null })
        NextRunTime     = $nextRunTime
        ConfigDir       = $(if ($ConfigDir) { $ConfigDir } else { $null })
        LogPath         = $LogPath
    }
}
