function Set-S365SyncSetting {
    <#
    .SYNOPSIS
    Changes the deletion guard limits, the full sync interval or the rejection limit of the sync.

    .DESCRIPTION
    Set-S365SyncSetting changes the sync settings given; the others keep their current value.

    - The deletion guard (-MaxRemovals, -MaxRemovalPercent): a run that would remove more users than
      MaxRemovals, or more than MaxRemovalPercent of the synced users, stops before removing anyone with
      the error id GUARD_TRIPPED (exit code 6). Defaults 500 and 10%. The percentage rule applies only to
      runs removing more than -RemovalGuardMinCount users (default 10), so one user leaving a small scope
      does not stop the run. A single run can be let through with Start-S365Sync -AllowRemovals <count>
      instead.
    - -FullSyncAfterDays: a delta sync runs as a full sync when the last full picture of the directory is
      older than this many days. Default 7.
    - -MaxRejectedPercent: a run fails with API_ERROR when Signature 365 rejects more than this share of the
      users sent. Default 10.
    - -ApiConcurrency: how many batches of user upserts may be in flight to Signature 365 at once, 1 to 16.
      Default 4. A full sync sends users while it still reads the directory; lower it on a slow link.

    Values outside the allowed ranges are refused before the agent is called. Settings can be piped in by
    property name, so the output of Get-S365SyncSetting of one configuration directory can be applied to
    another.

    Runs the agent verb 'set-sync-settings' (docs/protocol.md).

    .PARAMETER MaxRemovals
    The most removals one run may send, 0 to 10000000. 0 stops every run that would remove a user.

    .PARAMETER MaxRemovalPercent
    The most removals one run may send, as a percentage (0 to 100) of the users synced before the run.

    .PARAMETER RemovalGuardMinCount
    MaxRemovalPercent applies only to runs removing more than this many users, 0 to 10000000 (default 10).
    0 applies the percentage to every removal. MaxRemovals applies regardless.

    .PARAMETER FullSyncAfterDays
    Runs a full sync instead of a delta sync when the last full one is older than this many days, 1 to 365.

    .PARAMETER MaxRejectedPercent
    Fails a run when Signature 365 rejects more than this percentage (0 to 100) of the users sent.

    .PARAMETER ApiConcurrency
    How many batches of user upserts may be in flight to Signature 365 at once, 1 to 16 (default 4).

    .PARAMETER PassThru
    Returns the settings in effect after the change. By default there is no output.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .PARAMETER WhatIf
    Shows the settings that would change without changing them (the agent is not called).

    .PARAMETER Confirm
    Asks for confirmation before changing the settings.

    .INPUTS
    System.Management.Automation.PSObject
    Objects with MaxRemovals, MaxRemovalPercent, RemovalGuardMinCount, FullSyncAfterDays or MaxRejectedPercent properties, such
    as the output of Get-S365SyncSetting (bound by property name).

    .OUTPUTS
    None, or S365ADConnector.SyncSettings with -PassThru.

    .EXAMPLE
    PS C:\> Set-S365SyncSetting -MaxRemovals 50 -MaxRemovalPercent 5 -PassThru

    Makes the deletion guard stricter and shows the settings in effect.

    .EXAMPLE
    PS C:\> Set-S365SyncSetting -FullSyncAfterDays 1

    Reads the whole directory at least once a day; the runs in between are delta syncs.

    .EXAMPLE
    PS C:\> Set-S365SyncSetting -MaxRejectedPercent 25 -WhatIf

    Shows what would change, without changing it.

    .EXAMPLE
    PS C:\> Get-S365SyncSetting -ConfigDir D:\S365-Test | Set-S365SyncSetting -ConfigDir D:\S365

    Copies the sync settings of one configuration directory to another.

    .LINK
    Get-S365SyncSetting

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncSettings')]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(0, 10000000)]
        [int] $MaxRemovals,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(0.0, 100.0)]
        [double] $MaxRemovalPercent,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(0, 10000000)]
        [int] $RemovalGuardMinCount,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 365)]
        [int] $FullSyncAfterDays,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(0.0, 100.0)]
        [double] $MaxRejectedPercent,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateRange(1, 16)]
        [int] $ApiConcurrency,

        [switch] $PassThru,

        [string] $ConfigDir
    )

    process {
        $params = [ordered]@{}
        $names = [ordered]@{ MaxRemovals = 'maxRemovals'; MaxRemovalPercent = 'maxRemovalPercent'; RemovalGuardMinCount = 'removalGuardMinCount'; FullSyncAfterDays = 'fullSyncAfterDays'; MaxRejectedPercent = 'maxRejectedPercent'; ApiConcurrency = 'apiConcurrency' }
        foreach ($name in $names.Keys) {
            if ($PSBoundParameters.ContainsKey($name)) { $params[$names[$name]] = $PSBoundParameters[$name] }
        }
        if ($params.Count -eq 0) {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'sync settings' -ExitCode 2 `
                        -Message 'Give at least one setting: -MaxRemovals, -MaxRemovalPercent, -RemovalGuardMinCount, -FullSyncAfterDays, -MaxRejectedPercent or -ApiConcurrency.'))
        }

        $target = Resolve-S365ConfigDir -ConfigDir $ConfigDir
        if (-not $target) { $target = 'Signature 365 sync settings' }
        $description = ($params.Keys | ForEach-Object { '{0} = {1}' -f $_, $params[$_] }) -join ', '
        if (-not $PSCmdlet.ShouldProcess($target, "Set the sync settings $description")) { return }

        $outcome = Invoke-S365Agent -Verb 'set-sync-settings' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
        $settings = ConvertTo-S365SyncSetting -Data $outcome.Data
        Write-Verbose ('Sync settings in effect: maxRemovals {0}, maxRemovalPercent {1}, removalGuardMinCount {2}, fullSyncAfterDays {3}, maxRejectedPercent {4}, apiConcurrency {5}' -f `
                $settings.MaxRemovals, $settings.MaxRemovalPercent, $settings.RemovalGuardMinCount, $settings.FullSyncAfterDays, $settings.MaxRejectedPercent, $settings.ApiConcurrency)
        if ($PassThru) { $settings }
    }
}
