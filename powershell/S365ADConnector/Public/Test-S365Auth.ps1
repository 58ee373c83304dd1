function Test-S365Auth {
    <#
    .SYNOPSIS
    Checks the stored integration secret with Signature 365.

    .DESCRIPTION
    Test-S365Auth asks Signature 365 who the stored integration secret belongs to and measures the round
    trip. It returns the tenant name and id, whether the AD integration is enabled, and the latency.

    With -Quiet it returns only $true or $false: $false when Signature 365 refuses the secret
    (AUTH_REFUSED), the integration is disabled (INTEGRATION_DISABLED) or the API fails or cannot be
    reached (API_ERROR, API_UNREACHABLE). Other failures (no secret stored yet: NOT_CONFIGURED) still
    throw, because they need fixing rather than retrying.

    Runs the agent verb 'test-auth' (docs/protocol.md).

    .PARAMETER Quiet
    Returns $true or $false instead of an object, and does not throw on authentication or API failures.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.AuthResult
    TenantName, TenantId, Enabled, LatencyMs, ApiUrl, ProxyOrigin (config: -Proxy of Connect-Signature365;
    environment: HTTPS_PROXY or HTTP_PROXY; system: the WinHTTP proxy; none: direct) and Proxy (the proxy
    used, http://host:port, never with credentials).

    System.Boolean
    With -Quiet.

    .EXAMPLE
    PS C:\> Test-S365Auth

    TenantName TenantId Enabled LatencyMs
    ---------- -------- ------- ---------
    Contoso    t-123    True           84

    Checks the stored secret.

    .EXAMPLE
    PS C:\> if (-not (Test-S365Auth -Quiet)) { Write-Warning 'Signature 365 refused the secret; run Connect-Signature365.' }

    Uses the boolean form in a script.

    .EXAMPLE
    PS C:\> try { Test-S365Auth -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Data['ExitCode'] }

    Shows the protocol error code (e.g. AUTH_REFUSED) and the agent's exit code of a failure.

    .LINK
    Connect-Signature365
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.AuthResult', [bool])]
    param(
        [switch] $Quiet,

        [string] $ConfigDir
    )

    $outcome = Invoke-S365Agent -Verb 'test-auth' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'Signature 365' -NoThrow
    if (-not $outcome.Ok) {
        $code = [string]$outcome.Error.code
        if ($Quiet -and @('AUTH_REFUSED', 'INTEGRATION_DISABLED', 'API_ERROR', 'API_UNREACHABLE') -contains $code) {
            Write-Verbose ("Test-S365Auth: {0}: {1}" -f $code, $outcome.Error.message)
            return $false
        }
        $PSCmdlet.ThrowTerminatingError((ConvertTo-S365ErrorRecord -Outcome $outcome -TargetObject 'Signature 365'))
    }
    $data = $outcome.Data
    $enabled = [bool](Get-S365Value $data 'enabled' -Default $false)
    if ($Quiet) { return $enabled }
    [pscustomobject]@{
        PSTypeName = 'S365ADConnector.AuthResult'
        TenantName = [string](Get-S365Value $data 'tenantName')
        TenantId   = [string](Get-S365Value $data 'tenantId')
        Enabled    = $enabled
        LatencyMs  = [int](Get-S365Value $data 'latencyMs' -Default 0)
        ApiUrl     = [string](Get-S365Value $data 'apiUrl')
        ProxyOrigin = [string](Get-S365Value (Get-S365Value $data 'proxy') 'origin' -Default 'none')
        Proxy      = [string](Get-S365Value (Get-S365Value $data 'proxy') 'proxy')
    }
}
