function ConvertTo-S365Group {
    <#
    .SYNOPSIS
    The S365ADConnector.Group of one group of the list-groups verb's data.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Group)
    [pscustomobject]@{
        PSTypeName        = 'S365ADConnector.Group'
        Name              = [string](Get-S365Value $Group 'name')
        SamAccountName    = [string](Get-S365Value $Group 'samAccountName')
        Mail              = [string](Get-S365Value $Group 'mail')
        Description       = [string](Get-S365Value $Group 'description')
        ObjectGuid        = [string](Get-S365Value $Group 'objectGuid')
        DistinguishedName = [string](Get-S365Value $Group 'dn')
    }
}
