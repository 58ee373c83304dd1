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
    $searchBases = @(foreach ($g in @(Get-S365Value $Data 'searchBases' @())) { ConvertTo-S365ScopeGroup -Group $g })
    $excluded = @(foreach ($g in @(Get-S365Value $Data 'excludeGroups' @())) { ConvertTo-S365ScopeGroup -Group $g })
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.SyncScope'
        All             = [bool](Get-S365Value $Data 'all' $false)
        Groups          = $groups
        SearchBases     = $searchBases
        ExcludeGroups   = $excluded
        IncludeDisabled = [bool](Get-S365Value $Data 'includeDisabled' $false)
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
    $warnings = @(foreach ($w in @(Get-S365Value $Run 'warnings' @())) {
            [pscustomobject]@{
                PSTypeName        = 'S365ADConnector.SyncWarning'
                Code              = [string](Get-S365Value $w 'code')
                Email             = [string](Get-S365Value $w 'email')
                ObjectGuid        = [string](Get-S365Value $w 'objectGuid')
                DistinguishedName = [string](Get-S365Value $w 'dn')
                Message           = [string](Get-S365Value $w 'message')
                ConflictsWith     = @(foreach ($c in @(Get-S365Value $w 'conflictsWith' @())) {
                        [pscustomobject]@{ ObjectGuid = [string](Get-S365Value $c 'objectGuid'); DistinguishedName = [string](Get-S365Value $c 'dn') }
                    })
            }
        })
    $scopeInfo = Get-S365Value $Run 'scope'
    $foreign = @(foreach ($f in @(Get-S365Value $scopeInfo 'foreignMembers' @())) {
            [pscustomobject]@{ Sid = [string](Get-S365Value $f 'sid'); DistinguishedName = [string](Get-S365Value $f 'dn'); Group = [string](Get-S365Value $f 'group') }
        })
    $err = Get-S365Value $Run 'error'
    $durationMs = [long](Get-S365Value $Run 'durationMs' 0)
    [pscustomobject]@{
        PSTypeName         = 'S365ADConnector.SyncRun'
        RunId              = [string](Get-S365Value $Run 'runId')
        Status             = [string](Get-S365Value $Run 'status')
        Mode               = [string](Get-S365Value $Run 'mode')
        FullReason         = [string](Get-S365Value $Run 'fullReason')
        DryRun             = [bool](Get-S365Value $Run 'dryRun' $false)
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
        ErrorCode          = [string](Get-S365Value $err 'code')
        ErrorMessage       = [string](Get-S365Value $err 'message')
    }
}

function ConvertTo-S365SyncSettings {
    <#
    .SYNOPSIS
    The effective sync settings: the given protocol object (set-sync-settings data, or get-config's possibly
    partial 'sync' section) over the documented defaults ($script:S365SyncSettingDefaults).
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Data)
    $value = { param($name) Get-S365Value $Data $name $script:S365SyncSettingDefaults[$name] }
    [pscustomobject]@{
        PSTypeName         = 'S365ADConnector.SyncSettings'
        MaxRemovals        = [int](& $value 'maxRemovals')
        MaxRemovalPercent  = [double](& $value 'maxRemovalPercent')
        FullSyncAfterDays  = [int](& $value 'fullSyncAfterDays')
        MaxRejectedPercent = [double](& $value 'maxRejectedPercent')
    }
}

function ConvertTo-S365Watermark {
    <#
    .SYNOPSIS
    The delta watermark of the status verb ({server, dnsHostName, invocationId, usn, at, scopeFingerprint}),
    or $null when there is none (no successful sync yet).
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Data)
    if ($null -eq $Data) { return $null }
    $usnText = [string](Get-S365Value $Data 'usn')
    $usn = [long]0
    $usnValue = $null
    if ([long]::TryParse($usnText, [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture, [ref]$usn)) { $usnValue = $usn }
    [pscustomobject]@{
        PSTypeName       = 'S365ADConnector.SyncWatermark'
        Server           = [string](Get-S365Value $Data 'server')
        DnsHostName      = [string](Get-S365Value $Data 'dnsHostName')
        Usn              = $usnValue
        At               = ConvertTo-S365DateTime (Get-S365Value $Data 'at')
        InvocationId     = [string](Get-S365Value $Data 'invocationId')
        ScopeFingerprint = [string](Get-S365Value $Data 'scopeFingerprint')
    }
}

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
    $inScope = [bool](Get-S365Value $Data 'inScope' $false)
    $groupPath = [string[]]@(Get-S365Value $scope 'groupPath' @())
    $excludedPath = [string[]]@(Get-S365Value $scope 'excludedPath' @())
    $searchBase = [string](Get-S365Value $scope 'searchBase')
    $all = [bool](Get-S365Value $scope 'all' $false)
    $reasons = @(foreach ($r in @(Get-S365Value $Data 'reasons' @())) {
            [pscustomobject]@{
                PSTypeName = 'S365ADConnector.ScopeReason'
                Code       = [string](Get-S365Value $r 'code')
                Message    = [string](Get-S365Value $r 'message')
                Path       = [string[]]@(Get-S365Value $r 'path' @())
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
    $synced = [bool](Get-S365Value $state 'synced' $false)
    [pscustomobject]@{
        PSTypeName        = 'S365ADConnector.UserExplanation'
        Identity          = $Identity
        DistinguishedName = [string](Get-S365Value $user 'dn')
        ObjectGuid        = [string](Get-S365Value $user 'objectGuid')
        SamAccountName    = [string](Get-S365Value $user 'samAccountName')
        UserPrincipalName = [string](Get-S365Value $user 'userPrincipalName')
        Enabled           = [bool](Get-S365Value $user 'enabled' $false)
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
        ChangedSinceSync  = $(if ($synced) { -not [bool](Get-S365Value $state 'hashEqual' $false) } else { $null })
        WouldSend         = [bool](Get-S365Value $Data 'wouldSend' $false)
    }
}

function Resolve-S365Identity {
    <#
    .SYNOPSIS
    The identity string of a command argument: a string as it is, a GUID in its 'D' form, of any other object
    the first non-empty property of -PropertyName (in that order), else its string form.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [object] $InputObject,
        [string[]] $PropertyName = @()
    )
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [System.Management.Automation.PSObject]) {
        $base = $InputObject.PSObject.BaseObject
        if ($base -is [string] -or $base -is [guid]) { $InputObject = $base }
    }
    if ($InputObject -is [string]) { return $InputObject.Trim() }
    if ($InputObject -is [guid]) { return $InputObject.ToString('D') }
    foreach ($name in $PropertyName) {
        $property = $InputObject.PSObject.Properties[$name]
        if ($null -eq $property -or $null -eq $property.Value) { continue }
        $value = $property.Value
        if ($value -is [guid]) { return $value.ToString('D') }
        $text = [string]$value
        if (-not [string]::IsNullOrWhiteSpace($text)) { return $text.Trim() }
    }
    return ([string]$InputObject).Trim()
}

function ConvertTo-S365DirectoryInfo {
    <#
    .SYNOPSIS
    The S365ADConnector.DirectoryInfo of the discover verb's data.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Data)
    $configured = Get-S365Value $Data 'configured'
    $contexts = Get-S365Value $Data 'namingContexts'
    $server = Get-S365Value $Data 'server'
    $levels = Get-S365Value $Data 'functionalLevels'
    $inChain = Get-S365Value $Data 'inChainMatchingRule'
    $levelName = { param($name) [string](Get-S365Value (Get-S365Value $levels $name) 'name') }
    $oids = { param($name) @(foreach ($c in @(Get-S365Value $Data $name @())) {
                [pscustomobject]@{ Oid = [string](Get-S365Value $c 'oid'); Name = [string](Get-S365Value $c 'name') }
            }) }
    $controls = & $oids 'supportedControls'
    $usn = [long]0
    $usnValue = $null
    if ([long]::TryParse([string](Get-S365Value $Data 'highestCommittedUsn'), [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture, [ref]$usn)) { $usnValue = $usn }
    $controllers = @(foreach ($dc in @(Get-S365Value $Data 'domainControllers' @())) {
            [pscustomobject]@{
                PSTypeName        = 'S365ADConnector.DomainController'
                Name              = [string](Get-S365Value $dc 'name')
                DnsHostName       = [string](Get-S365Value $dc 'dnsHostName')
                Site              = [string](Get-S365Value $dc 'site')
                DistinguishedName = [string](Get-S365Value $dc 'dn')
            }
        })
    $failedOver = @(foreach ($f in @(Get-S365Value $Data 'failedOver' @())) {
            [pscustomobject]@{ Server = [string](Get-S365Value $f 'server'); Reason = [string](Get-S365Value $f 'reason') }
        })
    [pscustomobject]@{
        PSTypeName                 = 'S365ADConnector.DirectoryInfo'
        Domain                     = [string](Get-S365Value $Data 'domain')
        Forest                     = [string](Get-S365Value $Data 'forest')
        DefaultNamingContext       = [string](Get-S365Value $contexts 'default')
        ConfigurationNamingContext = [string](Get-S365Value $contexts 'configuration')
        SchemaNamingContext        = [string](Get-S365Value $contexts 'schema')
        RootDomainNamingContext    = [string](Get-S365Value $contexts 'rootDomain')
        NamingContexts             = [string[]]@(Get-S365Value $contexts 'all' @())
        Server                     = [string](Get-S365Value $server 'url')
        DnsHostName                = [string](Get-S365Value $server 'dnsHostName')
        Site                       = [string](Get-S365Value $server 'site')
        ServerName                 = [string](Get-S365Value $server 'serverName')
        IsGlobalCatalogReady       = [bool](Get-S365Value $server 'isGlobalCatalogReady' $false)
        IsSynchronized             = [bool](Get-S365Value $server 'isSynchronized' $false)
        FailedOver                 = $failedOver
        DomainControllers          = $controllers
        DomainFunctionalLevel      = & $levelName 'domain'
        ForestFunctionalLevel      = & $levelName 'forest'
        DCFunctionalLevel          = & $levelName 'domainController'
        HighestCommittedUsn        = $usnValue
        PagedResults               = [bool](@($controls | Where-Object { $_.Oid -eq '1.2.840.113556.1.4.319' }).Count -gt 0)
        NestedGroupQuery           = [bool](Get-S365Value $inChain 'probed' $false)
        NestedGroupQueryReason     = $(if ([bool](Get-S365Value $inChain 'probed' $false)) { [string](Get-S365Value $inChain 'reason') } else { [string](Get-S365Value $inChain 'probeError' (Get-S365Value $inChain 'reason')) })
        SupportedLdapVersions      = [string[]]@(Get-S365Value $Data 'supportedLdapVersions' @())
        SupportedControls          = $controls
        SupportedCapabilities      = & $oids 'supportedCapabilities'
        SupportedSaslMechanisms    = [string[]]@(Get-S365Value $Data 'supportedSaslMechanisms' @())
        ConfiguredServers          = [string[]]@(Get-S365Value $configured 'servers' @())
        ConfiguredDomain           = [string](Get-S365Value $configured 'domain')
    }
}

function ConvertTo-S365OrderedMap {
    <#
    .SYNOPSIS
    A JSON object of name -> string (e.g. the mapping's customAttributes) as an ordered dictionary.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $InputObject)
    $map = [ordered]@{}
    if ($null -eq $InputObject) { return $map }
    if ($InputObject -is [System.Collections.IDictionary]) {
        foreach ($key in $InputObject.Keys) { $map[[string]$key] = [string]$InputObject[$key] }
    } else {
        foreach ($p in $InputObject.PSObject.Properties) { $map[$p.Name] = [string]$p.Value }
    }
    return $map
}

function ConvertTo-S365AttributeMapping {
    <#
    .SYNOPSIS
    The S365ADConnector.AttributeMapping of the set-mapping / get-mapping data.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Data)
    $attributes = @(foreach ($a in @(Get-S365Value $Data 'attributes' @())) {
            [pscustomobject]@{
                PSTypeName   = 'S365ADConnector.MappedAttribute'
                Name         = [string](Get-S365Value $a 'name')
                Syntax       = [string](Get-S365Value $a 'syntax')
                SingleValued = [bool](Get-S365Value $a 'singleValued' $false)
            }
        })
    [pscustomobject]@{
        PSTypeName              = 'S365ADConnector.AttributeMapping'
        CustomAttributes        = ConvertTo-S365OrderedMap (Get-S365Value $Data 'customAttributes')
        FieldOverrides          = ConvertTo-S365OrderedMap (Get-S365Value $Data 'fieldOverrides')
        AllowUpnAsEmail         = [bool](Get-S365Value $Data 'allowUpnAsEmail' $false)
        DefaultCustomAttributes = [bool](Get-S365Value $Data 'defaultCustomAttributes' $false)
        Checked                 = [bool](Get-S365Value $Data 'checked' $false)
        Attributes              = $attributes
    }
}
