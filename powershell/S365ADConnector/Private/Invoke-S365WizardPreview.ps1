function Invoke-S365WizardPreview {
    <#
    .SYNOPSIS
    Setup wizard, step 4: what the first sync would do, from a dry run (Start-S365Sync -WhatIf: nothing is
    sent or saved): the users in scope, how many would be sent, and the first few of them named (from the
    plan file). Whether a user matches a Microsoft 365 user is decided by Signature 365 when it receives
    the user (a soft match on the email address), so the dry run cannot count matches; the first sync does.
    Returns the dry run's SyncRun with a First property (the first names, 'Name <email>').
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.SyncRun')]
    param(
        [string] $ConfigDir,
        [int] $First = 5
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 4 of 6: Preview (a dry run: nothing is sent)'
    $run = Start-S365Sync -WhatIf -ConfigDir $ConfigDir -ErrorAction Stop
    $names = @()
    if ($run.PlanFile -and (Test-Path -LiteralPath $run.PlanFile -PathType Leaf)) {
        $plan = Get-Content -LiteralPath $run.PlanFile -Raw | ConvertFrom-Json
        $names = @(foreach ($user in @(Get-S365Value $plan 'adds' -Default @()) | Select-Object -First $First) {
                '{0} <{1}>' -f (Get-S365Value $user 'displayName'), (Get-S365Value $user 'email')
            })
    }
    $run | Add-Member -NotePropertyName 'First' -NotePropertyValue $names -Force
    Write-S365WizardLine ('  Users in scope: {0} (read {1}, without an email address {2}).' -f $run.InScope, $run.Read, $run.SkippedNoEmail)
    Write-S365WizardLine ('  The first sync would send {0} new and {1} changed users, and remove {2}.' -f $run.Added, $run.Updated, $run.Removed)
    foreach ($name in $names) { Write-S365WizardLine ('    {0}' -f $name) }
    if ($run.Added -gt $names.Count) { Write-S365WizardLine ('    ... and {0} more' -f ($run.Added - $names.Count)) }
    Write-S365WizardLine '  Signature 365 matches each user to a Microsoft 365 user by email when it receives it: the first'
    Write-S365WizardLine '  sync counts the matched and unmatched users (unmatched users get no signature).'
    return $run
}
