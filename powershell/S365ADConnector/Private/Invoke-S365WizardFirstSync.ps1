function Invoke-S365WizardFirstSync {
    <#
    .SYNOPSIS
    Setup wizard, step 6: the first sync, with its progress bar (Start-S365Sync), then what Signature 365
    answered: users sent, matched to a Microsoft 365 user, and without one, the first five of those named
    (from Get-S365SyncReport). A person may put it off (the schedule runs it). Returns the SyncRun, or
    $null when put off.
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.SyncRun')]
    param(
        [string] $ConfigDir,
        [bool] $Interactive
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 6 of 6: First sync'
    if ($Interactive -and -not (Test-S365WizardYes (Read-S365WizardAnswer -Prompt '  Run the first sync now? (y/n)' -Default 'y'))) {
        Write-S365WizardLine '  Put off: run Start-S365Sync when you are ready.'
        return $null
    }
    $run = Start-S365Sync -PassThru -Confirm:$false -ConfigDir $ConfigDir -ErrorAction Stop
    Write-S365WizardLine ('  {0}' -f $run.ToString())
    Write-S365WizardLine ('  Matched to Microsoft 365 users: {0}; without a Microsoft 365 user (no signature): {1}; rejected: {2}.' -f $run.Matched, $run.Unmatched, $run.Rejected)
    if ($run.Unmatched -gt 0) {
        # The same entries Get-S365SyncReport shows: one way to list them.
        $unmatched = @(Get-S365SyncReport -Status Unmatched -ConfigDir $ConfigDir -ErrorAction Stop)
        Write-S365WizardLine '  Without a Microsoft 365 user, for example (check their email in Microsoft 365):'
        foreach ($entry in ($unmatched | Select-Object -First 5)) {
            $name = if ($entry.DisplayName) { '{0} <{1}>' -f $entry.DisplayName, $entry.Email } else { $entry.Email }
            Write-S365WizardLine ('    {0}' -f $name)
        }
        if ($unmatched.Count -gt 5) { Write-S365WizardLine ('    ... and {0} more: Get-S365SyncReport -Status Unmatched' -f ($unmatched.Count - 5)) }
    }
    return $run
}
