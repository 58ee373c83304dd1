function Get-S365Configuration {
    <#
    .SYNOPSIS
    Shows the AD Connector's configuration (never a secret, only whether each is set).

    .DESCRIPTION
    Get-S365Configuration returns the settings stored in the configuration directory: the Signature 365
    API URL and proxy, the domain controllers, search base and bind account, the sync scope, and whether
    the integration secret, the bind password and proxy credentials are stored. Secrets themselves are
    never returned. The SyncSettings property holds the sync settings in effect (as Get-S365SyncSetting
    returns them).

    Runs the agent verb 'get-config' (docs/protocol.md).

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.Configuration

    .EXAMPLE
    PS C:\> Get-S365Configuration

    Shows the configuration.

    .EXAMPLE
    PS C:\> (Get-S365Configuration).ApiSecretSet

    Tells whether Connect-Signature365 has stored a secret.

    .EXAMPLE
    PS C:\> Get-S365Configuration -ConfigDir D:\S365 | Format-List *

    Shows every setting of another configuration directory, including the raw Api and Directory sections.

    .LINK
    Connect-Signature365

    .LINK
    Set-S365Directory
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.Configuration')]
    param(
        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'get-config' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'configuration'
    $data = $outcome.Data
    $api = Get-S365Value $data 'api'
    $directory = Get-S365Value $data 'directory'
    $scope = Get-S365Value $data 'scope'
    $secrets = Get-S365Value $data 'secrets'
    $scopeText = 'not set'
    if ($null -ne $scope) {
        if ((Get-S365Value $scope 'kind') -eq 'all') {
            $scopeText = 'All users'
        } else {
            $names = @(foreach ($g in @(Get-S365Value $scope 'groups' -Default @())) { [string](Get-S365Value $g 'name') })
            if ($names.Count -gt 0) { $scopeText = 'Groups: ' + ($names -join ', ') }
        }
        $bases = @(foreach ($b in @(Get-S365Value $scope 'searchBases' -Default @())) { [string](Get-S365Value $b 'dn') })
        if ($bases.Count -gt 0) { $scopeText += '; under ' + ($bases -join ', ') }
        $excluded = @(foreach ($g in @(Get-S365Value $scope 'excludeGroups' -Default @())) { [string](Get-S365Value $g 'name') })
        if ($excluded.Count -gt 0) { $scopeText += '; except members of ' + ($excluded -join ', ') }
        if ([bool](Get-S365Value $scope 'includeDisabled' -Default $false)) { $scopeText += '; disabled accounts included' }
    }
    [pscustomobject]@{
        PSTypeName      = 'S365ADConnector.Configuration'
        ConfigDir       = [string](Get-S365Value $data 'configDir')
        SchemaVersion   = [int](Get-S365Value $data 'schemaVersion' -Default 0)
        ApiUrl          = [string](Get-S365Value $api 'url')
        Proxy           = [string](Get-S365Value $api 'proxy')
        Servers         = [string[]]@(Get-S365Value $directory 'servers' -Default @())
        Domain          = [string](Get-S365Value $directory 'domain')
        BaseDn          = [string](Get-S365Value $directory 'baseDn')
        BindDn          = [string](Get-S365Value $directory 'bindDn')
        Scope           = $scopeText
        ApiSecretSet    = [bool](Get-S365Value $secrets 'apiSecretSet' -Default $false)
        BindPasswordSet = [bool](Get-S365Value $secrets 'bindPasswordSet' -Default $false)
        ProxyAuthSet    = [bool](Get-S365Value $secrets 'proxyAuthSet' -Default $false)
        Api             = $api
        Directory       = $directory
        ScopeSettings   = $scope
        SyncSettings    = ConvertTo-S365SyncSetting -Data (Get-S365Value (Get-S365Value $data 'effective') 'sync')
    }
}
