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
    $oids = { param($name) @(foreach ($c in @(Get-S365Value $Data $name -Default @())) {
                [pscustomobject]@{ Oid = [string](Get-S365Value $c 'oid'); Name = [string](Get-S365Value $c 'name') }
            }) }
    $controls = & $oids 'supportedControls'
    $usn = [long]0
    $usnValue = $null
    if ([long]::TryParse([string](Get-S365Value $Data 'highestCommittedUsn'), [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture, [ref]$usn)) { $usnValue = $usn }
    $controllers = @(foreach ($dc in @(Get-S365Value $Data 'domainControllers' -Default @())) {
            [pscustomobject]@{
                PSTypeName        = 'S365ADConnector.DomainController'
                Name              = [string](Get-S365Value $dc 'name')
                DnsHostName       = [string](Get-S365Value $dc 'dnsHostName')
                Site              = [string](Get-S365Value $dc 'site')
                DistinguishedName = [string](Get-S365Value $dc 'dn')
            }
        })
    $failedOver = @(foreach ($f in @(Get-S365Value $Data 'failedOver' -Default @())) {
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
        NamingContexts             = [string[]]@(Get-S365Value $contexts 'all' -Default @())
        Server                     = [string](Get-S365Value $server 'url')
        DnsHostName                = [string](Get-S365Value $server 'dnsHostName')
        Site                       = [string](Get-S365Value $server 'site')
        ServerName                 = [string](Get-S365Value $server 'serverName')
        IsGlobalCatalogReady       = [bool](Get-S365Value $server 'isGlobalCatalogReady' -Default $false)
        IsSynchronized             = [bool](Get-S365Value $server 'isSynchronized' -Default $false)
        FailedOver                 = $failedOver
        DomainControllers          = $controllers
        DomainFunctionalLevel      = & $levelName 'domain'
        ForestFunctionalLevel      = & $levelName 'forest'
        DCFunctionalLevel          = & $levelName 'domainController'
        HighestCommittedUsn        = $usnValue
        PagedResults               = [bool](@($controls | Where-Object { $_.Oid -eq '1.2.840.113556.1.4.319' }).Count -gt 0)
        NestedGroupQuery           = [bool](Get-S365Value $inChain 'probed' -Default $false)
        NestedGroupQueryReason     = $(if ([bool](Get-S365Value $inChain 'probed' -Default $false)) { [string](Get-S365Value $inChain 'reason') } else { [string](Get-S365Value $inChain 'probeError' -Default (Get-S365Value $inChain 'reason')) })
        SupportedLdapVersions      = [string[]]@(Get-S365Value $Data 'supportedLdapVersions' -Default @())
        SupportedControls          = $controls
        SupportedCapabilities      = & $oids 'supportedCapabilities'
        SupportedSaslMechanisms    = [string[]]@(Get-S365Value $Data 'supportedSaslMechanisms' -Default @())
        ConfiguredServers          = [string[]]@(Get-S365Value $configured 'servers' -Default @())
        ConfiguredDomain           = [string](Get-S365Value $configured 'domain')
    }
}
