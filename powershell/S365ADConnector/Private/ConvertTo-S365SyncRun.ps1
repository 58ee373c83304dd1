function ConvertTo-S365SyncRun {
    <#
    .SYNOPSIS
    The S365ADConnector.SyncRun of a run summary (the sync verb's data, status's lastRun and history).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Run)
    $counts = Get-S365Value $Run 'counts'
    $count = { param($name) [int](Get-S365Value $counts $name -Default 0) }
    $rejections = @(foreach ($r in @(Get-S365Value $Run 'rejections' -Default @())) {
            [pscustomobject]@{
                PSTypeName = 'S365ADConnector.Rejection'
                Email      = [string](Get-S365Value $r 'email')
                ObjectGuid = [string](Get-S365Value $r 'objectGuid')
                Reason     = [string](Get-S365Value $r 'reason')
            }
        })
    $failedOver = @(foreach ($f in @(Get-S365Value $Run 'failedOver' -Default @())) {
            [pscustomobject]@{ Server = [string](Get-S365Value $f 'server'); Reason = [string](Get-S365Value $f 'reason') }
        })
    $warnings = @(foreach ($w in @(Get-S365Value $Run 'warnings' -Default @())) {
            [pscustomobject]@{
                PSTypeName        = 'S365ADConnector.SyncWarning'
                Code              = [string](Get-S365Value $w 'code')
                Email             = [string](Get-S365Value $w 'email')
                ObjectGuid        = [string](Get-S365Value $w 'objectGuid')
                DistinguishedName = [string](Get-S365Value $w 'dn')
                Message           = [string](Get-S365Value $w 'message')
                ConflictsWith     = @(foreach ($c in @(Get-S365Value $w 'conflictsWith' -Default @())) {
                        [pscustomobject]@{ ObjectGuid = [string](Get-S365Value $c 'objectGuid'); DistinguishedName = [string](Get-S365Value $c 'dn') }
                    })
            }
        })
    $scopeInfo = Get-S365Value $Run 'scope'
    $foreign = @(foreach ($f in @(Get-S365Value $scopeInfo 'foreignMembers' -Default @())) {
            [pscustomobject]@{ Sid = [string](Get-S365Value $f 'sid'); DistinguishedName = [string](Get-S365Value $f 'dn'); Group = [string](Get-S365Value $f 'group') }
        })
    $guardInfo = Get-S365Value $Run 'guard'
    $guard = $null
    if ($null -ne $guardInfo) {
        $tripped = [bool](Get-S365Value $guardInfo 'tripped' -Default $false)
        $guardMessage = ''
        if ($tripped) { $guardMessage = Get-S365GuardMessage -Guard $guardInfo -DryRun:([bool](Get-S365Value $Run 'dryRun' -Default $false)) }
        $guard = [pscustomobject]@{
            Tripped      = $tripped
            Removals     = [int](Get-S365Value $guardInfo 'removals' -Default 0)
            SyncedBefore = [int](Get-S365Value $guardInfo 'syncedBefore' -Default 0)
            Limit        = [int](Get-S365Value $guardInfo 'limit' -Default 0)
            Rule         = [string](Get-S365Value $guardInfo 'rule')
            Reason       = [string](Get-S365Value $guardInfo 'reason')
            Message      = $guardMessage
        }
    }
    $err = Get-S365Value $Run 'error'
    $durationMs = [long](Get-S365Value $Run 'durationMs' -Default 0)
    [pscustomobject]@{
        PSTypeName         = 'S365ADConnector.SyncRun'
        RunId              = [string](Get-S365Value $Run 'runId')
        Status             = [string](Get-S365Value $Run 'status')
        Mode               = [string](Get-S365Value $Run 'mode')
        FullReason         = [string](Get-S365Value $Run 'fullReason')
        DryRun             = [bool](Get-S365Value $Run 'dryRun' -Default $false)
        PlanFile           = [string](Get-S365Value $Run 'planFile')
        StartedAt          = ConvertTo-S365DateTime (Get-S365Value $Run 'startedAt')
        FinishedAt         = ConvertTo-S365DateTime (Get-S365Value $Run 'finishedAt')
        Duration           = [TimeSpan]::FromMilliseconds($durationMs)
        DurationMs         = $durationMs
        DirectoryServer    = [string](Get-S365Value $Run 'directoryServer')
        FailedOver         = $failedOver
        Read               = & $count 'read'
        SkippedNoEmail     = & $count 'skippedNoEmail'
        InScope            = & $count 'inScope'
        Unchanged          = & $count 'unchanged'
        Added              = & $count 'added'
        Updated            = & $count 'updated'
        Removed            = & $count 'removed'
        Matched            = & $count 'matched'
        Unmatched          = & $count 'unmatched'
        Rejected           = & $count 'rejected'
        EmailConflicts     = & $count 'emailConflicts'
        GroupsSent         = & $count 'groupsSent'
        MembershipStrategy = [string](Get-S365Value $scopeInfo 'strategy')
        ForeignMembers     = $foreign
        Rejections         = $rejections
        Warnings           = $warnings
        Guard              = $guard
        ErrorCode          = [string](Get-S365Value $err 'code')
        ErrorMessage       = [string](Get-S365Value $err 'message')
    }
}
