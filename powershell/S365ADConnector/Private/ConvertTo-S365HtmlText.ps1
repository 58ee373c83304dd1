function ConvertTo-S365HtmlText {
    <#
    .SYNOPSIS
    Text made safe to put inside an HTML element or a quoted attribute (&, <, >, " and ' encoded).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [object] $Value)
    if ($null -eq $Value) { return '' }
    return [System.Net.WebUtility]::HtmlEncode([string]$Value)
}
