function ConvertTo-S365OrderedMap {
    <#
    .SYNOPSIS
    A JSON object of name -> string (e.g. the mapping's customAttributes) as an ordered dictionary.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param([AllowNull()] [object] $InputObject)
    $map = [ordered]@{}
    if ($null -eq $InputObject) { return $map }
    if ($InputObject -is [System.Collections.IDictionary]) {
        foreach ($key in $InputObject.Keys) { $map[[string]$key] = [string]$InputObject[$key] }
    } else {
        foreach ($p in $InputObject.PSObject.Properties) { $map[$p.Name] = [string]$p.Value }
    }
    return $map
}
