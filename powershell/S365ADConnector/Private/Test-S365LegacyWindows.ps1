function Test-S365LegacyWindows {
    <#
    .SYNOPSIS
    True on Windows older than Windows 10 / Server 2016 (e.g. Server 2012 R2), where Node.js needs NODE_SKIP_PLATFORM_CHECK=1.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [version] $OSVersion = [Environment]::OSVersion.Version
    )
    if (-not (Test-S365IsWindows)) { return $false }
    return ($OSVersion.Major -lt 10)
}
