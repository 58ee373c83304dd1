function Test-S365SecretInput {
    <#
    .SYNOPSIS
    The -Secret parameters' validation (Connect-Signature365, Initialize-S365Connector): true for a
    SecureString, a PSCredential or a string; otherwise throws the message the parameter binder shows.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([AllowNull()] [object] $Value)
    if ($Value -is [System.Security.SecureString] -or $Value -is [string] -or $Value -is [System.Management.Automation.PSCredential]) { return $true }
    throw 'The secret must be a SecureString, a PSCredential or a string.'
}
