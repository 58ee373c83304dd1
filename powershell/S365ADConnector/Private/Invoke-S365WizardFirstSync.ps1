function Invoke-S365WizardFirstSync {
    <#
    .SYNOPSIS
    Setup wizard, step 6: the first sync, with its progress bar (Start-S365Sync), then what Signature 365
    answered: users sent, matched to a Microsoft 365 user, and without one. A person may put it off (the
    schedule runs it). Returns the SyncRun, or $null when put off.
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
    return $run
}
