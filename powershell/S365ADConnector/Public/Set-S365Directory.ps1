function Set-S365Directory {
    <#
    .SYNOPSIS
    Sets the domain controllers the AD Connector reads Active Directory from, and how it binds.

    .DESCRIPTION
    Set-S365Directory connects to the first domain controller that answers, binds and reads the rootDSE
    (unless -SkipTest), then saves the settings.

    Without -Credential it selects integrated authentication: no account and no password are stored; the
    agent binds as the identity of the process that runs it (Negotiate: Kerberos). On Windows that is the
    computer account when it runs as SYSTEM (the scheduled task of Register-S365SyncTask), or a gMSA; on
    Linux the Kerberos ticket in KRB5CCNAME (kinit). The Kerberos session is signed and sealed, so plain
    ldap:// is accepted without -AllowPlainLdap, and bare host names become ldap://<host>.

    With -Credential the agent does an LDAP simple bind with that account; the password is handed to the
    agent only inside the JSON request on its standard input and is stored as a secret.

    Servers are LDAP URLs (ldaps://dc1.contoso.com:636) or host names: with -Credential a bare host name
    becomes ldaps://<host>, or ldap://<host> with -StartTls or -AllowPlainLdap; without it ldap://<host>.
    They are tried in order (failover). Kerberos needs the domain controllers' DNS names, not addresses.

    Instead of -Server, -Domain names the DNS domain (contoso.com): at every connection the agent looks
    up its domain controllers in DNS (the SRV records _ldap._tcp.dc._msdcs.<domain> that Active Directory
    registers), in priority and weight order, and fails over across them; domain controllers added or
    retired later need no change here. Those of this computer's site come first: the agent learns the
    site from the Windows DC locator (off Windows, or when the locator fails, by asking a domain
    controller with an LDAP ping) and tries the SRV records _ldap._tcp.<site>._sites.dc._msdcs.<domain>
    before the rest. LDAPS on port 636 is used, or StartTLS on the SRV port with -StartTls. When DNS lists
    no domain controller the command fails with DIRECTORY_UNREACHABLE.

    With neither -Server nor -Domain, the agent finds the domain of this computer by itself: on Windows
    the domain it is a member of (the Windows DC locator, DsGetDcName); on Linux its DNS domain (host
    name, resolv.conf domain and search) or Kerberos default realm, the first for which DNS lists domain
    controllers. That domain is saved as if given with -Domain, so its domain controllers and site are
    found again at every connection. On a computer that is not a domain member (or whose domain
    controllers cannot be found) the command fails with DIRECTORY_UNREACHABLE; give -Domain or -Server.

    Whether integrated authentication can run is the agent's decision: where its Windows bridge is missing
    the command fails with DIRECTORY_ERROR (details.problem 'integrated-unavailable'); a refused bind says
    which account the process is. -StartTls, -CaFile and -SkipCertificateCheck apply to a simple bind only
    (BAD_REQUEST without -Credential).

    Runs the agent verb 'set-directory' (docs/protocol.md).

    .PARAMETER Server
    One or more domain controllers, as ldaps:// or ldap:// URLs or host names, tried in order.

    .PARAMETER Domain
    The DNS name of the Active Directory domain (contoso.com); its domain controllers are found in DNS at
    every connection, those of this computer's site first. Use instead of -Server. Without -Domain and
    -Server, the domain of this computer.

    .PARAMETER Credential
    The account used to read the directory (an LDAP simple bind). The user name is a user principal name
    (svc-s365@contoso.com) or a distinguished name. An ordinary user account is enough (read access).
    Omit it for integrated authentication (the process identity, no stored password).

    .PARAMETER SearchBase
    The distinguished name under which users and groups are read. Default: the domain's naming context.

    .PARAMETER StartTls
    Upgrades ldap:// connections with StartTLS.

    .PARAMETER CaFile
    A PEM file with the certificate authority of the domain controllers' certificates, when it is not
    trusted by the machine (the agent trusts the Windows certificate store, an enterprise CA included).

    .PARAMETER SkipCertificateCheck
    Turns off certificate checks of the domain controllers. For tests only.

    .PARAMETER AllowPlainLdap
    Accepts ldap:// without TLS (the password then crosses the network in clear). Refused otherwise.

    .PARAMETER PageSize
    LDAP paged search size, 1 to 1000. Default 500.

    .PARAMETER MembershipStrategy
    How the members of nested groups (scope and excluded groups) are found: InChain asks the domain
    controller with the LDAP_MATCHING_RULE_IN_CHAIN rule, Walk reads the groups' member lists one by one,
    Auto (the default) uses InChain when the domain controller supports it (Get-S365DirectoryInfo shows
    NestedGroupQuery) and Walk otherwise or when an InChain query runs out of time.

    .PARAMETER Timeout
    How long one LDAP operation (bind, StartTLS, each page of a search) may take, 100 milliseconds to
    1 hour. Default 2 minutes.

    .PARAMETER ConnectTimeout
    How long the connection and TLS handshake to each domain controller may take before the next one is
    tried, 100 milliseconds to 1 hour. Default 10 seconds.

    .PARAMETER SkipTest
    Saves the settings without connecting.

    .PARAMETER PassThru
    Returns the saved settings and the result of the test. By default there is no output.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .PARAMETER WhatIf
    Shows what would happen without changing the settings.

    .PARAMETER Confirm
    Asks for confirmation before changing the settings.

    .INPUTS
    None

    .OUTPUTS
    None, or S365ADConnector.DirectoryConfiguration with -PassThru.

    .EXAMPLE
    PS C:\> Set-S365Directory -PassThru

    On a domain member: integrated authentication, the computer's own domain and a domain controller of
    its site, found by the agent; no server name and no password are given or stored.

    .EXAMPLE
    PS C:\> Set-S365Directory -Server dc1.contoso.com, dc2.contoso.com

    Integrated authentication: binds as this process (as SYSTEM: the computer account) with Kerberos over
    ldap://dc1.contoso.com, failing over to dc2; no password is stored.

    .EXAMPLE
    PS C:\> Set-S365Directory -Server dc1.contoso.com, dc2.contoso.com -Credential (Get-Credential svc-s365@contoso.com)

    Reads the directory over LDAPS from dc1, failing over to dc2.

    .EXAMPLE
    PS C:\> Set-S365Directory -Server ldaps://dc1.contoso.com:636 -Credential $cred -SearchBase 'OU=Staff,DC=contoso,DC=com' -CaFile C:\certs\contoso-root.pem -PassThru

    Limits the search to one OU, trusts the company CA and shows the domain controller that answered.

    .EXAMPLE
    PS C:\> Set-S365Directory -Domain contoso.com -Credential (Get-Credential svc-s365@contoso.com) -PassThru

    Finds the domain controllers of contoso.com in DNS at every connection, and shows the one that answered.

    .EXAMPLE
    PS C:\> Set-S365Directory -Server ldap://dc1.contoso.com -StartTls -Credential $cred

    Uses StartTLS on port 389.

    .EXAMPLE
    PS C:\> Set-S365Directory -Server dc1.contoso.com, dc2.contoso.com -Credential $cred -ConnectTimeout (New-TimeSpan -Seconds 3) -MembershipStrategy Walk

    Moves on to dc2 when dc1 does not answer within 3 seconds, and finds nested group members by reading
    member lists.

    .LINK
    Set-S365SyncScope

    .LINK
    Get-S365Configuration
    #>
    [CmdletBinding(DefaultParameterSetName = 'Locate', SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.DirectoryConfiguration')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Server')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Server,

        [Parameter(Mandatory = $true, ParameterSetName = 'Domain')]
        [ValidateNotNullOrEmpty()]
        [string] $Domain,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,

        [ValidateNotNullOrEmpty()]
        [string] $SearchBase,

        [switch] $StartTls,

        [ValidateNotNullOrEmpty()]
        [string] $CaFile,

        [switch] $SkipCertificateCheck,

        [switch] $AllowPlainLdap,

        [ValidateRange(1, 1000)]
        [int] $PageSize,

        [ValidateSet('Auto', 'InChain', 'Walk')]
        [string] $MembershipStrategy,

        [TimeSpan] $Timeout,

        [TimeSpan] $ConnectTimeout,

        [switch] $SkipTest,

        [switch] $PassThru,

        [string] $ConfigDir
    )

    $domainName = $null
    if ($PSCmdlet.ParameterSetName -eq 'Domain') { $domainName = $Domain.Trim() }
    $integrated = $null -eq $Credential -or $Credential -eq [System.Management.Automation.PSCredential]::Empty
    $servers = @(foreach ($s in @($Server | Where-Object { $_ })) {
            if ($s -match '^[a-zA-Z][a-zA-Z0-9+.-]*://') {
                $s
            } elseif ($integrated -or $StartTls -or $AllowPlainLdap) {
                "ldap://$s"
            } else {
                "ldaps://$s"
            }
        })

    $target = $servers -join ', '
    if ($domainName) { $target = "domain controllers of $domainName" }
    # Neither -Server nor -Domain: the agent finds this computer's domain (and the DCs of its site).
    if ($PSCmdlet.ParameterSetName -eq 'Locate') { $target = "domain controllers of this computer's domain" }

    $params = [ordered]@{}
    if ($domainName) { $params['domain'] = $domainName } elseif ($PSCmdlet.ParameterSetName -eq 'Server') { $params['servers'] = [string[]]$servers }
    if ($integrated) {
        $authMode = 'integrated'
        $identity = 'the identity of the agent process (integrated authentication)'
    } else {
        $authMode = 'simple'
        $params['bindDn'] = $Credential.UserName
        $params['bindPassword'] = $Credential.GetNetworkCredential().Password
        $identity = "'{0}'" -f $Credential.UserName
    }
    $params['auth'] = $authMode
    if ($SearchBase) { $params['baseDn'] = $SearchBase }
    if ($StartTls) { $params['startTls'] = $true }
    if ($CaFile) { $params['caFile'] = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($CaFile) }
    if ($SkipCertificateCheck) { $params['tlsInsecure'] = $true }
    if ($AllowPlainLdap) { $params['allowPlainLdap'] = $true }
    if ($PSBoundParameters.ContainsKey('PageSize')) { $params['pageSize'] = $PageSize }
    if ($MembershipStrategy) {
        $strategies = @{ 'Auto' = 'auto'; 'InChain' = 'in-chain'; 'Walk' = 'walk' }
        $params['membershipStrategy'] = $strategies[$MembershipStrategy]
    }
    foreach ($pair in @(@('Timeout', 'timeoutMs'), @('ConnectTimeout', 'connectTimeoutMs'))) {
        if (-not $PSBoundParameters.ContainsKey($pair[0])) { continue }
        $ms = [long][Math]::Round(([TimeSpan]$PSBoundParameters[$pair[0]]).TotalMilliseconds)
        if ($ms -lt 100 -or $ms -gt 3600000) {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject $PSBoundParameters[$pair[0]] -ExitCode 2 `
                        -Message ('-{0} must be from 100 milliseconds to 1 hour.' -f $pair[0])))
        }
        $params[$pair[1]] = $ms
    }
    if ($SkipTest) { $params['skipTest'] = $true }

    if (-not $PSCmdlet.ShouldProcess($target, ("Read Active Directory as {0}" -f $identity))) { return }

    $outcome = Invoke-S365Agent -Verb 'set-directory' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
    $params = $null
    $data = $outcome.Data
    $result = [pscustomobject]@{
        PSTypeName  = 'S365ADConnector.DirectoryConfiguration'
        Servers     = [string[]]@(Get-S365Value $data 'servers' -Default @())
        Domain      = [string](Get-S365Value $data 'domain')
        DomainFrom  = [string](Get-S365Value $data 'domainFrom')
        BaseDn      = [string](Get-S365Value $data 'baseDn')
        Auth        = [string](Get-S365Value $data 'auth' -Default $authMode)
        BindDn      = [string](Get-S365Value $data 'bindDn')
        Tested      = [bool](Get-S365Value $data 'tested' -Default $false)
        Server      = [string](Get-S365Value $data 'server')
        DnsHostName = [string](Get-S365Value $data 'dnsHostName')
    }
    if ($result.Tested) {
        Write-Verbose ("Directory settings saved; {0} ({1}) answered." -f $result.Server, $result.DnsHostName)
    } else {
        Write-Verbose 'Directory settings saved without a test.'
    }
    if ($PassThru) { $result }
}
