function Get-S365SyncSetting {
    <#
    .SYNOPSIS
    Shows the sync settings in effect: deletion guard limits, full sync interval, rejection limit.

    .DESCRIPTION
    Get-S365SyncSetting returns the sync settings the agent applies to every run:

    - MaxRemovals and MaxRemovalPercent: the deletion guard. A run that would remove more users than
      MaxRemovals, or more than MaxRemovalPercent of the synced users, stops before sending anything with
      the error id GUARD_TRIPPED.
    - RemovalGuardMinCount: MaxRemovalPercent applies only to runs removing more than this many users.
    - FullSyncAfterDays: a delta sync runs as a full sync when the last full picture of the directory is
      older than this many days.
    - MaxRejectedPercent: a run fails (API_ERROR) when Signature 365 rejects more than this share of the
      users sent.

    Settings never changed with Set-S365SyncSetting have their defaults (500 removals, 10%, 10 removals, 7 days, 10%).
    The command only reads the configuration: it runs the agent verb 'get-config' (docs/protocol.md) and
    returns its effective.sync, the settings in effect with the agent's defaults filled in.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.SyncSettings

    .EXAMPLE
    PS C:\> Get-S365SyncSetting

    Shows the deletion guard limits, the full sync interval and the rejection limit.

    .EXAMPLE
    PS C:\> (Get-S365SyncSetting).MaxRemovals

    Tells how many removals one run may send before the deletion guard stops it.

    .EXAMPLE
    PS C:\> Get-S365SyncSetting -ConfigDir D:\S365-Test | Set-S365SyncSetting -ConfigDir D:\S365

    Copies the sync settings of one configuration directory to another.

    .LINK
    Set-S365SyncSetting

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncSettings')]
    param(
        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'get-config' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'sync settings'
    ConvertTo-S365SyncSetting -Data (Get-S365Value (Get-S365Value $outcome.Data 'effective') 'sync')
}
