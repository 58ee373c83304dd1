function ConvertTo-S365SyncScope {
    <#
    .SYNOPSIS
    The S365ADConnector.SyncScope of the set-scope / get-scope data.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Data)
    $groups = @(foreach ($g in @(Get-S365Value $Data 'groups' -Default @())) { ConvertTo-S365ScopeGroup -Group $g })
    $searchBases = @(foreach ($g in @(Get-S365Value $Data 'searchBases' -Default @())) { ConvertTo-S365ScopeGroup -Group $g })
    $excluded = @(foreach ($g in @(Get-S365Value $Data 'excludeGroups' -Default @())) { ConvertTo-S365ScopeGroup -Group $g })
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.SyncScope'
        All             = [bool](Get-S365Value $Data 'all' -Default $false)
        Groups          = $groups
        SearchBases     = $searchBases
        ExcludeGroups   = $excluded
        IncludeDisabled = [bool](Get-S365Value $Data 'includeDisabled' -Default $false)
    }
}
