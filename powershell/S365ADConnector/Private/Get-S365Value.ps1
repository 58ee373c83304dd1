function Get-S365Value {
    <#
    .SYNOPSIS
    A property of a JSON object, or $Default when it is absent. Arrays come back unrolled: wrap calls in @().
    .DESCRIPTION
    The ConvertTo-S365* converters read protocol data (camelCase JSON) through it, so that they also work
    under Set-StrictMode -Version Latest, where reading a missing property throws.
    #>
    [CmdletBinding()]
    param(
        [AllowNull()] [object] $InputObject,
        [Parameter(Mandatory = $true)] [string] $Name,
        [object] $Default = $null
    )
    if ($null -eq $InputObject) { return $Default }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return $Default }
    return $property.Value
}
