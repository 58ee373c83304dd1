function Get-S365SyncHistory {
    <#
    .SYNOPSIS
    Lists the past sync runs, newest first, with their counts and, for a failed run, its error code.

    .DESCRIPTION
    Get-S365SyncHistory returns the runs the agent recorded (dry runs are not recorded), newest first, as
    S365ADConnector.SyncRun objects. The default table shows when each run started, its status, the error
    code of a failed run (the protocol's code: DIRECTORY_UNREACHABLE, GUARD_TRIPPED, ...), the mode and the
    counts; ErrorMessage, FullReason, Rejections and Warnings are on the objects. A failed run's counts are
    what it reached before it stopped (often zeros): the ErrorCode says why.

    It works while a sync runs. Get-S365SyncStatus shows the same runs in its History, with the watermark.

    Runs the agent verb 'status' (docs/protocol.md).

    .PARAMETER Count
    How many runs to return, newest first, 1 to 100. Default 10.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.SyncRun

    .EXAMPLE
    PS C:\> Get-S365SyncHistory

    Shows the last 10 runs, newest first, with the error code of those that failed.

    .EXAMPLE
    PS C:\> Get-S365SyncHistory -Count 100 | Where-Object Status -eq 'failed' | Format-Table StartedAt, ErrorCode, ErrorMessage -Wrap

    Shows why the failed runs among the last 100 failed.

    .EXAMPLE
    PS C:\> Get-S365SyncHistory -Count 50 | Group-Object ErrorCode -NoElement

    Counts the last 50 runs by error code (an empty name: the runs that succeeded).

    .LINK
    Get-S365SyncStatus

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncRun')]
    param(
        [ValidateRange(1, 100)]
        [int] $Count = 10,

        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'status' -Parameters ([ordered]@{ history = $Count }) -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'history'
    foreach ($run in @(Get-S365Value $outcome.Data 'history' -Default @())) { ConvertTo-S365SyncRun -Run $run }
}
