function ConvertTo-S365Watermark {
    <#
    .SYNOPSIS
    The delta watermark of the status verb ({server, dnsHostName, invocationId, usn, at, scopeFingerprint}),
    or $null when there is none (no successful sync yet).
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Data)
    if ($null -eq $Data) { return $null }
    $usnText = [string](Get-S365Value $Data 'usn')
    $usn = [long]0
    $usnValue = $null
    if ([long]::TryParse($usnText, [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture, [ref]$usn)) { $usnValue = $usn }
    [pscustomobject]@{
        PSTypeName       = 'S365ADConnector.SyncWatermark'
        Server           = [string](Get-S365Value $Data 'server')
        DnsHostName      = [string](Get-S365Value $Data 'dnsHostName')
        Usn              = $usnValue
        At               = ConvertTo-S365DateTime (Get-S365Value $Data 'at')
        InvocationId     = [string](Get-S365Value $Data 'invocationId')
        ScopeFingerprint = [string](Get-S365Value $Data 'scopeFingerprint')
    }
}
