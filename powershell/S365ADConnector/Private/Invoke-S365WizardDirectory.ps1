function Invoke-S365WizardDirectory {
    <#
    .SYNOPSIS
    Setup wizard, step 2: the directory. Shows the directory configured and keeps it unless the person wants
    another; otherwise asks (Read-S365WizardDirectory) and checks the bind (Set-S365Directory).

    .DESCRIPTION
    On Windows (-OnWindows, from Test-S365IsWindows) the default is integrated authentication with the domain
    found by the agent: no server name and no account. Off Windows a server and a service account are asked
    for, as before. Without a prompt: -Server and -Credential given are used as Set-S365Directory takes them
    (-Server alone: integrated with those servers; -Credential alone: that account, the domain located), else
    a configured directory is kept, else on Windows integrated with the domain located, and off Windows
    BAD_REQUEST. Returns @{ Servers; Domain; BindDn; Changed; Result }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [string[]] $Server,
        [System.Management.Automation.PSCredential] $Credential,
        [string] $CaFile,
        [string] $ConfigDir,
        [bool] $Interactive,
        [bool] $OnWindows
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 2 of 6: Active Directory'
    if ($OnWindows) {
        Write-S365WizardLine '  The agent reads AD as this server itself (integrated: as SYSTEM the computer account, or a gMSA; no'
        Write-S365WizardLine '  password stored) and finds the domain and a domain controller of this site by itself. A server'
        Write-S365WizardLine '  outside the domain binds to a domain controller with a (read-only) service account instead.'
    } else {
        Write-S365WizardLine '  Off Windows the agent binds to a domain controller with a (read-only) service account: reading AD'
        Write-S365WizardLine '  as this computer needs a Kerberos ticket and the .NET bridge, which the Linux agent does not carry.'
    }
    $given = ($Server.Count -gt 0 -or $null -ne $Credential)
    if (-not $given) {
        $config = Get-S365Configuration -ConfigDir $ConfigDir
        if ($config.Servers.Count -gt 0 -or $config.Domain) {
            Write-S365WizardLine ('  Found: {0}.' -f (Format-S365DirectoryTarget -Servers $config.Servers -Domain $config.Domain -BindDn $config.BindDn))
            if (Test-S365WizardKeep -What 'directory' -Interactive $Interactive) {
                return @{ Servers = @($config.Servers); Domain = [string]$config.Domain; BindDn = [string]$config.BindDn; Changed = $false }
            }
        } elseif (-not $Interactive -and -not $OnWindows) {
            throw (New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'Server' `
                    -Message 'No directory configured: give -Server and -Credential (this session cannot prompt for them).')
        }
    }
    $tries = 0
    while ($true) {
        $tries++
        if ($given) {
            $answers = @{ Server = $Server; Credential = $Credential; CaFile = $CaFile }
        } elseif ($Interactive) {
            $answers = Read-S365WizardDirectory -OnWindows $OnWindows -CaFile $CaFile
        } else {
            $answers = @{}
        }
        $directory = @{ ConfigDir = $ConfigDir; PassThru = $true; Confirm = $false }
        foreach ($name in 'Server', 'Credential', 'CaFile') { if ($answers[$name]) { $directory[$name] = $answers[$name] } }
        $bindDn = ''
        if ($answers['Credential']) { $bindDn = $answers['Credential'].UserName }
        try {
            $result = Set-S365Directory @directory -ErrorAction Stop
            $servers = @($answers['Server'] | Where-Object { $_ })
            $domain = ''
            if ($null -ne $result) { $domain = [string]$result.Domain }
            $answered = ''
            if ($null -ne $result -and $result.Server) { $answered = '; {0} answered' -f $result.Server }
            Write-S365WizardLine ('  Bind OK: {0}{1}.' -f (Format-S365DirectoryTarget -Servers $servers -Domain $domain -BindDn $bindDn), $answered)
            if (-not $bindDn) {
                Write-S365WizardLine '  That test ran as the account running this setup; scheduled syncs bind as the account they run as'
                Write-S365WizardLine '  (SYSTEM: this computer''s account, or the gMSA of step 5).'
            }
            return @{ Servers = $servers; Domain = $domain; BindDn = $bindDn; Changed = $true; Result = $result }
        } catch {
            $code = [string]$_.Exception.Data['Code']
            if ($given -or -not $Interactive -or $tries -ge 3 -or @('DIRECTORY_ERROR', 'DIRECTORY_UNREACHABLE', 'BAD_REQUEST') -notcontains $code) { throw }
            Write-S365WizardLine ('  Failed ({0}): {1} Try again.' -f $code, $_.Exception.Message)
        }
    }
}
