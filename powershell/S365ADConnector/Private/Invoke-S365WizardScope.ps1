function Invoke-S365WizardScope {
    <#
    .SYNOPSIS
    Setup wizard, step 3: who is synced. Shows the scope configured and keeps it unless the person wants
    another; otherwise asks: all users, or the members of groups picked by Select-S365WizardGroup; saves it
    with Set-S365SyncScope. Without a prompt: -All or -Group is set, else the scope configured is kept.
    Returns @{ Scope (text); Changed }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [switch] $All,
        [object[]] $Group,
        [string] $ConfigDir,
        [bool] $Interactive,
        [bool] $UseGridView
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 3 of 6: Who is synced'
    $scope = @{ ConfigDir = $ConfigDir; Confirm = $false }
    if ($All) {
        $scope['All'] = $true
    } elseif ($Group.Count -gt 0) {
        $scope['Group'] = $Group
    } else {
        $current = (Get-S365Configuration -ConfigDir $ConfigDir).Scope
        Write-S365WizardLine ('  Found: {0}.' -f $current)
        if (-not $Interactive) { return @{ Scope = $current; Changed = $false } }
        Write-S365WizardLine '    1) All users and groups'
        Write-S365WizardLine '    2) Users and groups that are members of groups I choose'
        Write-S365WizardLine '    3) Keep the scope as it is'
        $answer = ''
        while (@('1', '2', '3') -notcontains $answer) { $answer = Read-S365WizardAnswer -Prompt '  Your choice' -Default '3' }
        if ($answer -eq '3') { return @{ Scope = $current; Changed = $false } }
        if ($answer -eq '1') {
            $scope['All'] = $true
        } else {
            $picked = @()
            while ($picked.Count -eq 0) {
                $picked = @(Select-S365WizardGroup -ConfigDir $ConfigDir -UseGridView $UseGridView)
                if ($picked.Count -eq 0) { Write-S365WizardLine '  Choose at least one group.' }
            }
            $scope['Group'] = $picked
        }
    }
    $null = Set-S365SyncScope @scope -ErrorAction Stop
    $text = (Get-S365Configuration -ConfigDir $ConfigDir).Scope
    Write-S365WizardLine ('  Saved: {0}.' -f $text)
    return @{ Scope = $text; Changed = $true }
}
