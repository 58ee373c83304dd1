function ConvertTo-S365UserExplanation {
    <#
    .SYNOPSIS
    The S365ADConnector.UserExplanation of the explain verb's data: in scope or not and why, through which
    groups, which email and where it came from, the payload a sync would send, and the sync state.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Data,
        [string] $Identity
    )
    $user = Get-S365Value $Data 'user'
    $scope = Get-S365Value $Data 'scope'
    $email = Get-S365Value $Data 'email'
    $state = Get-S365Value $Data 'state'
    $inScope = [bool](Get-S365Value $Data 'inScope' -Default $false)
    $groupPath = [string[]]@(Get-S365Value $scope 'groupPath' -Default @())
    $excludedPath = [string[]]@(Get-S365Value $scope 'excludedPath' -Default @())
    $searchBase = [string](Get-S365Value $scope 'searchBase')
    $all = [bool](Get-S365Value $scope 'all' -Default $false)
    $reasons = @(foreach ($r in @(Get-S365Value $Data 'reasons' -Default @())) {
            [pscustomobject]@{
                PSTypeName = 'S365ADConnector.ScopeReason'
                Code       = [string](Get-S365Value $r 'code')
                Message    = [string](Get-S365Value $r 'message')
                Path       = [string[]]@(Get-S365Value $r 'path' -Default @())
            }
        })
    if ($inScope) {
        if ($all) {
            $reason = 'In scope: all users'
        } elseif ($groupPath.Count -gt 0) {
            $reason = 'In scope: member of ' + ($groupPath -join ' > ')
        } else {
            $reason = 'In scope'
        }
        if ($searchBase) { $reason += " under $searchBase" }
        $reason += '.'
    } else {
        $reason = (@($reasons | ForEach-Object { $_.Message }) -join ' ')
    }
    $synced = [bool](Get-S365Value $state 'synced' -Default $false)
    [pscustomobject]@{
        PSTypeName        = 'S365ADConnector.UserExplanation'
        Identity          = $Identity
        DistinguishedName = [string](Get-S365Value $user 'dn')
        ObjectGuid        = [string](Get-S365Value $user 'objectGuid')
        SamAccountName    = [string](Get-S365Value $user 'samAccountName')
        UserPrincipalName = [string](Get-S365Value $user 'userPrincipalName')
        Enabled           = [bool](Get-S365Value $user 'enabled' -Default $false)
        InScope           = $inScope
        Reason            = $reason
        Reasons           = $reasons
        ReasonCodes       = [string[]]@($reasons | ForEach-Object { $_.Code })
        GroupPath         = $groupPath
        ExcludedPath      = $excludedPath
        SearchBase        = $searchBase
        Email             = [string](Get-S365Value $email 'address')
        EmailSource       = [string](Get-S365Value $email 'source')
        EmailReason       = [string](Get-S365Value $email 'why')
        Payload           = Get-S365Value $Data 'payload'
        Synced            = $synced
        SyncedEmail       = [string](Get-S365Value $state 'email')
        SyncOutcome       = [string](Get-S365Value $state 'outcome')
        ChangedSinceSync  = $(if ($synced) { -not [bool](Get-S365Value $state 'hashEqual' -Default $false) } else { $null })
        WouldSend         = [bool](Get-S365Value $Data 'wouldSend' -Default $false)
    }
}
