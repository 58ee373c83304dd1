# Converters from protocol data (camelCase JSON) to the module's typed output objects (PascalCase,
# PSTypeName S365ADConnector.*, table views in Formats/S365ADConnector.Format.ps1xml).
# Written so that they also work under Set-StrictMode -Version Latest.

function Get-S365Value {
    <#
    .SYNOPSIS
    A property of a JSON object, or $Default when it is absent. Arrays come back unrolled: wrap calls in @().
    #>
    [CmdletBinding()]
    param(
        [AllowNull()] [object] $InputObject,
        [Parameter(Mandatory = $true)] [string] $Name,
        [object] $Default = $null
    )
    if ($null -eq $InputObject) { return $Default }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return $Default }
    return $property.Value
}

function ConvertTo-S365DateTime {
    <#
    .SYNOPSIS
    An ISO 8601 timestamp of the protocol as a local [datetime] (PowerShell 7's ConvertFrom-Json may already
    have made it a DateTime; Windows PowerShell 5.1 leaves a string).
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param(
        [AllowNull()] [object] $Value
    )
    if ($null -eq $Value) { return $null }
    if ($Value -is [datetime]) { return $Value.ToLocalTime() }
    if ($Value -is [DateTimeOffset]) { return $Value.LocalDateTime }
    $parsed = [DateTimeOffset]::MinValue
    if ([DateTimeOffset]::TryParse([string]$Value, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AssumeUniversal, [ref]$parsed)) {
        return $parsed.LocalDateTime
    }
    return $null
}

function ConvertTo-S365ScopeGroup {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Group)
    [pscustomobject]@{
        PSTypeName        = 'S365ADConnector.ScopeGroup'
        Name              = [string](Get-S365Value $Group 'name')
        ObjectGuid        = [string](Get-S365Value $Group 'objectGuid')
        DistinguishedName = [string](Get-S365Value $Group 'dn')
    }
}

function ConvertTo-S365SyncScope {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Data)
    $groups = @(foreach ($g in @(Get-S365Value $Data 'groups' @())) { ConvertTo-S365ScopeGroup -Group $g })
    [pscustomobject]@{
        PSTypeName = 'S365ADConnector.SyncScope'
        All        = [bool](Get-S365Value $Data 'all' $false)
        Groups     = $groups
    }
}

function ConvertTo-S365Group {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Group)
    [pscustomobject]@{
        PSTypeName        = 'S365ADConnector.Group'
        Name              = [string](Get-S365Value $Group 'name')
        SamAccountName    = [string](Get-S365Value $Group 'samAccountName')
        Mail              = [string](Get-S365Value $Group 'mail')
        Description       = [string](Get-S365Value $Group 'description')
        ObjectGuid        = [string](Get-S365Value $Group 'objectGuid')
        DistinguishedName = [string](Get-S365Value $Group 'dn')
    }
}

function ConvertTo-S365SyncRun {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Run)
    $counts = Get-S365Value $Run 'counts'
    $count = { param($name) [int](Get-S365Value $counts $name 0) }
    $rejections = @(foreach ($r in @(Get-S365Value $Run 'rejections' @())) {
            [pscustomobject]@{
                PSTypeName = 'S365ADConnector.Rejection'
                Email      = [string](Get-S365Value $r 'email')
                ObjectGuid = [string](Get-S365Value $r 'objectGuid')
                Reason     = [string](Get-S365Value $r 'reason')
            }
        })
    $failedOver = @(foreach ($f in @(Get-S365Value $Run 'failedOver' @())) {
            [pscustomobject]@{ Server = [string](Get-S365Value $f 'server'); Reason = [string](Get-S365Value $f 'reason') }
        })
    $err = Get-S365Value $Run 'error'
    $durationMs = [long](Get-S365Value $Run 'durationMs' 0)
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.SyncRun'
        RunId           = [string](Get-S365Value $Run 'runId')
        Status          = [string](Get-S365Value $Run 'status')
        Mode            = [string](Get-S365Value $Run 'mode')
        FullReason      = [string](Get-S365Value $Run 'fullReason')
        DryRun          = [bool](Get-S365Value $Run 'dryRun' $false)
        PlanFile        = [string](Get-S365Value $Run 'planFile')
        StartedAt       = ConvertTo-S365DateTime (Get-S365Value $Run 'startedAt')
        FinishedAt      = ConvertTo-S365DateTime (Get-S365Value $Run 'finishedAt')
        Duration        = [TimeSpan]::FromMilliseconds($durationMs)
        DurationMs      = $durationMs
        DirectoryServer = [string](Get-S365Value $Run 'directoryServer')
        FailedOver      = $failedOver
        Read            = & $count 'read'
        SkippedNoEmail  = & $count 'skippedNoEmail'
        InScope         = & $count 'inScope'
        Unchanged       = & $count 'unchanged'
        Added           = & $count 'added'
        Updated         = & $count 'updated'
        Removed         = & $count 'removed'
        Matched         = & $count 'matched'
        Unmatched       = & $count 'unmatched'
        Rejected        = & $count 'rejected'
        Rejections      = $rejections
        ErrorCode       = [string](Get-S365Value $err 'code')
        ErrorMessage    = [string](Get-S365Value $err 'message')
    }
}
