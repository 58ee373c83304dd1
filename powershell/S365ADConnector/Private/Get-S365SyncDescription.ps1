function Get-S365SyncDescription {
    <#
    .SYNOPSIS
    One sentence saying what a sync request will do (Start-S365Sync -Verbose): the mode, dry run or applying
    a plan, the removals accepted, and the configuration directory.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Parameters,
        [string] $ConfigDir
    )
    $keys = @($Parameters.Keys)
    $what = 'a sync (delta once a full sync has succeeded, else full: the agent decides)'
    if ($keys -contains 'mode') { $what = 'a full sync' }
    if ($keys -contains 'dryRun') {
        $what = 'a dry run of ' + $what + ', sending nothing'
        if ($keys -contains 'planFile') { $what += ', writing the plan to ' + $Parameters['planFile'] }
    } elseif ($keys -contains 'planFile') {
        $what = 'the sync plan ' + $Parameters['planFile'] + ', exactly as reviewed'
    }
    if ($keys -contains 'allowRemovals') { $what += (', accepting up to {0} removals' -f $Parameters['allowRemovals']) }
    $where = $ConfigDir
    if (-not $where) { $where = "the agent's default configuration directory" }
    return ('Starting {0}, with the configuration in {1}.' -f $what, $where)
}
