function Invoke-S365WizardDirectory {
    <#
    .SYNOPSIS
    Setup wizard, step 2: the directory. Until integrated Windows authentication lands (and on a server off
    the domain) the agent binds with a server and an account: shows the servers and account configured and
    keeps them unless the person wants others; otherwise asks for the server, the account, its password
    (masked) and an optional CA file, and checks the bind (Set-S365Directory).
    Without a prompt: -Server with -Credential are used, else a configured directory is kept, else BAD_REQUEST.
    Returns @{ Servers; BindDn; Changed }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [string[]] $Server,
        [System.Management.Automation.PSCredential] $Credential,
        [string] $CaFile,
        [string] $ConfigDir,
        [bool] $Interactive
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 2 of 6: Active Directory'
    Write-S365WizardLine '  Reading AD with this server''s own identity comes with the Windows integration; until then the'
    Write-S365WizardLine '  agent binds to a domain controller with a (read-only) service account.'
    $given = ($Server.Count -gt 0)
    if (-not $given) {
        $config = Get-S365Configuration -ConfigDir $ConfigDir
        if ($config.Servers.Count -gt 0 -or $config.Domain) {
            $where = $config.Domain
            if ($config.Servers.Count -gt 0) { $where = $config.Servers -join ', ' }
            Write-S365WizardLine ("  Found: {0} as {1}." -f $where, $config.BindDn)
            if (Test-S365WizardKeep -What 'directory' -Interactive $Interactive) { return @{ Servers = @($config.Servers); BindDn = $config.BindDn; Changed = $false } }
        } elseif (-not $Interactive) {
            throw (New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Server' `
                    -Message 'No directory configured: give -Server and -Credential (this session cannot prompt for them).')
        }
    }
    if ($given -and $null -eq $Credential) {
        throw (New-S365ErrorRecord -Code 'NOT_IMPLEMENTED' -TargetObject 'Credential' `
                -Message 'Give -Credential with -Server: integrated Windows authentication is not available yet.')
    }
    $tries = 0
    while ($true) {
        $tries++
        $servers = $Server
        $account = $Credential
        $ca = $CaFile
        if (-not $given) {
            $servers = @()
            while ($servers.Count -eq 0) {
                $servers = @((Read-S365WizardAnswer -Prompt '  Domain controller (host name or ldaps:// URL; several: comma-separated)') -split '\s*,\s*' | Where-Object { $_ })
            }
            $user = ''
            while (-not $user) { $user = Read-S365WizardAnswer -Prompt '  Account (DOMAIN\name, name@domain or its DN)' }
            $password = Read-S365WizardAnswer -Prompt ("  Password for {0}" -f $user) -AsSecureString
            $account = New-Object System.Management.Automation.PSCredential($user, $password)
            if (-not $ca) { $ca = Read-S365WizardAnswer -Prompt '  CA certificate file for LDAPS (Enter: the system''s trusted CAs)' }
        }
        $directory = @{ Server = $servers; Credential = $account; ConfigDir = $ConfigDir; PassThru = $true; Confirm = $false }
        if ($ca) { $directory['CaFile'] = $ca }
        try {
            $result = Set-S365Directory @directory -ErrorAction Stop
            Write-S365WizardLine ("  Bind OK: {0} as {1}." -f ($servers -join ', '), $account.UserName)
            return @{ Servers = @($servers); BindDn = $account.UserName; Changed = $true; Result = $result }
        } catch {
            $code = [string]$_.Exception.Data['Code']
            if ($given -or $tries -ge 3 -or @('DIRECTORY_ERROR', 'DIRECTORY_UNREACHABLE', 'BAD_REQUEST') -notcontains $code) { throw }
            Write-S365WizardLine ('  Failed ({0}): {1} Try again.' -f $code, $_.Exception.Message)
        }
    }
}
