function Get-S365SyncScope {
    <#
    .SYNOPSIS
    Shows which users are synchronized: everyone, or the members of which groups.

    .DESCRIPTION
    Get-S365SyncScope returns the stored sync scope: All is $true when every enabled user with a mail
    address is synced; otherwise Groups lists the scope groups (name, objectGUID, distinguished name as
    stored when the scope was set).

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
    PS C:\> (Get-S365SyncScope).Groups | Set-S365SyncScope -ConfigDir D:\S365-test

    Copies the scope to another configuration directory.

    .LINK
    Set-S365SyncScope
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.SyncScope')]
    param(
        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'get-scope' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'scope'
    ConvertTo-S365SyncScope -Data $outcome.Data
}
