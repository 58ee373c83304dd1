function ConvertTo-S365ScopeGroup {
    <#
    .SYNOPSIS
    The S365ADConnector.ScopeGroup of one group or search base of a scope ({name, objectGuid, dn}).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Group)
    [pscustomobject]@{
        PSTypeName        = 'S365ADConnector.ScopeGroup'
        Name              = [string](Get-S365Value $Group 'name')
        ObjectGuid        = [string](Get-S365Value $Group 'objectGuid')
        DistinguishedName = [string](Get-S365Value $Group 'dn')
    }
}
