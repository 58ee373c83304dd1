function Get-S365GuardMessage {
    <#
    .SYNOPSIS
    The module's words for a deletion guard verdict (the sync summary's guard, or GUARD_TRIPPED's details):
    the agent's message names its protocol param (allowRemovals), this one the cmdlet's -AllowRemovals.
    .PARAMETER DryRun
    The verdict is a dry run's: says the real run would stop, not that this one did.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)] [object] $Guard,
        [switch] $DryRun
    )
    $removals = [int](Get-S365Value $Guard 'removals' -Default 0)
    $reason = [string](Get-S365Value $Guard 'reason' -Default 'over the limits')
    $override = "If that is intended, run once: Start-S365Sync -AllowRemovals $removals."
    if ($DryRun) {
        return "The deletion guard would stop the real run: it would remove $removals users ($reason). $override"
    }
    return "This run would remove $removals users ($reason); nothing was sent. $override"
}
