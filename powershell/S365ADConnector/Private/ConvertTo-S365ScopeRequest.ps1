function ConvertTo-S365ScopeRequest {
    <#
    .SYNOPSIS
    The set-scope request of Set-S365SyncScope's parameters: the verb's params, the ShouldProcess target and
    action text. $null when the Edit parameter set was given nothing to change (or -All:$false).

    .DESCRIPTION
    Set 'All' / 'Group': the whole scope (refinements not given are cleared). Set 'Edit': only what was given
    (-SearchBase, -ExcludeGroup, -IncludeDisabled replace their part; -IncludeDisabled:$false turns it off);
    the agent edits the stored scope (docs/protocol.md, set-scope, Editing).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)] [string] $ParameterSetName,
        [AllowEmptyCollection()] [string[]] $Group = @(),
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BoundParameters
    )
    $quoted = { param($names) (@($names) | ForEach-Object { "'$_'" }) -join ', ' }
    $clean = { param($names) @(@($names) | Where-Object { -not [string]::IsNullOrWhiteSpace($_) } | Select-Object -Unique) }
    $params = [ordered]@{}
    $parts = New-Object System.Collections.Generic.List[string]
    $editing = $ParameterSetName -eq 'Edit'
    $given = @($BoundParameters.Keys)
    if ($ParameterSetName -eq 'All') {
        if (-not [bool]$BoundParameters['All']) { return $null }
        $params['all'] = $true
        $parts.Add('all users with a mail address')
        $target = 'All users'
    } elseif ($ParameterSetName -eq 'Group') {
        if (@($Group).Count -eq 0) { return $null }
        $params['groups'] = [string[]]@($Group)
        $parts.Add('members of ' + (& $quoted $Group))
        $target = @($Group) -join ', '
    } else {
        $target = 'Sync scope'
        $edits = [ordered]@{ AddGroup = 'addGroups'; RemoveGroup = 'removeGroups'; AddExcludeGroup = 'addExcludeGroups'; RemoveExcludeGroup = 'removeExcludeGroups' }
        $words = @{ AddGroup = 'add group'; RemoveGroup = 'remove group'; AddExcludeGroup = 'add exclusion'; RemoveExcludeGroup = 'remove exclusion' }
        foreach ($name in $edits.Keys) {
            $values = @(& $clean $BoundParameters[$name])
            if ($values.Count -eq 0) { continue }
            $params[$edits[$name]] = [string[]]$values
            $parts.Add($words[$name] + ' ' + (& $quoted $values))
        }
    }
    if (-not $editing -or $given -contains 'SearchBase') {
        $searchBases = @(& $clean $BoundParameters['SearchBase'])
        if ($searchBases.Count -gt 0 -or $editing) { $params['searchBases'] = [string[]]$searchBases }
        if ($searchBases.Count -gt 0) { $parts.Add('under ' + (& $quoted $searchBases)) } elseif ($editing) { $parts.Add('under the whole search base') }
    }
    if (-not $editing -or $given -contains 'ExcludeGroup') {
        $excluded = @(& $clean $BoundParameters['ExcludeGroup'])
        if ($excluded.Count -gt 0 -or $editing) { $params['excludeGroups'] = [string[]]$excluded }
        if ($excluded.Count -gt 0) { $parts.Add('except members of ' + (& $quoted $excluded)) } elseif ($editing) { $parts.Add('no excluded group') }
    }
    if ($editing -and $given -contains 'IncludeDisabled') {
        $params['includeDisabled'] = [bool]$BoundParameters['IncludeDisabled']
        $parts.Add($(if ($params['includeDisabled']) { 'disabled accounts included' } else { 'enabled accounts only' }))
    } elseif (-not $editing -and [bool]$BoundParameters['IncludeDisabled']) {
        $params['includeDisabled'] = $true
        $parts.Add('disabled accounts included')
    }
    if ($params.Count -eq 0) { return $null }
    $action = $(if ($editing) { 'Change the Signature 365 sync scope: ' } else { 'Set the Signature 365 sync scope to ' }) + ($parts -join ', ')
    [pscustomobject]@{ Parameters = $params; Target = $target; Action = $action }
}
