function Resolve-S365AccountSid {
    <#
    .SYNOPSIS
    The SID of a Windows account given by name (DOMAIN\name$ for a gMSA). Windows only.
    .DESCRIPTION
    The agent keeps the task's service account by SID (set-service-account): Windows localises and
    renames accounts, a SID stays. Throws when the name does not resolve (IdentityNotMappedException).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)] [string] $Name
    )
    $account = New-Object System.Security.Principal.NTAccount($Name)
    return $account.Translate([System.Security.Principal.SecurityIdentifier]).Value
}
