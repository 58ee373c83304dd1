function Confirm-S365GuardOverride {
    <#
    .SYNOPSIS
    Asks the person at the console whether a sync stopped by the deletion guard may run again accepting
    the removals. The default answer (Enter) is No: accepting removals must be a deliberate choice. Only
    called in interactive sessions; a separate function so tests can mock it.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory = $true)] [int] $Removals,
        [string] $Message
    )
    $query = "{0}`n`nRun the sync again now and accept up to {1} removals (this run only)?" -f $Message, $Removals
    $choices = [System.Collections.ObjectModel.Collection[System.Management.Automation.Host.ChoiceDescription]]::new()
    $choices.Add([System.Management.Automation.Host.ChoiceDescription]::new('&Yes', "Run again now and remove up to $Removals users."))
    $choices.Add([System.Management.Automation.Host.ChoiceDescription]::new('&No', 'Remove nothing; the run fails with GUARD_TRIPPED.'))
    $noIndex = 1
    $answer = (Get-S365HostUI).PromptForChoice('Signature 365 deletion guard', $query, $choices, $noIndex)
    return ($answer -eq 0)
}
