function Set-S365SyncScope {
    <#
    .SYNOPSIS
    Chooses which users are synchronized to Signature 365: everyone or the members of some groups, optionally only under some OUs and minus some groups.

    .DESCRIPTION
    Set-S365SyncScope sets the sync scope. With -All every enabled user with a mail address is synced.
    With -Group only the members of the given groups are synced; each group is given by name,
    sAMAccountName, distinguished name or objectGUID, looked up now and stored by objectGUID, so renaming
    or moving the group later keeps it in scope. An unknown group, or a name matching several groups,
    fails with the error id BAD_REQUEST (the candidates are in $_.Exception.Data['Details']) and the scope
    is not changed.

    The scope can be narrowed further, with either -All or -Group:
    - -SearchBase: only users under these OUs (default: the whole search base of Set-S365Directory).
    - -ExcludeGroup: leave out the members of these groups (nested groups included), e.g. service accounts.
    - -IncludeDisabled: also sync disabled accounts (Signature 365 gets them with enabled: false); by
      default only enabled accounts are synced.
    OUs and excluded groups are looked up now and stored by objectGUID like the scope groups. Every call
    sets the whole scope: what is not given is cleared (no search base, no excluded group, enabled
    accounts only). Changing the scope makes the next sync a full one.

    Get-S365User -Identity <user> explains why a given user is in the scope or not.

    Groups can be piped in: objects with an ObjectGUID, DistinguishedName or Name property (in that order
    of preference) are accepted, so Get-ADGroup ... | Set-S365SyncScope works. All piped groups are
    collected and the scope is set once, at the end.

    Press Tab after -Group to complete group names from the directory.

    Runs the agent verb 'set-scope' (docs/protocol.md).

    .PARAMETER All
    Syncs every enabled user with a mail address.

    .PARAMETER Group
    The groups whose members are synced: names, sAMAccountNames, distinguished names or objectGUIDs.
    Accepts pipeline input by property name (ObjectGUID, DistinguishedName, Name).

    .PARAMETER SearchBase
    Only users under these organizational units or containers are synced, each given by distinguished
    name, objectGUID or name. Default (also for an empty list): everything under the search base of
    Set-S365Directory.

    .PARAMETER ExcludeGroup
    The members of these groups (nested groups included) are not synced, even when they are in scope
    otherwise. Groups are given like -Group. Press Tab to complete group names.

    .PARAMETER IncludeDisabled
    Also syncs disabled accounts; Signature 365 receives them marked as disabled. By default disabled
    accounts are left out (and removed from Signature 365 when they are disabled after a sync).

    .PARAMETER PassThru
    Returns the new scope. By default there is no output.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .PARAMETER WhatIf
    Shows the scope that would be set without setting it (the agent is not called).

    .PARAMETER Confirm
    Asks for confirmation before setting the scope.

    .INPUTS
    System.Management.Automation.PSObject
    Objects with an ObjectGUID, DistinguishedName or Name property, such as the output of Get-ADGroup
    or Get-S365Group (bound by property name; plain strings go to -Group).

    .OUTPUTS
    None, or S365ADConnector.SyncScope with -PassThru.

    .EXAMPLE
    PS C:\> Set-S365SyncScope -All

    Syncs every enabled user with a mail address.

    .EXAMPLE
    PS C:\> Set-S365SyncScope -Group 'Sales', 'Marketing' -PassThru

    Syncs the members of the Sales and Marketing groups and shows the stored scope.

    .EXAMPLE
    PS C:\> Get-ADGroup -Filter "Name -like 'Signature*'" | Set-S365SyncScope

    Syncs the members of every group whose name starts with Signature (one scope change, by objectGUID).

    .EXAMPLE
    PS C:\> Set-S365SyncScope -All -SearchBase 'OU=Staff,DC=contoso,DC=com' -ExcludeGroup 'Service Accounts'

    Syncs every enabled user with a mail address under the Staff OU, except the members of Service Accounts.

    .EXAMPLE
    PS C:\> Set-S365SyncScope -Group 'Signature Users' -IncludeDisabled -PassThru

    Syncs the members of Signature Users, disabled accounts included, and shows the stored scope.

    .EXAMPLE
    PS C:\> Get-S365Group -Name 'All ' | Set-S365SyncScope -WhatIf

    Shows which groups would become the scope, without changing anything.

    .LINK
    Get-S365SyncScope

    .LINK
    Get-S365Group
    #>
    [CmdletBinding(DefaultParameterSetName = 'Group', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('S365ADConnector.SyncScope')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'All')]
        [switch] $All,

        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Group', ValueFromPipelineByPropertyName = $true)]
        [Alias('ObjectGUID', 'DistinguishedName', 'Name')]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string[]] $Group,

        [AllowNull()]
        [AllowEmptyCollection()]
        [string[]] $SearchBase,

        [AllowNull()]
        [AllowEmptyCollection()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string[]] $ExcludeGroup,

        [switch] $IncludeDisabled,

        [switch] $PassThru,

        [string] $ConfigDir
    )

    begin {
        $collected = New-Object System.Collections.Generic.List[string]
    }

    process {
        if ($PSCmdlet.ParameterSetName -eq 'Group') {
            foreach ($g in $Group) {
                if (-not [string]::IsNullOrWhiteSpace($g) -and -not $collected.Contains($g)) { $collected.Add($g) }
            }
        }
    }

    end {
        if ($All) {
            $params = [ordered]@{ all = $true }
            $description = 'all enabled users with a mail address'
            if ($IncludeDisabled) { $description = 'all users with a mail address' }
            $target = 'All users'
        } else {
            if ($collected.Count -eq 0) {
                $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Group' -Message 'No group was given.'))
            }
            $params = [ordered]@{ groups = [string[]]$collected.ToArray() }
            $description = 'members of ' + (($collected | ForEach-Object { "'$_'" }) -join ', ')
            $target = $collected -join ', '
        }
        $searchBases = @($SearchBase | Where-Object { -not [string]::IsNullOrWhiteSpace($_) } | Select-Object -Unique)
        $excluded = @($ExcludeGroup | Where-Object { -not [string]::IsNullOrWhiteSpace($_) } | Select-Object -Unique)
        if ($searchBases.Count -gt 0) {
            $params['searchBases'] = [string[]]$searchBases
            $description += ' under ' + (($searchBases | ForEach-Object { "'$_'" }) -join ', ')
        }
        if ($excluded.Count -gt 0) {
            $params['excludeGroups'] = [string[]]$excluded
            $description += ' except members of ' + (($excluded | ForEach-Object { "'$_'" }) -join ', ')
        }
        if ($IncludeDisabled) {
            $params['includeDisabled'] = $true
            $description += ', disabled accounts included'
        }
        if (-not $PSCmdlet.ShouldProcess($target, "Set the Signature 365 sync scope to $description")) { return }

        $outcome = Invoke-S365Agent -Verb 'set-scope' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
        $scope = ConvertTo-S365SyncScope -Data $outcome.Data
        Write-Verbose ("Sync scope set: {0}" -f $(if ($scope.All) { 'all users' } else { ($scope.Groups | ForEach-Object { $_.Name }) -join ', ' }))
        if ($PassThru) { $scope }
    }
}
