function Confirm-S365GuardOverride {
    <#
    .SYNOPSIS
    Asks the person at the console whether a sync stopped by the deletion guard may run again accepting
    the removals. Only called in interactive sessions; a separate function so tests can mock it.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [Parameter(Mandatory = $true)] [int] $Removals,
        [string] $Message
    )
    $query = "{0}`n`nRun the sync again now and accept up to {1} removals (this run only)?" -f $Message, $Removals
    return $Cmdlet.ShouldContinue($query, 'Signature 365 deletion guard')
}
