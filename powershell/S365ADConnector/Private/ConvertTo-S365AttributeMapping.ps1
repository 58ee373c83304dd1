function ConvertTo-S365AttributeMapping {
    <#
    .SYNOPSIS
    The S365ADConnector.AttributeMapping of the set-mapping / get-mapping data.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Data)
    $attributes = @(foreach ($a in @(Get-S365Value $Data 'attributes' -Default @())) {
            [pscustomobject]@{
                PSTypeName   = 'S365ADConnector.MappedAttribute'
                Name         = [string](Get-S365Value $a 'name')
                Syntax       = [string](Get-S365Value $a 'syntax')
                SingleValued = [bool](Get-S365Value $a 'singleValued' -Default $false)
            }
        })
    [pscustomobject]@{
        PSTypeName              = 'S365ADConnector.AttributeMapping'
        CustomAttributes        = ConvertTo-S365OrderedMap (Get-S365Value $Data 'customAttributes')
        FieldOverrides          = ConvertTo-S365OrderedMap (Get-S365Value $Data 'fieldOverrides')
        AllowUpnAsEmail         = [bool](Get-S365Value $Data 'allowUpnAsEmail' -Default $false)
        DefaultCustomAttributes = [bool](Get-S365Value $Data 'defaultCustomAttributes' -Default $false)
        Checked                 = [bool](Get-S365Value $Data 'checked' -Default $false)
        Attributes              = $attributes
    }
}
