function Get-S365SyncScope {
    <#
    .SYNOPSIS
    Shows which users are synchronized: everyone or the members of which groups, under which OUs, minus which groups.

    .DESCRIPTION
    Get-S365SyncScope returns the stored sync scope: All is $true when every enabled user with a mail
    address is synced; otherwise Groups lists the scope groups (name, objectGUID, distinguished name as
    stored when the scope was set). SearchBases lists the OUs users must be under (empty: the whole
    search base), ExcludeGroups the groups whose members are left out, and IncludeDisabled whether
    disabled accounts are synced too.

    Get-S365User -Identity <user> tells why a given user is in the scope or not.

    Runs the agent verb 'get-scope' (docs/protocol.md).

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.SyncScope

    .EXAMPLE
    PS C:\> Get-S365SyncScope

    Shows the scope.

    .EXAMPLE
    PS C:\> (Get-S365SyncScope).Groups | Format-Table Name, ObjectGuid

    Lists the scope groups.

    .EXAMPLE
    PS C:\> $scope = Get-S365SyncScope
    PS C:\> $scope.Groups | Set-S365SyncScope -SearchBase $scope.SearchBases.ObjectGuid -ExcludeGroup $scope.ExcludeGroups.ObjectGuid -IncludeDisabled:$scope.IncludeDisabled -ConfigDir D:\S365-test

    Copies a scope of groups, with its search bases, exclusions and disabled-account choice, to another
    configuration directory.

    .LINK
    Set-S365SyncScope
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncScope')]
    param(
        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'get-scope' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'scope'
    ConvertTo-S365SyncScope -Data $outcome.Data
}
