#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Initialize-S365Connector, the setup wizard: its step functions with mocks (no agent), then (tag Integration)
# the whole wizard against the real core, the API emulator and the test DC: driven by keystrokes in real
# pwsh under tmux (build/apt.sh install wizard), and run with parameters only, with no one to ask.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force
}

AfterAll {
    Get-Module S365ADConnector | Remove-Module -Force
}

Describe 'The setup wizard''s steps (mocked)' {
    It 'Test-S365CanPrompt: a person at the console may be asked; a local session that cannot prompt may not' {
        InModuleScope S365ADConnector {
            Mock Test-S365Interactive { $true }
            Test-S365CanPrompt | Should -BeTrue
            Mock Test-S365Interactive { $false }
            $Host.Name | Should -Not -Be 'ServerRemoteHost'
            Test-S365CanPrompt | Should -BeFalse
        }
    }

    It 'ConvertFrom-S365WizardNumberList reads <Text> as <Expected>' -ForEach @(
        @{ Text = '1,3'; Expected = @(1, 3) }
        @{ Text = '2-4'; Expected = @(2, 3, 4) }
        @{ Text = ' 3 1 3 '; Expected = @(3, 1) }
        @{ Text = '0, 9, x, 2'; Expected = @(2) }
        @{ Text = ''; Expected = @() }
    ) {
        InModuleScope S365ADConnector -Parameters @{ Text = $Text; Expected = $Expected } {
            param($Text, $Expected)
            $numbers = ConvertFrom-S365WizardNumberList -Text $Text -Count 4
            @($numbers) | Should -Be $Expected
        }
    }

    It 'the secret step, with no one to ask and no secret stored, fails with BAD_REQUEST and never prompts' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ ApiSecretSet = $false } }
            Mock Read-S365WizardAnswer { throw 'prompted' }
            $err = $null
            try { Invoke-S365WizardConnect -Interactive $false -InformationAction SilentlyContinue } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'BAD_REQUEST'
            $err.Exception.Message | Should -Match '-Secret'
            Should -Invoke Read-S365WizardAnswer -Times 0
        }
    }

    It 'the secret step asks again (masked) after a refused secret and shows the tenant' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ ApiSecretSet = $false } }
            Mock Read-S365WizardAnswer { ConvertTo-SecureString 'x' -AsPlainText -Force } -ParameterFilter { $AsSecureString }
            $script:connectCalls = 0
            Mock Connect-Signature365 {
                $script:connectCalls++
                if ($script:connectCalls -eq 1) { throw (New-S365ErrorRecord -Code 'AUTH_REFUSED' -Message 'The secret was refused.') }
                [pscustomobject]@{ TenantName = 'Contoso'; TenantId = 't1'; ApiUrl = 'http://x' }
            }
            $lines = Invoke-S365WizardConnect -Interactive $true 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }
            Should -Invoke Read-S365WizardAnswer -Times 2 -ParameterFilter { $AsSecureString }
            ($lines -join "`n") | Should -Match 'Refused \(AUTH_REFUSED\)'
            ($lines -join "`n") | Should -Match "tenant 'Contoso'"
        }
    }

    It 'the secret step keeps a working connection without a prompt' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ ApiSecretSet = $true } }
            Mock Test-S365Auth { [pscustomobject]@{ TenantName = 'Contoso'; TenantId = 't1'; ApiUrl = 'http://x' } }
            Mock Connect-Signature365 { throw 'connected again' }
            $result = Invoke-S365WizardConnect -Interactive $false -InformationAction SilentlyContinue
            $result.TenantName | Should -Be 'Contoso'
            $result.Changed | Should -BeFalse
        }
    }

    It 'the directory step passes -Server without -Credential on as integrated authentication with those servers (OnWindows <OnWindows>)' -ForEach @(
        @{ OnWindows = $true }
        @{ OnWindows = $false }
    ) {
        InModuleScope S365ADConnector -Parameters @{ OnWindows = $OnWindows } {
            param($OnWindows)
            Mock Get-S365Configuration { throw 'read the configuration' }
            Mock Read-S365WizardAnswer { throw 'prompted' }
            Mock Set-S365Directory { [pscustomobject]@{ Servers = @('ldap://dc1'); Domain = ''; Auth = 'integrated'; Server = 'ldap://dc1' } }
            $result = Invoke-S365WizardDirectory -Server 'dc1' -Interactive $false -OnWindows $OnWindows -InformationAction SilentlyContinue
            Should -Invoke Set-S365Directory -Times 1 -Exactly -ParameterFilter { @($Server) -join ',' -eq 'dc1' -and $null -eq $Credential -and $PassThru }
            $result.BindDn | Should -BeNullOrEmpty
            $result.Changed | Should -BeTrue
        }
    }

    It 'the directory step on Windows, with no one to ask and nothing configured, binds as this server with the domain located, and prompts for nothing' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Servers = [string[]]@(); Domain = ''; BindDn = '' } }
            Mock Read-S365WizardAnswer { throw 'prompted' }
            Mock Set-S365Directory { [pscustomobject]@{ Servers = [string[]]@(); Domain = 'corp.contoso.com'; DomainFrom = 'windows-locator'; Auth = 'integrated'; Server = 'ldap://dc2.corp.contoso.com'; Tested = $true } }
            $records = Invoke-S365WizardDirectory -Interactive $false -OnWindows $true 6>&1
            $result = $records | Where-Object { $_ -is [hashtable] }
            $text = ($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            Should -Invoke Set-S365Directory -Times 1 -Exactly -ParameterFilter { -not $Server -and -not $Credential.UserName -and -not $CaFile }
            Should -Invoke Read-S365WizardAnswer -Times 0
            $result.Domain | Should -Be 'corp.contoso.com'
            $result.BindDn | Should -BeNullOrEmpty
            $text | Should -Match "Bind OK: the domain controllers of corp\.contoso\.com as this server's own identity \(integrated\); ldap://dc2\.corp\.contoso\.com answered\."
            $text | Should -Match 'scheduled syncs bind as the account they run as'
        }
    }

    It 'the directory step off Windows, with no one to ask and nothing configured, fails with BAD_REQUEST as before and binds nothing' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Servers = [string[]]@(); Domain = ''; BindDn = '' } }
            Mock Read-S365WizardAnswer { throw 'prompted' }
            Mock Set-S365Directory { throw 'called' }
            $err = $null
            try { Invoke-S365WizardDirectory -Interactive $false -OnWindows $false -InformationAction SilentlyContinue } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'BAD_REQUEST'
            $err.Exception.Message | Should -Match '-Server and -Credential'
            Should -Invoke Set-S365Directory -Times 0
        }
    }

    It 'the directory step on Windows, with a person, takes integrated authentication with the domain located on Enter' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Servers = [string[]]@(); Domain = ''; BindDn = '' } }
            # Enter: Read-S365WizardAnswer returns the question's default.
            Mock Read-S365WizardAnswer { $Default }
            Mock Set-S365Directory { [pscustomobject]@{ Servers = [string[]]@(); Domain = 'corp.contoso.com'; Auth = 'integrated'; Server = 'ldap://dc1.corp.contoso.com' } }
            $text = (Invoke-S365WizardDirectory -Interactive $true -OnWindows $true 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            Should -Invoke Read-S365WizardAnswer -Times 1 -Exactly -ParameterFilter { $Prompt -match 'How the agent reads AD' -and $Default -eq '1' }
            Should -Invoke Set-S365Directory -Times 1 -Exactly -ParameterFilter { -not $Server -and -not $Credential.UserName }
            $text | Should -Match "1\) This server's own identity"
            $text | Should -Match '2\) A service account'
            $text | Should -Match 'Bind OK: the domain controllers of corp\.contoso\.com as this server'
        }
    }

    It 'the directory step on Windows, with a person, asks for a service account when it is chosen, and after a located bind that failed' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Servers = [string[]]@(); Domain = ''; BindDn = '' } }
            $script:answers = New-Object System.Collections.Queue
            foreach ($a in '', '2', 'dc1.corp.contoso.com, dc2.corp.contoso.com', 'svc-s365@corp.contoso.com', '') { $script:answers.Enqueue($a) }
            Mock Read-S365WizardAnswer { $next = $script:answers.Dequeue(); if ($next) { $next } else { $Default } }
            Mock Read-S365WizardAnswer { ConvertTo-SecureString 'pw' -AsPlainText -Force } -ParameterFilter { $AsSecureString }
            $script:binds = 0
            Mock Set-S365Directory {
                $script:binds++
                if ($script:binds -eq 1) {
                    throw (New-S365ErrorRecord -Code 'DIRECTORY_UNREACHABLE' -Message "This computer's domain was not found: give -Domain or -Server.")
                }
                [pscustomobject]@{ Servers = [string[]]@('ldaps://dc1.corp.contoso.com', 'ldaps://dc2.corp.contoso.com'); Auth = 'simple'; Server = 'ldaps://dc1.corp.contoso.com' }
            }
            $records = Invoke-S365WizardDirectory -Interactive $true -OnWindows $true 6>&1
            $result = $records | Where-Object { $_ -is [hashtable] }
            $text = ($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            $text | Should -Match "Failed \(DIRECTORY_UNREACHABLE\): This computer's domain was not found"
            Should -Invoke Set-S365Directory -Times 1 -Exactly -ParameterFilter { -not $Credential.UserName }
            Should -Invoke Set-S365Directory -Times 1 -Exactly -ParameterFilter { (@($Server) -join ',') -eq 'dc1.corp.contoso.com,dc2.corp.contoso.com' -and $Credential.UserName -eq 'svc-s365@corp.contoso.com' -and $Credential.GetNetworkCredential().Password -eq 'pw' }
            $result.BindDn | Should -Be 'svc-s365@corp.contoso.com'
            $text | Should -Match 'Bind OK: dc1\.corp\.contoso\.com, dc2\.corp\.contoso\.com as svc-s365@corp\.contoso\.com'
        }
    }

    It 'the directory step off Windows, with a person, asks for a domain controller and a service account, with no choice of integrated authentication' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Servers = [string[]]@(); Domain = ''; BindDn = '' } }
            $script:answers = New-Object System.Collections.Queue
            foreach ($a in 'dc1.corp.contoso.com', 'svc-s365@corp.contoso.com', '/etc/ca.pem') { $script:answers.Enqueue($a) }
            Mock Read-S365WizardAnswer { $script:answers.Dequeue() }
            Mock Read-S365WizardAnswer { ConvertTo-SecureString 'pw' -AsPlainText -Force } -ParameterFilter { $AsSecureString }
            Mock Set-S365Directory { [pscustomobject]@{ Servers = [string[]]@('ldaps://dc1.corp.contoso.com'); Auth = 'simple' } }
            $text = (Invoke-S365WizardDirectory -Interactive $true -OnWindows $false 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            Should -Invoke Read-S365WizardAnswer -Times 0 -ParameterFilter { $Prompt -match 'How the agent reads AD' }
            Should -Invoke Set-S365Directory -Times 1 -Exactly -ParameterFilter { (@($Server) -join ',') -eq 'dc1.corp.contoso.com' -and $Credential.UserName -eq 'svc-s365@corp.contoso.com' -and $CaFile -eq '/etc/ca.pem' }
            $text | Should -Match 'Off Windows the agent binds to a domain controller with a \(read-only\) service account'
            $text | Should -Not -Match "This server's own identity"
        }
    }

    It 'the directory step shows a configured integrated directory as this server''s own identity, and keeps it' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Servers = [string[]]@(); Domain = 'corp.contoso.com'; BindDn = '' } }
            Mock Set-S365Directory { throw 'bound again' }
            $records = Invoke-S365WizardDirectory -Interactive $false -OnWindows $true 6>&1
            $result = $records | Where-Object { $_ -is [hashtable] }
            $text = ($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            $text | Should -Match "Found: the domain controllers of corp\.contoso\.com as this server's own identity \(integrated\)\."
            $result.Changed | Should -BeFalse
            $result.Domain | Should -Be 'corp.contoso.com'
        }
    }

    It 'Initialize-S365Connector tells the directory step whether it runs on Windows' {
        InModuleScope S365ADConnector {
            Mock Test-S365CanPrompt { $false }
            Mock Test-S365IsWindows { $true }
            Mock Invoke-S365WizardConnect { @{ TenantName = 'Contoso' } }
            Mock Invoke-S365WizardDirectory { throw (New-S365ErrorRecord -Code 'DIRECTORY_UNREACHABLE' -Message 'stop here') }
            { Initialize-S365Connector -All -InformationAction SilentlyContinue 6>$null } | Should -Throw -ErrorId 'DIRECTORY_UNREACHABLE,Initialize-S365Connector'
            Should -Invoke Invoke-S365WizardDirectory -Times 1 -Exactly -ParameterFilter { $OnWindows -eq $true -and -not $Interactive }
            Mock Test-S365IsWindows { $false }
            { Initialize-S365Connector -All -InformationAction SilentlyContinue 6>$null } | Should -Throw -ErrorId 'DIRECTORY_UNREACHABLE,Initialize-S365Connector'
            Should -Invoke Invoke-S365WizardDirectory -Times 1 -Exactly -ParameterFilter { $OnWindows -eq $false }
        }
    }

    It 'the scope step searches by part of a name, numbers the groups and saves the ones picked' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Scope = 'All users' } }
            $script:answers = New-Object System.Collections.Queue
            foreach ($a in '2', 'ales', '2', '') { $script:answers.Enqueue($a) }
            Mock Read-S365WizardAnswer { $script:answers.Dequeue() }
            Mock Get-S365Group {
                [pscustomobject]@{ Name = 'Inside Sales'; ObjectGuid = 'g1'; Mail = '' }
                [pscustomobject]@{ Name = 'Sales Team'; ObjectGuid = 'g2'; Mail = 'sales@contoso.com' }
            }
            Mock Set-S365SyncScope { }
            $lines = Invoke-S365WizardScope -Interactive $true -UseGridView $false 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }
            Should -Invoke Get-S365Group -Times 1 -ParameterFilter { $Name -eq '*ales*' }
            Should -Invoke Set-S365SyncScope -Times 1 -ParameterFilter { @($Group).Count -eq 1 -and $Group[0].ObjectGuid -eq 'g2' -and -not $All }
            $lines | Should -Contain '    1) Inside Sales'
            $lines | Should -Contain '    2) Sales Team <sales@contoso.com>'
        }
    }

    It 'the scope step, with no one to ask and no -All or -Group, keeps the scope and saves nothing' {
        InModuleScope S365ADConnector {
            Mock Get-S365Configuration { [pscustomobject]@{ Scope = 'Groups: Finance' } }
            Mock Set-S365SyncScope { throw 'saved' }
            Mock Read-S365WizardAnswer { throw 'prompted' }
            $result = Invoke-S365WizardScope -Interactive $false -InformationAction SilentlyContinue
            $result.Scope | Should -Be 'Groups: Finance'
            $result.Changed | Should -BeFalse
        }
    }

    It 'the schedule step says PLATFORM_NOT_SUPPORTED and goes on, with the cron line to use' {
        InModuleScope S365ADConnector {
            Mock Register-S365SyncTask { throw (New-S365ErrorRecord -Code 'PLATFORM_NOT_SUPPORTED' -Message 'Windows only.') }
            Mock Test-S365IsWindows { $false }
            $records = Invoke-S365WizardSchedule -IntervalMinutes 15 -Interactive $false -Force $false 6>&1
            $result = $records | Where-Object { $_ -is [hashtable] }
            $text = ($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            $result.Registered | Should -BeFalse
            $text | Should -Match 'PLATFORM_NOT_SUPPORTED'
            $text | Should -Match '\*/15 \* \* \* \* pwsh'
            Should -Invoke Register-S365SyncTask -Times 1 -ParameterFilter { $IntervalMinutes -eq 15 }
        }
    }

    It 'the schedule step shows a valid schedule line for <Minutes> minutes: <Expected>' -ForEach @(
        @{ Minutes = 45; Expected = '*/45 * * * * pwsh' }
        @{ Minutes = 120; Expected = '0 */2 * * * pwsh' }
        @{ Minutes = 90; Expected = 'OnUnitActiveSec=90min' }
    ) {
        InModuleScope S365ADConnector -Parameters @{ Minutes = $Minutes; Expected = $Expected } {
            param($Minutes, $Expected)
            Mock Register-S365SyncTask { throw (New-S365ErrorRecord -Code 'PLATFORM_NOT_SUPPORTED' -Message 'Windows only.') }
            $text = (Invoke-S365WizardSchedule -IntervalMinutes $Minutes -Interactive $false -Force $false 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { [string]$_.MessageData }) -join "`n"
            $text | Should -BeLike "*$([WildcardPattern]::Escape($Expected))*"
        }
    }

    It 'the schedule step passes other errors on' {
        InModuleScope S365ADConnector {
            Mock Register-S365SyncTask { throw (New-S365ErrorRecord -Code 'TASK_REGISTRATION_FAILED' -Message 'refused') }
            { Invoke-S365WizardSchedule -Interactive $false -Force $false -InformationAction SilentlyContinue } | Should -Throw -ErrorId 'TASK_REGISTRATION_FAILED'
        }
    }

    It 'Initialize-S365Connector with no one to ask and nothing configured fails with the step''s ErrorId and prompts for nothing' {
        InModuleScope S365ADConnector {
            Mock Test-S365CanPrompt { $false }
            Mock Get-S365Configuration { [pscustomobject]@{ ApiSecretSet = $false } }
            Mock Read-S365WizardAnswer { throw 'prompted' }
            $err = $null
            try { Initialize-S365Connector -All -InformationAction SilentlyContinue 6>$null } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'BAD_REQUEST,Initialize-S365Connector'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            Should -Invoke Read-S365WizardAnswer -Times 0
        }
    }
}

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $repoRoot = Get-TestRepoRoot
    $missing = @()
    if (-not (Test-Path -LiteralPath (Get-TestDcEnvPath) -PathType Leaf)) { $missing += "test DC env file $(Get-TestDcEnvPath)" }
    if (-not (Test-Path -LiteralPath (Join-Path (Join-Path $repoRoot 'dist') 'cli.js'))) { $missing += 'dist/cli.js' }
    if (-not (Test-Path -LiteralPath (Join-Path (Join-Path (Join-Path $repoRoot 'dist') 'emulator') 'main.js'))) { $missing += 'dist/emulator/main.js' }
    if (-not (Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) { $missing += 'node on PATH' }
    if (-not (Test-Path -LiteralPath '/usr/bin/dpkg-query')) { $missing += 'a Debian system (build/apt.sh installs tmux)' }
    $skipWizard = ($missing.Count -gt 0) -and -not $env:CI
    $wizardMissing = @{ Missing = ($missing -join ', ') }
}

Describe 'Initialize-S365Connector on a domain-joined Windows server' -Tag 'Integration' {
    # Needs what only a domain member can give: the Windows DC locator answering this computer's domain and
    # a Kerberos bind as the process (the Windows bridge of the agent), so it runs on Windows only.
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $script:memberRepoRoot = Get-TestRepoRoot
    }

    It 'sets up with only -Secret and -All in a session that cannot prompt: integrated authentication, this computer''s domain located (Windows only: a domain member)' -Skip:(-not (Test-TestHostIsWindows)) {
        $computerDomain = [string](Get-CimInstance -ClassName Win32_ComputerSystem).Domain
        (Get-CimInstance -ClassName Win32_ComputerSystem).PartOfDomain | Should -BeTrue -Because 'this test needs a domain-joined Windows'
        $secret = 'S365-member-' + [guid]::NewGuid().ToString('N')
        $emulator = Start-TestEmulator -RepoRoot $memberRepoRoot -Tenant @{ tenantId = 'member-tenant'; tenantName = 'Contoso Member'; secret = $secret; enabled = $true; m365Users = @() }
        $configDir = New-TestDirectory -Prefix 's365-member'
        try {
            $modulePath = Join-Path (Split-Path -Parent $PSScriptRoot) 'S365ADConnector.psd1'
            # The built core (npm run build), as the other integration tests run it, when there is one; else the module's own agent.
            $cli = Join-Path (Join-Path $memberRepoRoot 'dist') 'cli.js'
            $agent = ''
            if (Test-Path -LiteralPath $cli) { $agent = "`$env:S365_AGENT_NODE_SCRIPT = '$cli'; " }
            $command = "$agent Import-Module '$modulePath'; `$r = Initialize-S365Connector -Secret '$secret' -ApiUrl '$($emulator.Url)' -All -ConfigDir '$configDir'; `$r | Select-Object TenantName, Servers, Domain, BindDn, Scope | ConvertTo-Json -Compress"
            $pwsh = (Get-Process -Id $PID).Path
            $output = @('' | & $pwsh -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { [string]$_ })
            $text = $output -join "`n"
            $text | Should -Match 'Bind OK: the domain controllers of \S+ as this server''s own identity \(integrated\)'
            $text | Should -Not -Match 'Domain controller \(|Account \('
            $result = $output[-1] | ConvertFrom-Json
            $result.TenantName | Should -Be 'Contoso Member'
            $result.Domain | Should -Be $computerDomain -Because 'the domain the locator found (compared without case)'
            $result.BindDn | Should -BeNullOrEmpty
            (Import-Module $modulePath -PassThru -Force) | Out-Null
            $config = Get-S365Configuration -ConfigDir $configDir
            $config.BindPasswordSet | Should -BeFalse -Because 'no directory password is stored'
            $config.Directory.auth | Should -Be 'integrated'
        } finally {
            Stop-TestEmulator -Emulator $emulator
            Remove-TestDirectory -Path $configDir
        }
    }
}

Describe 'Setup wizard prerequisites' -Tag 'Integration' {
    It 'has the test DC env file, the built core and emulator, node and apt' -ForEach $wizardMissing {
        if ($Missing -and -not $env:CI) {
            Set-ItResult -Skipped -Because "the wizard's integration tests need: $Missing (build/test-dc.sh start; npm run build). Set CI to make this a failure."
            return
        }
        $Missing | Should -BeNullOrEmpty
    }
}

Describe 'Initialize-S365Connector against the real core, the API emulator and the test DC' -Tag 'Integration' -Skip:$skipWizard {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $script:repoRoot = Get-TestRepoRoot
        # tmux comes from build/packages.txt, group [wizard] (present: nothing is installed).
        & "$repoRoot/build/apt.sh" install wizard
        if ($LASTEXITCODE -ne 0) { throw 'Installing the [wizard] group of build/packages.txt (tmux) failed' }
        # pwsh, the command (a dotnet tool here: the process itself is dotnet)
        $script:pwshPath = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
        $script:nodeDir = Split-Path -Parent (Get-Command node -CommandType Application | Select-Object -First 1).Source
        $script:dc = Read-TestDcEnv -Path (Get-TestDcEnvPath)
        $script:secret = 'S365-wizard-' + [guid]::NewGuid().ToString('N')
        $script:emulator = Start-TestEmulator -RepoRoot $repoRoot -Tenant @{ tenantId = 'wiz-tenant'; tenantName = 'Contoso Wizard'; secret = $secret; enabled = $true; m365Users = @('carol.white@contoso.com', 'victor.hugo@contoso.com') }
        $script:work = New-TestDirectory -Prefix 's365-wizard'
        $script:savedNodeScript = $env:S365_AGENT_NODE_SCRIPT
        $env:S365_AGENT_NODE_SCRIPT = Join-Path (Join-Path $repoRoot 'dist') 'cli.js'
        $script:socket = 's365wiz-' + [guid]::NewGuid().ToString('N').Substring(0, 8)

        function New-WizardScript {
            # A script that imports the module and runs the wizard; the person's answers come from tmux.
            param([string] $Name, [string] $ConfigDir, [string] $Arguments)
            $path = Join-Path $work "$Name.ps1"
            $text = @"
`$env:PATH = '$nodeDir' + [IO.Path]::PathSeparator + `$env:PATH
`$env:S365_AGENT_NODE_SCRIPT = '$($env:S365_AGENT_NODE_SCRIPT)'
Import-Module '$(Join-Path (Split-Path -Parent $PSScriptRoot) 'S365ADConnector.psd1')' -Force
try {
    `$result = Initialize-S365Connector -ConfigDir '$ConfigDir' $Arguments
    `$result | Select-Object TenantName, Scope, InScope, Scheduled, Schedule | ConvertTo-Json -Compress | Set-Content -LiteralPath '$ConfigDir.result.json'
    'WIZARD-END ok'
} catch {
    "WIZARD-END failed: `$(`$_.FullyQualifiedErrorId)"
}
"@
            [System.IO.File]::WriteAllText($path, $text)
            return $path
        }
        function Invoke-Tmux { & tmux -L $socket @args }
        function Get-Screen {
            param([string] $Session)
            return ((Invoke-Tmux capture-pane -p -J -S -2000 -t $Session) -join "`n")
        }
        function Wait-Screen {
            # Polls the pane until the pattern appears (regex on the whole scrollback); fails after the timeout.
            param([string] $Session, [string] $Pattern, [int] $TimeoutSeconds = 60)
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
            while ([DateTime]::UtcNow -lt $deadline) {
                $screen = Get-Screen -Session $Session
                if ($screen -match $Pattern) { return $screen }
                Start-Sleep -Milliseconds 200
            }
            throw "Timed out after $TimeoutSeconds s waiting for /$Pattern/ on the screen:`n$(Get-Screen -Session $Session)"
        }
        function Send-Line {
            param([string] $Session, [string] $Text)
            if ($Text) { Invoke-Tmux send-keys -t $Session -l $Text }
            Invoke-Tmux send-keys -t $Session Enter
        }
        function Wait-Prompt {
            # Waits for the n-th occurrence of a prompt (each answered prompt stays in the scrollback).
            param([string] $Session, [string] $Prompt, [int] $Occurrence = 1, [int] $TimeoutSeconds = 60)
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
            while ([DateTime]::UtcNow -lt $deadline) {
                $screen = Get-Screen -Session $Session
                if ([regex]::Matches($screen, [regex]::Escape($Prompt)).Count -ge $Occurrence) { return $screen }
                Start-Sleep -Milliseconds 200
            }
            throw "Timed out waiting for prompt #$Occurrence '$Prompt':`n$(Get-Screen -Session $Session)"
        }
    }

    AfterAll {
        & tmux -L $socket kill-server 2>$null
        Stop-TestEmulator -Emulator $emulator
        Remove-TestDirectory -Path $work
        $env:S365_AGENT_NODE_SCRIPT = $script:savedNodeScript
    }

    It 'is driven by a person at the console (pwsh under tmux): masked secret, tenant, numbered groups, preview, schedule, first sync, summary' {
        $configDir = Join-Path $work 'interactive'
        $script = New-WizardScript -Name 'interactive' -ConfigDir $configDir -Arguments "-ApiUrl '$($emulator.Url)'"
        $session = 'wizard'
        Invoke-Tmux new-session -d -s $session -x 200 -y 50 "$pwshPath -NoProfile -NoLogo -File '$script'; sleep 600"
        Wait-Prompt $session 'Integration secret:' | Should -Match 'Step 1 of 6'
        Send-Line $session $secret
        $screen = Wait-Screen $session "tenant 'Contoso Wizard'"
        $screen | Should -Not -Match ([regex]::Escape($secret)) -Because 'the secret is read without echo'
        $screen | Should -Match 'Integration secret: \*{8,}'
        Wait-Prompt $session 'Domain controller' | Should -Match 'service account'
        Send-Line $session $dc['S365_TEST_LDAPS_URL']
        Wait-Prompt $session 'Account (' | Out-Null
        Send-Line $session $dc['S365_TEST_BIND_DN']
        Wait-Prompt $session 'Password for' | Out-Null
        Send-Line $session $dc['S365_TEST_BIND_PASSWORD']
        Wait-Prompt $session 'CA certificate file' | Out-Null
        Send-Line $session $dc['S365_TEST_CA_FILE']
        $screen = Wait-Prompt $session 'Your choice'
        $screen | Should -Match 'Bind OK: ldaps://'
        $screen | Should -Not -Match ([regex]::Escape($dc['S365_TEST_BIND_PASSWORD']))
        $screen | Should -Match '1\) All users and groups'
        Send-Line $session '2'
        Wait-Prompt $session 'Part of a group name' | Out-Null
        Send-Line $session 'ales'
        $screen = Wait-Prompt $session 'Numbers to add'
        $screen | Should -Match '\n\s+\d+\) Sales Team <sales@contoso.com>'
        $number = [regex]::Match($screen, '(\d+)\) Sales Team').Groups[1].Value
        Send-Line $session $number
        Wait-Prompt $session 'Part of a group name' -Occurrence 2 | Should -Match 'Chosen so far: Sales Team'
        Send-Line $session 'Market'
        $screen = Wait-Prompt $session 'Numbers to add' -Occurrence 2
        $screen | Should -Match '\s+1\) Marketing'
        Send-Line $session '1'
        Wait-Prompt $session 'Part of a group name' -Occurrence 3 | Should -Match 'Chosen so far: Sales Team, Marketing'
        Send-Line $session ''
        $screen = Wait-Prompt $session 'Sync every how many minutes' -TimeoutSeconds 120
        $screen | Should -Match 'Saved: Groups: Sales Team, Marketing\.'
        # The shared test DC's groups change while other suites run: the counts are checked against what
        # the agent answered (the SetupResult and the recorded run), not against fixed numbers.
        $preview = [regex]::Match($screen, 'Users in scope: (\d+) .*\n\s+The first sync would send (\d+) new and 0 changed users, and remove 0\.')
        $preview.Success | Should -BeTrue -Because 'the preview shows the users in scope and what would be sent'
        [int]$preview.Groups[1].Value | Should -BeGreaterThan 5
        $screen | Should -Match ('\.\.\. and {0} more' -f ([int]$preview.Groups[2].Value - 5))
        $screen | Should -Match '\n {4}\S[^\n]* <[^@\s]+@[^>\s]+>' -Because 'the first users to send are named, with their email'
        Send-Line $session '45'
        $screen = Wait-Prompt $session 'Run the first sync now?'
        $screen | Should -Match 'Not scheduled: scheduled tasks are Windows only \(PLATFORM_NOT_SUPPORTED\)'
        $screen | Should -Match '\*/45 \* \* \* \* pwsh'
        Send-Line $session ''
        $screen = Wait-Screen $session 'WIZARD-END' -TimeoutSeconds 120
        $outDir = Join-Path (Get-TestRepoRoot) 'out'
        $null = New-Item -ItemType Directory -Path $outDir -Force
        [System.IO.File]::WriteAllText((Join-Path $outDir 'wizard-screen.txt'), $screen)
        $screen | Should -Match 'WIZARD-END ok'
        Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'S365ADConnector.psd1') -Force
        $firstRun = @(Get-S365SyncHistory -Count 1 -ConfigDir $configDir)[0]
        $screen | Should -Match ('Matched to Microsoft 365 users: {0}; without a Microsoft 365 user \(no signature\): {1}; rejected: 0\.' -f $firstRun.Matched, $firstRun.Unmatched)
        $firstRun.Matched | Should -BeGreaterThan 0 -Because 'carol.white and victor.hugo are Microsoft 365 users of the tenant'
        ($firstRun.Matched + $firstRun.Unmatched) | Should -Be $firstRun.Added
        $firstUnmatched = @(Get-S365SyncReport -Status Unmatched -ConfigDir $configDir)[0]
        $screen | Should -Match 'Without a Microsoft 365 user, for example'
        $screen | Should -Match ([regex]::Escape($firstUnmatched.Email)) -Because 'the first users without a Microsoft 365 user are named'
        $screen | Should -Match 'Setup complete\.'
        $screen | Should -Match 'Tenant:\s+Contoso Wizard'
        $screen | Should -Match 'Get-S365SyncStatus'

        Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'S365ADConnector.psd1') -Force
        @((Get-S365SyncScope -ConfigDir $configDir).Groups.Name) | Should -Be @('Sales Team', 'Marketing')
        (Test-S365Auth -ConfigDir $configDir).TenantName | Should -Be 'Contoso Wizard'
        $status = Get-S365SyncStatus -ConfigDir $configDir
        $status.LastRunStatus | Should -Be 'succeeded'
        $status.SyncedUsers | Should -Be $firstRun.InScope
        $result = Get-Content -LiteralPath "$configDir.result.json" -Raw | ConvertFrom-Json
        $result.Scope | Should -Be 'Groups: Sales Team, Marketing'
        $result.InScope | Should -Be ([int]$preview.Groups[1].Value)
        $result.Scheduled | Should -BeFalse
    }

    It 'gives the same result with parameters only, in a session that cannot prompt (pwsh -NonInteractive, stdin redirected); run again with none, keeps every step' {
        $configDir = Join-Path $work 'unattended'
        $bind = "(New-Object pscredential('$($dc['S365_TEST_BIND_DN'])', (ConvertTo-SecureString '$($dc['S365_TEST_BIND_PASSWORD'])' -AsPlainText -Force)))"
        $arguments = "-Secret '$secret' -ApiUrl '$($emulator.Url)' -Server '$($dc['S365_TEST_LDAPS_URL'])' -Credential $bind -CaFile '$($dc['S365_TEST_CA_FILE'])' -Group 'Sales Team','Marketing' -IntervalMinutes 45"
        $script = New-WizardScript -Name 'unattended' -ConfigDir $configDir -Arguments $arguments
        $output = @('' | & $pwshPath -NoProfile -NonInteractive -File $script 2>&1 | ForEach-Object { [string]$_ })
        $text = $output -join "`n"
        $text | Should -Match 'WIZARD-END ok'
        $text | Should -Match 'No one to ask in this session'
        $text | Should -Not -Match 'Integration secret:|Your choice|Numbers to add|Sync every how many'
        $text | Should -Not -Match ([regex]::Escape($secret))
        $text | Should -Match 'PLATFORM_NOT_SUPPORTED'
        $text | Should -Match 'Setup complete\.'
        $result = Get-Content -LiteralPath "$configDir.result.json" -Raw | ConvertFrom-Json
        $result.TenantName | Should -Be 'Contoso Wizard'
        $result.Scope | Should -Be 'Groups: Sales Team, Marketing'
        $result.InScope | Should -BeGreaterThan 5
        $text | Should -Match ('Users in scope: {0} ' -f $result.InScope)
        $result.Scheduled | Should -BeFalse
        Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'S365ADConnector.psd1') -Force
        @((Get-S365SyncScope -ConfigDir $configDir).Groups.Name) | Should -Be @('Sales Team', 'Marketing')
        $firstRun = @(Get-S365SyncHistory -Count 1 -ConfigDir $configDir)[0]
        $text | Should -Match ('Matched to Microsoft 365 users: {0}; without a Microsoft 365 user \(no signature\): {1}' -f $firstRun.Matched, $firstRun.Unmatched)
        (Get-S365SyncStatus -ConfigDir $configDir).SyncedUsers | Should -Be $firstRun.InScope

        # Run again with nothing given: every step keeps what is configured.
        $script = New-WizardScript -Name 'rerun' -ConfigDir $configDir -Arguments ''
        $text = @('' | & $pwshPath -NoProfile -NonInteractive -File $script 2>&1 | ForEach-Object { [string]$_ }) -join "`n"
        $text | Should -Match 'WIZARD-END ok'
        $text | Should -Match "Found: connected to tenant 'Contoso Wizard'"
        $text | Should -Match ('Found: {0} as CN=svc-s365' -f [regex]::Escape($dc['S365_TEST_LDAPS_URL']))
        $text | Should -Match 'Found: Groups: Sales Team, Marketing\.'
        $text | Should -Match 'Users in scope: \d+ .*\n\s+The first sync would send \d+ new and \d+ changed users'
        $text | Should -Match 'Sync succeeded'
        $text | Should -Not -Match 'Saved:|Bind OK|Test Authentication' -Because 'nothing was given, so nothing is set again'
        @(Get-S365SyncHistory -Count 5 -ConfigDir $configDir).Count | Should -Be 2
        @((Get-S365SyncScope -ConfigDir $configDir).Groups.Name) | Should -Be @('Sales Team', 'Marketing')
    }

    It 'with parameters only and no secret stored, fails with BAD_REQUEST and asks for nothing' {
        $configDir = Join-Path $work 'missing'
        $script = New-WizardScript -Name 'missing' -ConfigDir $configDir -Arguments '-All'
        $text = @('' | & $pwshPath -NoProfile -NonInteractive -File $script 2>&1 | ForEach-Object { [string]$_ }) -join "`n"
        $text | Should -Match 'WIZARD-END failed: BAD_REQUEST,Initialize-S365Connector'
        $text | Should -Match 'give the integration secret with -Secret'
        $text | Should -Not -Match 'Integration secret:'
    }
}
