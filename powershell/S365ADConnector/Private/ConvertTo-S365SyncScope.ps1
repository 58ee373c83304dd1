function ConvertTo-S365SyncScope {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Data)
    $groups = @(foreach ($g in @(Get-S365Value $Data 'groups' @())) { ConvertTo-S365ScopeGroup -Group $g })
    $searchBases = @(foreach ($g in @(Get-S365Value $Data 'searchBases' @())) { ConvertTo-S365ScopeGroup -Group $g })
    $excluded = @(foreach ($g in @(Get-S365Value $Data 'excludeGroups' @())) { ConvertTo-S365ScopeGroup -Group $g })
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.SyncScope'
        All             = [bool](Get-S365Value $Data 'all' $false)
        Groups          = $groups
        SearchBases     = $searchBases
        ExcludeGroups   = $excluded
        IncludeDisabled = [bool](Get-S365Value $Data 'includeDisabled' $false)
    }
}
