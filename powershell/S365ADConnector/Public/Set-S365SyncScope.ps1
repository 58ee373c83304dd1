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

    Without -All and -Group the stored scope is edited instead, the rest kept as it is:
    - -AddGroup / -RemoveGroup: add groups to the scope groups, or take them out;
    - -AddExcludeGroup / -RemoveExcludeGroup: the same for the excluded groups;
    - -ExcludeGroup, -SearchBase, -IncludeDisabled given alone replace only their part (-ExcludeGroup @()
      and -SearchBase @() clear it, -IncludeDisabled:$false syncs enabled accounts only).
    A group to remove is matched against the stored scope by objectGUID, distinguished name or name as
    Get-S365SyncScope shows them, so a group since deleted from AD can be taken out. Adding a group to a
    scope of all users, removing a group that is not in the scope, or removing the last scope group fails
    with BAD_REQUEST and changes nothing.

    Get-S365User -Identity <user> explains why a given user is in the scope or not.

    Groups can be piped in: strings (one group each, e.g. from Get-Content), GUIDs, and objects with an
    ObjectGUID, DistinguishedName or Name property (in that order of preference), so 'Sales','Marketing' |
    Set-S365SyncScope and Get-ADGroup ... | Set-S365SyncScope work. All piped groups are collected and the
    scope is set once, at the end.

    Press Tab after -Group to complete group names from the directory.

    Runs the agent verb 'set-scope' (docs/protocol.md).

    .PARAMETER All
    Syncs every enabled user with a mail address.

    .PARAMETER Group
    The groups whose members are synced: names, sAMAccountNames, distinguished names or objectGUIDs.
    Accepts pipeline input: strings, GUIDs, or objects (their ObjectGUID, else DistinguishedName, else Name).

    .PARAMETER AddGroup
    Adds these groups (given like -Group) to the stored scope groups; the rest of the scope is kept.

    .PARAMETER RemoveGroup
    Takes these groups (objectGUID, distinguished name or name as Get-S365SyncScope shows them) out of the
    stored scope groups; the rest of the scope is kept. The last group cannot be removed: use -All or -Group.

    .PARAMETER AddExcludeGroup
    Adds these groups (given like -Group) to the stored excluded groups; the rest of the scope is kept.

    .PARAMETER RemoveExcludeGroup
    Takes these groups (as Get-S365SyncScope shows them) out of the stored excluded groups.

    .PARAMETER SearchBase
    Only users under these organizational units or containers are synced, each given by distinguished
    name, objectGUID or name. Default (also for an empty list): everything under the search base of
    Set-S365Directory.

    .PARAMETER ExcludeGroup
    The members of these groups (nested groups included) are not synced, even when they are in scope
    otherwise. Groups are given like -Group. Press Tab to complete group names. Without -All and -Group it
    replaces only the excluded groups of the stored scope.

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
    System.String, System.Guid, System.Management.Automation.PSObject
    Group names (e.g. Get-Content groups.txt), GUIDs, or objects with an ObjectGUID, DistinguishedName or
    Name property, such as the output of Get-ADGroup or Get-S365Group; all go to -Group.

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
    PS C:\> Get-Content .\groups.txt | Set-S365SyncScope -PassThru

    Makes the groups named in groups.txt (one a line) the scope.

    .EXAMPLE
    PS C:\> Set-S365SyncScope -AddGroup 'Marketing' -RemoveGroup 'Sales Team' -PassThru

    Adds Marketing to the scope groups and takes Sales Team out; search bases and exclusions stay.

    .EXAMPLE
    PS C:\> Set-S365SyncScope -ExcludeGroup 'Service Accounts'

    Makes Service Accounts the only excluded group of the existing scope, which is otherwise kept.

    .EXAMPLE
    PS C:\> Get-S365Group -Name 'All ' | Set-S365SyncScope -WhatIf

    Shows which groups would become the scope, without changing anything.

    .LINK
    Get-S365SyncScope

    .LINK
    Get-S365Group
    #>
    [CmdletBinding(DefaultParameterSetName = 'Edit', SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncScope')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'All')]
        [switch] $All,

        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Group', ValueFromPipeline = $true)]
        [Alias('ObjectGUID', 'DistinguishedName', 'Name')]
        # Blank lines of a piped file (Get-Content groups.txt) are skipped in process, not refused here.
        [AllowEmptyString()]
        [AllowNull()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [object[]] $Group,

        [Parameter(ParameterSetName = 'Edit')]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string[]] $AddGroup,

        [Parameter(ParameterSetName = 'Edit')]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string[]] $RemoveGroup,

        [Parameter(ParameterSetName = 'Edit')]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string[]] $AddExcludeGroup,

        [Parameter(ParameterSetName = 'Edit')]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter({
                # Arguments: commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters.
                # Completers run outside the module's scope: call the private helper through the module.
                $module = (Get-Command -Name $args[0] -ErrorAction SilentlyContinue).Module
                if ($module) {
                    & $module { param($w, $f) Complete-S365GroupName -WordToComplete $w -FakeBoundParameters $f } $args[2] $args[4]
                }
            })]
        [string[]] $RemoveExcludeGroup,

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
            foreach ($item in $Group) {
                $g = Resolve-S365Identity -InputObject $item -PropertyName 'ObjectGUID', 'DistinguishedName', 'Name'
                if (-not [string]::IsNullOrWhiteSpace($g) -and -not $collected.Contains($g)) { $collected.Add($g) }
            }
        }
    }

    end {
        $request = ConvertTo-S365ScopeRequest -ParameterSetName $PSCmdlet.ParameterSetName -Group $collected.ToArray() -BoundParameters $PSBoundParameters
        if ($null -eq $request) {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Scope' -Message 'Nothing to change: give -All or -Group to set the scope, or -AddGroup, -RemoveGroup, -AddExcludeGroup, -RemoveExcludeGroup, -ExcludeGroup, -SearchBase or -IncludeDisabled to edit it.'))
        }
        if (-not $PSCmdlet.ShouldProcess($request.Target, $request.Action)) { return }

        $outcome = Invoke-S365Agent -Verb 'set-scope' -Parameters $request.Parameters -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $request.Target
        $scope = ConvertTo-S365SyncScope -Data $outcome.Data
        Write-Verbose ("Sync scope set: {0}" -f $(if ($scope.All) { 'all users' } else { ($scope.Groups | ForEach-Object { $_.Name }) -join ', ' }))
        if ($PassThru) { $scope }
    }
}
