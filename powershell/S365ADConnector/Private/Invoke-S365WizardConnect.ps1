function Invoke-S365WizardConnect {
    <#
    .SYNOPSIS
    Setup wizard, step 1: the integration secret. Shows the tenant already connected (test-auth) and keeps
    it unless the person wants another secret; otherwise asks for the secret (masked), checks it with
    Signature 365 (Connect-Signature365) and shows the tenant name. A refused secret is asked again (3 tries).
    Without a prompt: -Secret is used, else a working connection is kept, else BAD_REQUEST.
    Returns @{ TenantName; TenantId; ApiUrl; Changed }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [object] $Secret,
        [string] $ApiUrl,
        [string] $ConfigDir,
        [bool] $Interactive
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 1 of 6: Signature 365 integration secret'
    $connect = @{}
    if ($ApiUrl) { $connect['ApiUrl'] = $ApiUrl }
    if ($ConfigDir) { $connect['ConfigDir'] = $ConfigDir }
    if ($null -eq $Secret) {
        $current = $null
        if ((Get-S365Configuration -ConfigDir $ConfigDir).ApiSecretSet) {
            try {
                $current = Test-S365Auth -ConfigDir $ConfigDir
            } catch {
                Write-S365WizardLine ('  The stored secret does not work: {0}' -f $_.Exception.Message)
            }
        }
        if ($null -ne $current) {
            Write-S365WizardLine ("  Found: connected to tenant '{0}' ({1})." -f $current.TenantName, $current.ApiUrl)
            if (Test-S365WizardKeep -What 'connection' -Interactive $Interactive) { return @{ TenantName = $current.TenantName; TenantId = $current.TenantId; ApiUrl = $current.ApiUrl; Changed = $false } }
        } elseif (-not $Interactive) {
            throw (New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Secret' `
                    -Message 'Not connected to Signature 365: give the integration secret with -Secret (this session cannot prompt for it).')
        }
    }
    $tries = 0
    while ($true) {
        $tries++
        $given = $Secret
        if ($null -eq $given) {
            Write-S365WizardLine '  Paste the integration secret from the portal (Integrations > Active Directory agent); it is not shown.'
            $given = Read-S365WizardAnswer -Prompt '  Integration secret' -AsSecureString
        }
        try {
            $connection = Connect-Signature365 -Secret $given @connect -ErrorAction Stop
            Write-S365WizardLine ("  Test Authentication: OK, tenant '{0}'." -f $connection.TenantName)
            return @{ TenantName = $connection.TenantName; TenantId = $connection.TenantId; ApiUrl = $connection.ApiUrl; Changed = $true }
        } catch {
            $code = [string]$_.Exception.Data['Code']
            $retry = $Interactive -and ($null -eq $Secret) -and $tries -lt 3 -and @('AUTH_REFUSED', 'INTEGRATION_DISABLED', 'BAD_REQUEST') -contains $code
            if (-not $retry) { throw }
            Write-S365WizardLine ('  Refused ({0}): {1} Try again.' -f $code, $_.Exception.Message)
        }
    }
}
