function ConvertFrom-S365SecureValue {
    <#
    .SYNOPSIS
    Plain text of a secret given as SecureString, PSCredential or string, for the JSON request on stdin only.
    Never log, echo or put the result on a command line.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)] [AllowNull()] [object] $Value
    )
    if ($Value -is [System.Management.Automation.PSObject]) { $Value = $Value.PSObject.BaseObject }
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Security.SecureString]) {
        return (New-Object System.Net.NetworkCredential('', $Value)).Password
    }
    if ($Value -is [System.Management.Automation.PSCredential]) {
        return $Value.GetNetworkCredential().Password
    }
    if ($Value -is [string]) { return $Value }
    throw (New-Object System.ArgumentException('A secret must be a SecureString, a PSCredential or a string.'))
}
