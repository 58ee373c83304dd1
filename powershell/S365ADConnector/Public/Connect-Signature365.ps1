function Connect-Signature365 {
    <#
    .SYNOPSIS
    Connects the AD Connector to your Signature 365 tenant with the integration secret.

    .DESCRIPTION
    Connect-Signature365 checks the integration secret (copied from the Signature 365 portal) with
    Signature 365 and, only when it is accepted, stores it in the agent's configuration directory
    together with the API URL, proxy and TLS settings. On any error nothing is saved.

    The secret is handed to the s365-agent core only inside the JSON request on its standard input: it
    never appears on a command line, in the output, in error messages or in the agent's log.
    When -Secret is not given in an interactive session (also one entered with Enter-PSSession), you are
    prompted for it without echo.

    Runs the agent verb 'connect' (docs/protocol.md).

    .PARAMETER Secret
    The integration secret: a SecureString (recommended, e.g. from Read-Host -AsSecureString), a
    PSCredential (its password is used) or a plain string. Accepts pipeline input.

    .PARAMETER ApiUrl
    Base URL of the Signature 365 agent API. Default: https://app.signature365.com/api/agent.
    Change it only when Signature 365 support tells you to.

    .PARAMETER Proxy
    HTTP(S) proxy for the connection to Signature 365, e.g. http://proxy.contoso.com:8080. Without it the
    agent honours the HTTPS_PROXY, HTTP_PROXY and NO_PROXY environment variables, and without those the
    machine's WinHTTP proxy and bypass list (netsh winhttp show proxy; set with netsh winhttp set proxy).
    Test-S365Auth's agent answer says which one was used.

    .PARAMETER ProxyCredential
    Credentials for an authenticating proxy. They are folded into the proxy URL inside the JSON request
    and stored by the agent as a secret. Requires -Proxy.

    .PARAMETER CaFile
    A PEM file with an extra certificate authority to trust for the API, e.g. the root of a TLS-inspecting
    proxy. Not needed when that root is in the Windows certificate store (Trusted Root Certification
    Authorities, as Group Policy puts it there): the agent trusts the store, Node's roots and this file.

    .PARAMETER SkipCertificateCheck
    Turns off TLS certificate checks for the API. For tests only: every use is logged as a warning.

    .PARAMETER SkipTest
    Saves the settings without calling Signature 365 to check the secret.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    System.Security.SecureString, System.Management.Automation.PSCredential, System.String
    The integration secret.

    .OUTPUTS
    S365ADConnector.Connection
    Whether the connection was tested, the tenant name and id, and the API URL.

    .EXAMPLE
    PS C:\> Connect-Signature365

    Prompts for the integration secret (without echo), checks it with Signature 365 and stores it.

    .EXAMPLE
    PS C:\> $secret = Read-Host -AsSecureString -Prompt 'Integration secret'
    PS C:\> Connect-Signature365 -Secret $secret

    Connects with a secret held in a SecureString.

    .EXAMPLE
    PS C:\> Connect-Signature365 -Secret $secret -Proxy http://proxy.contoso.com:8080 -ProxyCredential (Get-Credential CONTOSO\proxyuser)

    Connects through an authenticating proxy.

    .EXAMPLE
    PS C:\> Get-Secret -Name S365Integration | Connect-Signature365 -ConfigDir D:\S365

    Takes the secret from a SecretManagement vault through the pipeline and stores the configuration in D:\S365.

    .LINK
    Test-S365Auth

    .LINK
    Disconnect-Signature365

    .LINK
    about_S365ADConnector
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.Connection')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)]
        [ValidateScript({ Test-S365SecretInput -Value $_ })]
        [object] $Secret,

        [ValidateNotNullOrEmpty()]
        [string] $ApiUrl,

        [ValidateNotNullOrEmpty()]
        [string] $Proxy,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $ProxyCredential = [System.Management.Automation.PSCredential]::Empty,

        [ValidateNotNullOrEmpty()]
        [string] $CaFile,

        [switch] $SkipCertificateCheck,

        [switch] $SkipTest,

        [string] $ConfigDir
    )

    begin {
        $given = $null
    }

    process {
        if ($null -ne $Secret) { $given = $Secret }
    }

    end {
        if ($null -eq $given) {
            if (-not (Test-S365CanPrompt)) {
                $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Secret' `
                            -Message 'Give the integration secret with -Secret (or through the pipeline); this session cannot prompt for it.'))
            }
            $given = Read-Host -AsSecureString -Prompt 'Signature 365 integration secret'
        }
        $plain = ConvertFrom-S365SecureValue -Value $given
        if ([string]::IsNullOrEmpty($plain)) {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Secret' -Message 'The integration secret is empty.'))
        }

        $params = [ordered]@{ secret = $plain }
        if ($ApiUrl) { $params['apiUrl'] = $ApiUrl }
        $hasProxyCredential = ($null -ne $ProxyCredential -and $ProxyCredential -ne [System.Management.Automation.PSCredential]::Empty)
        if ($hasProxyCredential -and -not $Proxy) {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'ProxyCredential' -Message '-ProxyCredential needs -Proxy.'))
        }
        if ($Proxy) {
            $proxyUrl = $Proxy
            if ($hasProxyCredential) {
                $uri = $null
                if (-not [Uri]::TryCreate($Proxy, [UriKind]::Absolute, [ref]$uri)) {
                    $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject $Proxy -Message "-Proxy '$Proxy' is not an absolute URL."))
                }
                $network = $ProxyCredential.GetNetworkCredential()
                $user = $ProxyCredential.UserName
                $proxyUrl = '{0}://{1}:{2}@{3}{4}' -f $uri.Scheme, [Uri]::EscapeDataString($user), [Uri]::EscapeDataString($network.Password), $uri.Authority, $uri.PathAndQuery
            }
            $params['proxy'] = $proxyUrl
        }
        if ($CaFile) { $params['caFile'] = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($CaFile) }
        if ($SkipCertificateCheck) { $params['tlsInsecure'] = $true }
        if ($SkipTest) { $params['skipTest'] = $true }

        $target = $ApiUrl
        if (-not $target) { $target = 'Signature 365' }
        $outcome = Invoke-S365Agent -Verb 'connect' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
        $plain = $null
        $params = $null
        $data = $outcome.Data
        [pscustomobject]@{
            PSTypeName = 'S365ADConnector.Connection'
            Connected  = [bool](Get-S365Value $data 'connected' -Default $false)
            TenantName = [string](Get-S365Value $data 'tenantName')
            TenantId   = [string](Get-S365Value $data 'tenantId')
            ApiUrl     = [string](Get-S365Value $data 'apiUrl')
            Tested     = [bool](Get-S365Value $data 'tested' -Default $false)
        }
    }
}
