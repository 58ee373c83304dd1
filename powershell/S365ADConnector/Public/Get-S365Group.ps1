function Get-S365Group {
    <#
    .SYNOPSIS
    Lists Active Directory groups by name (start, or a pattern with wildcards) or LDAP filter, as the AD Connector sees them.

    .DESCRIPTION
    Get-S365Group asks the domain controller (with the settings of Set-S365Directory) for groups whose
    name or sAMAccountName starts with -Name, or matches it when it holds a * wildcard (anywhere: *Users,
    Sig*Users, *ales*), and that match -LDAPFilter when given; sorted by name. The objects can be piped to
    Set-S365SyncScope. When more groups match than -ResultSize, a warning says so.

    Runs the agent verb 'list-groups' (docs/protocol.md).

    .PARAMETER Name
    Start of the group name or sAMAccountName; with a * wildcard anywhere, the whole name must match the
    pattern ('*Users' ends with Users). Default: all groups.

    .PARAMETER LDAPFilter
    An LDAP filter the groups must also match, as Get-ADGroup -LDAPFilter takes it, e.g. '(mail=*)' or
    '(description=*sales*)'. Only groups are listed whatever the filter says. A malformed filter fails with
    BAD_REQUEST.

    .PARAMETER ResultSize
    The most groups to return, 1 to 5000. Default 100.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.Group

    .EXAMPLE
    PS C:\> Get-S365Group -Name Sales

    Lists the groups whose name starts with Sales.

    .EXAMPLE
    PS C:\> Get-S365Group -Name '*Users'

    Lists the groups whose name ends with Users.

    .EXAMPLE
    PS C:\> Get-S365Group -LDAPFilter '(mail=*)' -ResultSize 5000 | Format-Table Name, Mail

    Lists the mail-enabled groups.

    .EXAMPLE
    PS C:\> Get-S365Group -Name 'Signature ' | Set-S365SyncScope

    Makes every group starting with 'Signature ' the sync scope.

    .LINK
    Set-S365SyncScope
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.Group')]
    param(
        [Parameter(Position = 0)]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string] $Name,

        [ValidateNotNullOrEmpty()]
        [string] $LDAPFilter,

        [ValidateRange(1, 5000)]
        [int] $ResultSize = 100,

        [string] $ConfigDir
    )
    $params = [ordered]@{ limit = $ResultSize }
    $pattern = $Name
    if ($pattern) { $pattern = $pattern.Trim() }
    if ($pattern -and $pattern.TrimEnd('*').Contains('*')) {
        $params['name'] = $pattern
    } elseif ($pattern.TrimEnd('*')) {
        $params['prefix'] = $pattern.TrimEnd('*')
    }
    if ($LDAPFilter) { $params['ldapFilter'] = $LDAPFilter }
    $target = $(if ($LDAPFilter) { (@($Name, $LDAPFilter) | Where-Object { $_ }) -join ' ' } else { $Name })
    $outcome = Invoke-S365Agent -Verb 'list-groups' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
    foreach ($g in @(Get-S365Value $outcome.Data 'groups' -Default @())) { ConvertTo-S365Group -Group $g }
    if ([bool](Get-S365Value $outcome.Data 'truncated' -Default $false)) {
        Write-Warning ("More than {0} groups match; give a longer -Name or a larger -ResultSize." -f $ResultSize)
    }
}
