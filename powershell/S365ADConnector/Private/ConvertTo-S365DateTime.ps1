function ConvertTo-S365DateTime {
    <#
    .SYNOPSIS
    An ISO 8601 timestamp of the protocol as a local [datetime] (PowerShell 7's ConvertFrom-Json may already
    have made it a DateTime; Windows PowerShell 5.1 leaves a string).
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param(
        [AllowNull()] [object] $Value
    )
    if ($null -eq $Value) { return $null }
    if ($Value -is [datetime]) { return $Value.ToLocalTime() }
    if ($Value -is [DateTimeOffset]) { return $Value.LocalDateTime }
    $parsed = [DateTimeOffset]::MinValue
    if ([DateTimeOffset]::TryParse([string]$Value, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AssumeUniversal, [ref]$parsed)) {
        return $parsed.LocalDateTime
    }
    return $null
}
