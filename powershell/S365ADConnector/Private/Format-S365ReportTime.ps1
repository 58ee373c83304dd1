function Format-S365ReportTime {
    <#
    .SYNOPSIS
    A protocol timestamp (or [datetime]) as 'yyyy-MM-dd HH:mm UTC', the way the report page shows times:
    the same on every machine that opens it.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [object] $Value)
    $time = ConvertTo-S365DateTime $Value
    if ($null -eq $time) { return '' }
    return $time.ToUniversalTime().ToString('yyyy-MM-dd HH:mm', [Globalization.CultureInfo]::InvariantCulture) + ' UTC'
}
