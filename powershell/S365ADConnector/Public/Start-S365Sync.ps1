function Start-S365Sync {
    <#
    .SYNOPSIS
    Synchronizes the users in scope from Active Directory to Signature 365.

    .DESCRIPTION
    Start-S365Sync reads the users in the sync scope from Active Directory, sends to Signature 365 only the
    users whose data changed since Signature 365 last confirmed them, removes the users that left the
    scope, and records the run. A progress bar follows the phases (connect, read, send users, send
    removals).

    By default a one-line summary is written to the information stream (shown on the console); with
    -PassThru the run summary object (S365ADConnector.SyncRun: counts of users read, added, updated,
    removed, rejected...) is returned instead.

    -WhatIf runs a dry run: everything is computed and nothing is sent or saved; the agent writes the plan
    (every add, update and removal, with before and after values) to a plan file, and the summary object of
    what would happen is returned (its PlanFile property tells where the plan is). To review first and then
    send exactly what was reviewed: Start-S365Sync -WhatIf -PlanFile plan.json, read plan.json, then
    Start-S365Sync -PlanFile plan.json. If the directory or the sync state changed in between, the plan is
    refused with the error id PLAN_STALE (exit code 6) and nothing is sent.

    Full or delta: by default the agent runs a delta sync (only the users changed since the last successful
    run, by the domain controller's update sequence number) once a full sync has succeeded, and a full sync
    otherwise: the first time, after the scope changed, on another or a restored domain controller, or when
    the last full sync is older than FullSyncAfterDays (Set-S365SyncSetting). The summary's Mode says which
    ran and FullReason why a run was full. -Full forces a full sync.

    Deletion guard: when a run would remove more users than the limits of Set-S365SyncSetting allow
    (default: more than 500 users or 10% of the synced users), it stops before sending anything and fails
    with the error id GUARD_TRIPPED ($_.Exception.Data['Details'].removals holds the count). The
    percentage rule applies only to runs removing more than RemovalGuardMinCount users (default 10).
    In an interactive session you are asked whether to run again accepting those removals; the default
    answer is No. Otherwise (scheduled task, -NonInteractive, -Confirm:$false) the error is thrown without
    asking. Review the change, then run once with -AllowRemovals <count>. A dry run (-WhatIf) does not
    stop: it warns that the real run would, and its summary's Guard.Tripped says so.

    The agent's exit code (0 success .. 7, see about_S365ADConnector) is left in $LASTEXITCODE and, on
    failure, in $_.Exception.Data['ExitCode'].

    Runs the agent verb 'sync' (docs/protocol.md).

    .PARAMETER Full
    Runs a full sync (reads every user in scope). Without it the agent chooses: a delta sync (only what
    changed since the last run) once a full sync has succeeded, else a full one (FullReason says why).

    .PARAMETER PlanFile
    With -WhatIf: where to write the plan (default: the plans folder of the configuration directory).
    Without -WhatIf: a plan written by an earlier dry run, to apply exactly; refused with PLAN_STALE if
    the directory or the sync state changed since it was made.

    .PARAMETER AllowRemovals
    Accepts up to this many removals in this run only, overriding the deletion guard.

    .PARAMETER PassThru
    Returns the run summary object instead of writing a one-line summary.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .PARAMETER WhatIf
    Runs a dry run: computes what would be sent and removed, sends nothing, changes no state, and returns
    the summary.

    .PARAMETER Confirm
    Asks for confirmation before the sync starts. -Confirm:$false also turns off the deletion guard
    question (the GUARD_TRIPPED error is thrown).

    .INPUTS
    None

    .OUTPUTS
    None, or S365ADConnector.SyncRun with -PassThru or -WhatIf.

    .EXAMPLE
    PS C:\> Start-S365Sync

    Runs a sync and prints a one-line summary.

    .EXAMPLE
    PS C:\> Start-S365Sync -WhatIf

    Shows what a sync would add, update and remove, without sending anything.

    .EXAMPLE
    PS C:\> $run = Start-S365Sync -Full -PassThru
    PS C:\> $run.Rejections | Format-Table Email, Reason

    Runs a full sync and lists the users Signature 365 rejected.

    .EXAMPLE
    PS C:\> Start-S365Sync -WhatIf -PlanFile C:\Temp\s365-plan.json
    PS C:\> Start-S365Sync -PlanFile C:\Temp\s365-plan.json

    Writes the plan for review, then sends exactly that plan.

    .EXAMPLE
    PS C:\> Start-S365Sync -PassThru | Format-List Status, Mode, FullReason, Read, Updated

    Runs a sync (delta once a full one has succeeded) and shows whether it ran full, and why.

    .EXAMPLE
    PS C:\> Start-S365Sync -AllowRemovals 120

    Accepts up to 120 removals in this run after the deletion guard stopped the previous one.

    .EXAMPLE
    PS C:\> try { Start-S365Sync -ErrorAction Stop } catch { "Failed: $($_.FullyQualifiedErrorId), exit code $LASTEXITCODE" }

    Handles a failure in a script.

    .LINK
    Get-S365SyncStatus

    .LINK
    Set-S365SyncSetting

    .LINK
    Register-S365SyncTask

    .LINK
    about_S365ADConnector
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncRun')]
    param(
        [switch] $Full,

        [ValidateNotNullOrEmpty()]
        [string] $PlanFile,

        [ValidateRange(0, 2147483647)]
        [int] $AllowRemovals,

        [switch] $PassThru,

        [string] $ConfigDir
    )

    $dryRun = [bool]$WhatIfPreference
    $target = Resolve-S365ConfigDir -ConfigDir $ConfigDir
    if (-not $target) { $target = 'Signature 365' }
    if (-not $dryRun -and $PSBoundParameters.ContainsKey('Confirm') -and $ConfirmPreference -ne 'None') {
        # Only an explicit -Confirm asks before a normal run; ConfirmImpact High is for the deletion guard.
        $action = 'Synchronize the users in scope to Signature 365'
        if ($PlanFile) { $action = "Apply the sync plan $PlanFile" }
        if (-not $PSCmdlet.ShouldProcess($target, $action)) { return }
    }

    $params = [ordered]@{}
    if ($Full) { $params['mode'] = 'full' }
    if ($dryRun) { $params['dryRun'] = $true }
    if ($PlanFile) { $params['planFile'] = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($PlanFile) }
    if ($PSBoundParameters.ContainsKey('AllowRemovals')) { $params['allowRemovals'] = $AllowRemovals }
    $activity = 'Signature 365 sync'
    if ($dryRun) { $activity = 'Signature 365 sync (dry run)' }
    Write-Verbose (Get-S365SyncDescription -Parameters $params -ConfigDir (Resolve-S365ConfigDir -ConfigDir $ConfigDir))

    $outcome = Invoke-S365Agent -Verb 'sync' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target `
        -ProgressActivity $activity -NoThrow
    if (-not $outcome.Ok -and $outcome.Error.code -eq 'GUARD_TRIPPED' -and -not $dryRun) {
        $details = Get-S365Value $outcome.Error 'details'
        $removals = [int](Get-S365Value $details 'removals' -Default 0)
        # The agent's message names its protocol param; say the cmdlet's -AllowRemovals instead.
        if ($null -ne $details) { $outcome.Error.message = Get-S365GuardMessage -Guard $details }
        $mayAsk = ($removals -gt 0) -and ($ConfirmPreference -ne 'None') -and (Test-S365Interactive)
        if ($mayAsk -and (Confirm-S365GuardOverride -Removals $removals -Message ([string]$outcome.Error.message))) {
            Write-Verbose "Running the sync again accepting up to $removals removals."
            $rerun = [ordered]@{}
            foreach ($key in $params.Keys) { $rerun[$key] = $params[$key] }
            $rerun['allowRemovals'] = $removals
            $outcome = Invoke-S365Agent -Verb 'sync' -Parameters $rerun -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target `
                -ProgressActivity $activity -NoThrow
        }
    }
    if (-not $outcome.Ok) {
        $PSCmdlet.ThrowTerminatingError((ConvertTo-S365ErrorRecord -Outcome $outcome -TargetObject $target))
    }

    $run = ConvertTo-S365SyncRun -Run $outcome.Data
    if ($dryRun -and $run.Guard -and $run.Guard.Tripped) { Write-Warning $run.Guard.Message }
    if ($PassThru -or $dryRun) {
        $run
    } else {
        $show = @{}
        if (-not $PSBoundParameters.ContainsKey('InformationAction')) { $show['InformationAction'] = 'Continue' }
        Write-Information -MessageData $run.ToString() -Tags 'S365ADConnector', 'SyncSummary' @show
    }
}
