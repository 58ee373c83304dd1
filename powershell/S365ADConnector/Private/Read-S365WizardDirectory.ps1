function Read-S365WizardDirectory {
    <#
    .SYNOPSIS
    Setup wizard, step 2, with a person: asks how the agent reads AD and returns the Set-S365Directory
    parameters for it (@{ Server; Credential; CaFile }, none of them for integrated authentication).

    .DESCRIPTION
    On Windows the first choice, taken with Enter, is integrated authentication with the domain found by the
    agent (no server, no account); the second, a service account. Off Windows only the service account is
    asked for (domain controllers, account, password, CA file): integrated authentication there needs a
    Kerberos ticket and the .NET bridge, which the Linux agent does not carry (Set-S365Directory without
    -Credential still tries it, docs/windows.md).
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [bool] $OnWindows,
        [string] $CaFile
    )
    if ($OnWindows) {
        Write-S365WizardLine '    1) This server''s own identity, its domain and domain controllers found automatically (no password)'
        Write-S365WizardLine '    2) A service account, with the domain controllers to bind to'
        $answer = ''
        while (@('1', '2') -notcontains $answer) { $answer = Read-S365WizardAnswer -Prompt '  How the agent reads AD' -Default '1' }
        if ($answer -eq '1') { return @{} }
    }
    $servers = @()
    while ($servers.Count -eq 0) {
        $servers = @((Read-S365WizardAnswer -Prompt '  Domain controller (host name or ldaps:// URL; several: comma-separated)') -split '\s*,\s*' | Where-Object { $_ })
    }
    $user = ''
    while (-not $user) { $user = Read-S365WizardAnswer -Prompt '  Account (DOMAIN\name, name@domain or its DN)' }
    $password = Read-S365WizardAnswer -Prompt ("  Password for {0}" -f $user) -AsSecureString
    $answers = @{ Server = $servers; Credential = (New-Object System.Management.Automation.PSCredential($user, $password)) }
    $ca = $CaFile
    if (-not $ca) { $ca = Read-S365WizardAnswer -Prompt '  CA certificate file for LDAPS (Enter: the system''s trusted CAs)' }
    if ($ca) { $answers['CaFile'] = $ca }
    return $answers
}
