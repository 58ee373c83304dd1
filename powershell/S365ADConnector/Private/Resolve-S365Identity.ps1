function Resolve-S365Identity {
    <#
    .SYNOPSIS
    The identity string of a command argument: a string as it is, a GUID in its 'D' form, of any other object
    the first non-empty property of -PropertyName (in that order), else its string form.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [object] $InputObject,
        [string[]] $PropertyName = @()
    )
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [System.Management.Automation.PSObject]) {
        $base = $InputObject.PSObject.BaseObject
        if ($base -is [string] -or $base -is [guid]) { $InputObject = $base }
    }
    if ($InputObject -is [string]) { return $InputObject.Trim() }
    if ($InputObject -is [guid]) { return $InputObject.ToString('D') }
    foreach ($name in $PropertyName) {
        $property = $InputObject.PSObject.Properties[$name]
        if ($null -eq $property -or $null -eq $property.Value) { continue }
        $value = $property.Value
        if ($value -is [guid]) { return $value.ToString('D') }
        $text = [string]$value
        if (-not [string]::IsNullOrWhiteSpace($text)) { return $text.Trim() }
    }
    return ([string]$InputObject).Trim()
}
