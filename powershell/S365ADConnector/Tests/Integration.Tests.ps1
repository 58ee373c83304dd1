#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Integration tests: the real module drives the real core (dist/cli.js through S365_AGENT_NODE_SCRIPT)
# against the API emulator (dist/emulator/main.js, started here) and the Samba test domain
# (build/test-dc.sh start; env file $env:S365_TEST_DC_ENV, default <repo>/.run/test-dc/env).
# Missing prerequisites skip these tests, except when $env:CI is set: then they fail.
# Every test works in a fresh temporary configuration directory.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $repoRoot = Get-TestRepoRoot
    $missing = @()
    $dcEnvPath = Get-TestDcEnvPath
    if (-not (Test-Path -LiteralPath $dcEnvPath -PathType Leaf)) { $missing += "test DC env file $dcEnvPath" }
    if (-not (Test-Path -LiteralPath (Join-Path (Join-Path $repoRoot 'dist') 'cli.js'))) { $missing += 'dist/cli.js' }
    if (-not (Test-Path -LiteralPath (Join-Path (Join-Path (Join-Path $repoRoot 'dist') 'emulator') 'main.js'))) { $missing += 'dist/emulator/main.js' }
    if (-not (Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) { $missing += 'node on PATH' }
    $skipAll = ($missing.Count -gt 0)
    $prerequisiteCase = @{ Missing = $missing }
}

Describe 'Integration prerequisites' -Tag 'Integration' {
    It 'has the test DC env file, the built core and emulator, and node' -ForEach $prerequisiteCase {
        if ($Missing.Count -gt 0 -and -not $env:CI) {
            Set-ItResult -Skipped -Because ("integration prerequisites missing: {0} (build/test-dc.sh start; npm run build). Set CI to make this a failure." -f ($Missing -join ', '))
            return
        }
        $Missing | Should -BeNullOrEmpty -Because ("integration prerequisites are missing (CI): {0}" -f ($Missing -join ', '))
    }
}

Describe 'S365ADConnector against the real core, the API emulator and the test DC' -Tag 'Integration' -Skip:$skipAll {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $script:repoRoot = Get-TestRepoRoot
        $moduleRoot = Split-Path -Parent $PSScriptRoot
        Get-Module S365ADConnector | Remove-Module -Force
        Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force

        $script:savedEnv = @{}
        foreach ($name in 'S365_AGENT_PATH', 'S365_AGENT_NODE_SCRIPT', 'S365_CONFIG_DIR', 'S365_LOG_LEVEL') {
            $script:savedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:S365_AGENT_NODE_SCRIPT = Join-Path (Join-Path $repoRoot 'dist') 'cli.js'

        $script:dc = Read-TestDcEnv -Path (Get-TestDcEnvPath)
        $script:bindCredential = New-Object pscredential($dc['S365_TEST_BIND_DN'], (ConvertTo-SecureString $dc['S365_TEST_BIND_PASSWORD'] -AsPlainText -Force))
        $script:secret = 'S365-it-secret-' + [guid]::NewGuid().ToString('N')
        $script:tenant = @{ tenantId = 'it-tenant-1'; tenantName = 'Contoso IT'; secret = $secret; enabled = $true; m365Users = @('margaret.hughes@contoso.com', 'alice.johnson@contoso.com') }
        $script:emulator = Start-TestEmulator -RepoRoot $repoRoot -Tenant $tenant
        $script:dirs = New-Object System.Collections.Generic.List[string]

        function New-ConfigDir {
            $path = New-TestDirectory -Prefix 's365-it-cfg'
            $script:dirs.Add($path)
            return $path
        }
        function Connect-TestTenant {
            param([string] $ConfigDir, [switch] $SkipTest)
            Connect-Signature365 -Secret (ConvertTo-SecureString $secret -AsPlainText -Force) -ApiUrl $emulator.Url -ConfigDir $ConfigDir -SkipTest:$SkipTest
        }
        function Set-TestDirectory {
            param([string] $ConfigDir, [switch] $SkipTest)
            Set-S365Directory -Server $dc['S365_TEST_LDAPS_URL'] -Credential $bindCredential -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $ConfigDir -SkipTest:$SkipTest
        }
        function Get-EmulatorState { Invoke-Emulator -Emulator $emulator -Path '/_emulator/state' }
        function Reset-Emulator {
            $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/reset' -Method POST
            $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/tenant' -Method PUT -Body @{ enabled = $true }
        }
        function Get-Failure {
            param([scriptblock] $Script)
            try {
                & $Script
            } catch {
                return $_
            }
            throw 'Expected a terminating error, but the command succeeded.'
        }
        function Assert-Failure {
            param([System.Management.Automation.ErrorRecord] $ErrorRecord, [string] $Code, [string] $Category, [int] $ExitCode, [string] $Command)
            $ErrorRecord.FullyQualifiedErrorId | Should -Be "$Code,$Command"
            $ErrorRecord.CategoryInfo.Category | Should -Be $Category
            $ErrorRecord.Exception.Data['Code'] | Should -Be $Code
            $ErrorRecord.Exception.Data['ExitCode'] | Should -Be $ExitCode
            $global:LASTEXITCODE | Should -Be $ExitCode
        }
        function New-SyncReadyDir {
            # Connected (tested), directory set (not tested: the sync itself binds), scope all.
            $d = New-ConfigDir
            $null = Connect-TestTenant -ConfigDir $d
            Set-TestDirectory -ConfigDir $d -SkipTest
            Set-S365SyncScope -All -ConfigDir $d
            return $d
        }
    }

    AfterAll {
        Stop-TestEmulator -Emulator $emulator
        foreach ($d in $script:dirs) { Remove-TestDirectory -Path $d }
        foreach ($name in $script:savedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $script:savedEnv[$name]) }
        Get-Module S365ADConnector | Remove-Module -Force
    }

    Context 'Connect-Signature365, Test-S365Auth, Disconnect-Signature365' {
        BeforeEach {
            Reset-Emulator
            $dir = New-ConfigDir
        }

        It 'connects with the right secret, checks it and stores it' {
            $result = Connect-TestTenant -ConfigDir $dir
            $result.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.Connection'
            $result.Connected | Should -BeTrue
            $result.Tested | Should -BeTrue
            $result.TenantName | Should -Be 'Contoso IT'
            $result.TenantId | Should -Be 'it-tenant-1'
            $result.ApiUrl | Should -Be $emulator.Url
            $global:LASTEXITCODE | Should -Be 0
            $config = Get-S365Configuration -ConfigDir $dir
            $config.ApiSecretSet | Should -BeTrue
            $config.ApiUrl | Should -Be $emulator.Url
        }

        It 'refuses a wrong secret with AUTH_REFUSED (AuthenticationError, exit 3) and saves nothing' {
            $err = Get-Failure { Connect-Signature365 -Secret (ConvertTo-SecureString 'wrong-secret-0123456789' -AsPlainText -Force) -ApiUrl $emulator.Url -ConfigDir $dir }
            Assert-Failure $err -Code 'AUTH_REFUSED' -Category 'AuthenticationError' -ExitCode 3 -Command 'Connect-Signature365'
            $err.Exception.Data['Details'].status | Should -Be 401
            $err.TargetObject | Should -Be $emulator.Url
            (Get-S365Configuration -ConfigDir $dir).ApiSecretSet | Should -BeFalse
        }

        It 'takes the secret from the pipeline, as a SecureString or a plain string' {
            (ConvertTo-SecureString $secret -AsPlainText -Force | Connect-Signature365 -ApiUrl $emulator.Url -ConfigDir $dir).Tested | Should -BeTrue
            ($secret | Connect-Signature365 -ApiUrl $emulator.Url -ConfigDir $dir).TenantId | Should -Be 'it-tenant-1'
        }

        It 'stores without checking with -SkipTest' {
            $before = @((Get-EmulatorState).requests).Count
            $result = Connect-TestTenant -ConfigDir $dir -SkipTest
            $result.Tested | Should -BeFalse
            @((Get-EmulatorState).requests).Count | Should -Be $before
        }

        It 'Test-S365Auth returns the tenant, enabled and the latency' {
            $null = Connect-TestTenant -ConfigDir $dir
            $auth = Test-S365Auth -ConfigDir $dir
            $auth.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.AuthResult'
            $auth.TenantName | Should -Be 'Contoso IT'
            $auth.TenantId | Should -Be 'it-tenant-1'
            $auth.Enabled | Should -BeTrue
            $auth.LatencyMs | Should -BeGreaterOrEqual 0
            $auth.LatencyMs | Should -BeOfType ([int])
            Test-S365Auth -ConfigDir $dir -Quiet | Should -BeTrue
        }

        It 'Test-S365Auth -Quiet returns $false without throwing when the stored secret is refused' {
            $null = Connect-Signature365 -Secret 'wrong-secret-0123456789' -ApiUrl $emulator.Url -ConfigDir $dir -SkipTest
            Test-S365Auth -ConfigDir $dir -Quiet | Should -BeFalse
            $err = Get-Failure { Test-S365Auth -ConfigDir $dir }
            Assert-Failure $err -Code 'AUTH_REFUSED' -Category 'AuthenticationError' -ExitCode 3 -Command 'Test-S365Auth'
        }

        It 'reports INTEGRATION_DISABLED (PermissionDenied, exit 3) when the integration is disabled in the portal' {
            $null = Connect-TestTenant -ConfigDir $dir
            $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/tenant' -Method PUT -Body @{ enabled = $false }
            try {
                Test-S365Auth -ConfigDir $dir -Quiet | Should -BeFalse
                $err = Get-Failure { Test-S365Auth -ConfigDir $dir }
                Assert-Failure $err -Code 'INTEGRATION_DISABLED' -Category 'PermissionDenied' -ExitCode 3 -Command 'Test-S365Auth'
            } finally {
                $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/tenant' -Method PUT -Body @{ enabled = $true }
            }
        }

        It 'reports NOT_CONFIGURED (ObjectNotFound, exit 2) before Connect-Signature365, even with -Quiet' {
            $err = Get-Failure { Test-S365Auth -ConfigDir $dir }
            Assert-Failure $err -Code 'NOT_CONFIGURED' -Category 'ObjectNotFound' -ExitCode 2 -Command 'Test-S365Auth'
            { Test-S365Auth -ConfigDir $dir -Quiet } | Should -Throw -ErrorId 'NOT_CONFIGURED,Test-S365Auth'
        }

        It 'reports BAD_REQUEST (InvalidArgument, exit 2) for a malformed secret' {
            $err = Get-Failure { Connect-Signature365 -Secret 'short' -ApiUrl $emulator.Url -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Connect-Signature365'
            $err.Exception.Data['Details'].param | Should -Be 'secret'
        }

        It 'reports API_ERROR (InvalidResult, exit 5) when Signature 365 answers an error' {
            $null = Connect-TestTenant -ConfigDir $dir
            $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/faults' -Method POST -Body @{ match = '/v1/whoami'; kind = 'status'; status = 400; times = 1 }
            $err = Get-Failure { Test-S365Auth -ConfigDir $dir }
            Assert-Failure $err -Code 'API_ERROR' -Category 'InvalidResult' -ExitCode 5 -Command 'Test-S365Auth'
            $err.Exception.Data['Details'].status | Should -Be 400
        }

        It 'reports API_UNREACHABLE (ConnectionError, exit 5) when the API cannot be reached (after retries)' {
            $port = Get-FreeTcpPort
            $err = Get-Failure { Connect-Signature365 -Secret $secret -ApiUrl "http://127.0.0.1:$port" -ConfigDir $dir }
            Assert-Failure $err -Code 'API_UNREACHABLE' -Category 'ConnectionError' -ExitCode 5 -Command 'Connect-Signature365'
            (Get-S365Configuration -ConfigDir $dir).ApiSecretSet | Should -BeFalse
        }

        It 'Disconnect-Signature365 removes the secret, but not with -WhatIf' {
            $null = Connect-TestTenant -ConfigDir $dir
            Disconnect-Signature365 -ConfigDir $dir -WhatIf
            (Get-S365Configuration -ConfigDir $dir).ApiSecretSet | Should -BeTrue
            $result = Disconnect-Signature365 -ConfigDir $dir -Confirm:$false -PassThru
            $result.HadSecret | Should -BeTrue
            (Get-S365Configuration -ConfigDir $dir).ApiSecretSet | Should -BeFalse
        }
    }

    Context 'Set-S365Directory against the test DC' {
        BeforeEach {
            $dir = New-ConfigDir
        }

        It 'binds, reads the rootDSE and saves the settings' {
            $result = Set-S365Directory -Server $dc['S365_TEST_LDAPS_URL'] -Credential $bindCredential -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $dir -PassThru
            $result.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.DirectoryConfiguration'
            $result.Tested | Should -BeTrue
            $result.Server | Should -Be $dc['S365_TEST_LDAPS_URL']
            $result.BaseDn | Should -Be $dc['S365_TEST_BASE_DN']
            $result.BindDn | Should -Be $dc['S365_TEST_BIND_DN']
            $result.DnsHostName | Should -Not -BeNullOrEmpty
            $config = Get-S365Configuration -ConfigDir $dir
            $config.BindPasswordSet | Should -BeTrue
            $config.Servers | Should -Be @($dc['S365_TEST_LDAPS_URL'])
        }

        It 'fails over to the next server' {
            $result = Set-S365Directory -Server 'ldaps://127.0.0.1:1', $dc['S365_TEST_LDAPS_URL'] -Credential $bindCredential -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $dir -PassThru
            $result.Server | Should -Be $dc['S365_TEST_LDAPS_URL']
        }

        It 'reports DIRECTORY_ERROR (ReadError, exit 4) for a wrong bind password, and saves nothing' {
            $wrong = New-Object pscredential($dc['S365_TEST_BIND_DN'], (ConvertTo-SecureString 'Wrong-Password-1' -AsPlainText -Force))
            $err = Get-Failure { Set-S365Directory -Server $dc['S365_TEST_LDAPS_URL'] -Credential $wrong -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $dir }
            Assert-Failure $err -Code 'DIRECTORY_ERROR' -Category 'ReadError' -ExitCode 4 -Command 'Set-S365Directory'
            $err.TargetObject | Should -Be $dc['S365_TEST_LDAPS_URL']
            @((Get-S365Configuration -ConfigDir $dir).Servers).Count | Should -Be 0
        }

        It 'reports DIRECTORY_UNREACHABLE (ConnectionError, exit 4) when no DC answers' {
            $err = Get-Failure { Set-S365Directory -Server 'ldaps://127.0.0.1:1' -Credential $bindCredential -ConfigDir $dir }
            Assert-Failure $err -Code 'DIRECTORY_UNREACHABLE' -Category 'ConnectionError' -ExitCode 4 -Command 'Set-S365Directory'
        }

        It 'reports BAD_REQUEST for plain ldap:// without -AllowPlainLdap' {
            $err = Get-Failure { Set-S365Directory -Server 'ldap://127.0.0.1:389' -Credential $bindCredential -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Set-S365Directory'
        }
    }

    Context 'Get-S365Group and the sync scope' {
        BeforeEach {
            $dir = New-ConfigDir
            Set-TestDirectory -ConfigDir $dir -SkipTest
        }

        It 'lists groups by name prefix' {
            $groups = @(Get-S365Group -Name 'Nested Group' -ConfigDir $dir)
            @($groups.Name) | Should -Be @('Nested Group A', 'Nested Group B', 'Nested Group C')
            $groups[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.Group'
            foreach ($g in $groups) {
                { [guid]$g.ObjectGuid } | Should -Not -Throw
                $g.DistinguishedName | Should -BeLike "CN=$($g.Name),*"
            }
            (Get-S365Group -Name 'Sales' -ConfigDir $dir).Mail | Should -Be 'sales@contoso.com'
        }

        It 'sets the scope by group name' {
            $scope = Set-S365SyncScope -Group 'Finance', 'Engineering' -ConfigDir $dir -PassThru
            $scope.All | Should -BeFalse
            @($scope.Groups.Name | Sort-Object) | Should -Be @('Engineering', 'Finance')
            $stored = Get-S365SyncScope -ConfigDir $dir
            $stored.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncScope'
            @($stored.Groups.ObjectGuid | Sort-Object) | Should -Be @($scope.Groups.ObjectGuid | Sort-Object)
            (Get-S365Configuration -ConfigDir $dir).Scope | Should -Match 'Finance'
        }

        It 'sets the scope from piped objects, by ObjectGUID, in one call' {
            $groups = @(Get-S365Group -Name 'Nested Group' -ConfigDir $dir)
            $piped = $groups | ForEach-Object { [pscustomobject]@{ ObjectGUID = [guid]$_.ObjectGuid; Name = 'renamed ' + $_.Name } }
            $scope = $piped | Set-S365SyncScope -ConfigDir $dir -PassThru
            @($scope.Groups.Name | Sort-Object) | Should -Be @('Nested Group A', 'Nested Group B', 'Nested Group C') -Because 'the GUID was used, not the (wrong) names'
        }

        It 'takes Get-S365Group output from the pipeline' {
            Get-S365Group -Name 'Cycle Group' -ConfigDir $dir | Set-S365SyncScope -ConfigDir $dir
            @((Get-S365SyncScope -ConfigDir $dir).Groups.Name | Sort-Object) | Should -Be @('Cycle Group A', 'Cycle Group B')
        }

        It 'lists groups by a name with a wildcard anywhere and by LDAP filter' {
            $suffix = @(Get-S365Group -Name '*Users' -ResultSize 5000 -ConfigDir $dir)
            @($suffix.Name) | Should -Contain 'Signature Users'
            @($suffix.Name) | Should -Contain 'Domain Users'
            @($suffix | Where-Object { $_.Name -notlike '*Users' -and $_.SamAccountName -notlike '*Users' }) | Should -BeNullOrEmpty
            @((Get-S365Group -Name 'Nested*C' -ConfigDir $dir).Name) | Should -Be @('Nested Group C')
            @((Get-S365Group -LDAPFilter '(mail=*contoso.com)' -ResultSize 5000 -ConfigDir $dir).Name) | Should -Be @('All Staff', 'Empty Group', 'Finance', 'Marketing', 'Sales Team')
            $err = Get-Failure { Get-S365Group -LDAPFilter '(&(mail=*)' -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Get-S365Group'
        }

        It 'sets the scope from piped strings and edits it without restating it' {
            $scope = 'Sales Team', 'Marketing' | Set-S365SyncScope -ConfigDir $dir -PassThru
            @($scope.Groups.Name) | Should -Be @('Sales Team', 'Marketing')
            $scope = Set-S365SyncScope -ExcludeGroup 'Nested Group C' -ConfigDir $dir -PassThru
            @($scope.Groups.Name) | Should -Be @('Sales Team', 'Marketing')
            @($scope.ExcludeGroups.Name) | Should -Be @('Nested Group C')
            $scope = Set-S365SyncScope -AddGroup 'Finance' -RemoveGroup 'Sales Team' -AddExcludeGroup 'Empty Group' -RemoveExcludeGroup 'Nested Group C' -ConfigDir $dir -PassThru
            @($scope.Groups.Name) | Should -Be @('Marketing', 'Finance')
            @($scope.ExcludeGroups.Name) | Should -Be @('Empty Group')
            $err = Get-Failure { Set-S365SyncScope -RemoveGroup 'Engineering' -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Set-S365SyncScope'
            @((Get-S365SyncScope -ConfigDir $dir).Groups.Name) | Should -Be @('Marketing', 'Finance')
        }

        It 'reports BAD_REQUEST with the candidates for an unknown group, and keeps the scope' {
            Set-S365SyncScope -All -ConfigDir $dir
            $err = Get-Failure { Set-S365SyncScope -Group 'Finance', 'No Such Group 42' -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Set-S365SyncScope'
            $err.Exception.Data['Details'].identity | Should -Be 'No Such Group 42'
            $err.Exception.Data['Details'].PSObject.Properties.Name | Should -Contain 'candidates'
            (Get-S365SyncScope -ConfigDir $dir).All | Should -BeTrue
        }

        It 'does not change the scope with -WhatIf' {
            Set-S365SyncScope -All -ConfigDir $dir
            Set-S365SyncScope -Group 'Finance' -ConfigDir $dir -WhatIf
            (Get-S365SyncScope -ConfigDir $dir).All | Should -BeTrue
        }

        It 'reports NOT_CONFIGURED for a scope by group without a directory' {
            $empty = New-ConfigDir
            $err = Get-Failure { Set-S365SyncScope -Group 'Finance' -ConfigDir $empty }
            Assert-Failure $err -Code 'NOT_CONFIGURED' -Category 'ObjectNotFound' -ExitCode 2 -Command 'Set-S365SyncScope'
        }

        It 'completes group names with Tab through list-groups' {
            $line = "Set-S365SyncScope -ConfigDir '$dir' -Group Fin"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText) | Should -Contain 'Finance'
            $line = "Set-S365SyncScope -ConfigDir '$dir' -Group Sales"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText) | Should -Contain "'Sales Team'"
            $line = "Get-S365Group -ConfigDir '$dir' -Name Nested"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches).Count | Should -Be 3
        }
    }

    Context 'Get-S365User, Get-S365DirectoryInfo, the scope refinements and the attribute mapping against the test DC' {
        BeforeEach {
            $dir = New-ConfigDir
            Set-TestDirectory -ConfigDir $dir -SkipTest
            $base = $dc['S365_TEST_BASE_DN']
        }

        It 'Get-S365User explains who is in scope and why not: disabled, no email, unknown' {
            Set-S365SyncScope -All -ConfigDir $dir
            $alice = Get-S365User -Identity 'alice.johnson' -ConfigDir $dir
            $alice.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.UserExplanation'
            $alice.InScope | Should -BeTrue
            $alice.Reason | Should -BeLike 'In scope: all users*'
            $alice.Email | Should -Be 'alice.johnson@contoso.com'
            $alice.EmailSource | Should -Be 'proxyAddresses'
            $alice.EmailReason | Should -Not -BeNullOrEmpty
            $alice.Payload.displayName | Should -Be 'Alice Johnson'
            $alice.Payload.email | Should -Be 'alice.johnson@contoso.com'
            $alice.DistinguishedName | Should -Be "CN=Alice Johnson,OU=Sales,OU=Contoso,$base"
            $alice.Synced | Should -BeFalse
            $alice.WouldSend | Should -BeTrue

            $results = @(Get-S365User 'hannah.baker', 'no.such.user.42', 'rachel.green' -ConfigDir $dir -ErrorVariable failures -ErrorAction SilentlyContinue)
            @($results.Identity) | Should -Be @('hannah.baker', 'rachel.green')
            $results[0].InScope | Should -BeFalse
            @($results[0].ReasonCodes) | Should -Be @('DISABLED')
            $results[0].Enabled | Should -BeFalse
            @($results[1].ReasonCodes) | Should -Contain 'NO_EMAIL'
            $results[1].Email | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'BAD_REQUEST,Get-S365User'
            $failures[0].TargetObject | Should -Be 'no.such.user.42'
            $global:LASTEXITCODE | Should -Be 0 -Because 'the last identity succeeded'
        }

        It 'Get-S365User shows the nested group path (both membership strategies), takes piped objects by ObjectGUID, and knows what was synced' {
            Set-S365SyncScope -Group 'Nested Group A' -ConfigDir $dir
            $jamal = Get-S365User 'jamal.ahmed' -ConfigDir $dir
            $jamal.InScope | Should -BeTrue
            @($jamal.GroupPath) | Should -Be @('Nested Group A', 'Nested Group B', 'Nested Group C')

            Set-S365Directory -Server $dc['S365_TEST_LDAPS_URL'] -Credential $bindCredential -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $dir `
                -MembershipStrategy Walk -Timeout (New-TimeSpan -Seconds 60) -ConnectTimeout (New-TimeSpan -Seconds 3)
            $directory = (Get-S365Configuration -ConfigDir $dir).Directory
            $directory.membershipStrategy | Should -Be 'walk'
            $directory.timeoutMs | Should -Be 60000
            $directory.connectTimeoutMs | Should -Be 3000
            $walked = Get-S365User 'jamal.ahmed' -ConfigDir $dir
            $walked.InScope | Should -BeTrue
            @($walked.GroupPath) | Should -Be @('Nested Group A', 'Nested Group B', 'Nested Group C')
            $frank = Get-S365User 'frank.miller' -ConfigDir $dir
            $frank.InScope | Should -BeFalse
            @($frank.ReasonCodes) | Should -Be @('NOT_A_MEMBER')
            $piped = [pscustomobject]@{ ObjectGUID = [guid]$jamal.ObjectGuid; SamAccountName = 'not-used' } | Get-S365User -ConfigDir $dir
            $piped.DistinguishedName | Should -Be $jamal.DistinguishedName

            Reset-Emulator
            $null = Connect-TestTenant -ConfigDir $dir
            $null = Start-S365Sync -ConfigDir $dir -PassThru
            $after = Get-S365User 'jamal.ahmed' -ConfigDir $dir
            $after.Synced | Should -BeTrue
            $after.SyncedEmail | Should -Be 'jamal.ahmed@contoso.com'
            $after.ChangedSinceSync | Should -BeFalse
            $after.WouldSend | Should -BeFalse
        }

        It 'Set-S365SyncScope -SearchBase -ExcludeGroup -IncludeDisabled narrows the scope, and a dry run follows it' {
            $scope = Set-S365SyncScope -All -SearchBase "OU=Finance,OU=Contoso,$base" -ExcludeGroup 'Cycle Group B' -IncludeDisabled -ConfigDir $dir -PassThru
            $scope.All | Should -BeTrue
            @($scope.SearchBases.DistinguishedName) | Should -Be @("OU=Finance,OU=Contoso,$base")
            { [guid]$scope.SearchBases[0].ObjectGuid } | Should -Not -Throw
            @($scope.ExcludeGroups.Name) | Should -Be @('Cycle Group B')
            $scope.IncludeDisabled | Should -BeTrue
            $stored = Get-S365SyncScope -ConfigDir $dir
            $stored.ExcludeGroups[0].ObjectGuid | Should -Be $scope.ExcludeGroups[0].ObjectGuid
            $stored.IncludeDisabled | Should -BeTrue
            (Get-S365Configuration -ConfigDir $dir).Scope | Should -Match 'under OU=Finance.*except members of Cycle Group B.*disabled accounts included'

            (Get-S365User 'maria.rossi' -ConfigDir $dir).InScope | Should -BeTrue -Because 'disabled, but disabled accounts are included'
            $liam = Get-S365User 'liam.neeson' -ConfigDir $dir
            @($liam.ReasonCodes) | Should -Be @('EXCLUDED')
            @($liam.ExcludedPath) | Should -Be @('Cycle Group B', 'Cycle Group A')
            @((Get-S365User 'alice.johnson' -ConfigDir $dir).ReasonCodes) | Should -Be @('OUTSIDE_SEARCH_BASES')

            Reset-Emulator
            $null = Connect-TestTenant -ConfigDir $dir
            $dry = Start-S365Sync -ConfigDir $dir -WhatIf
            $plan = Get-Content -LiteralPath $dry.PlanFile -Raw | ConvertFrom-Json
            $emails = @($plan.adds | ForEach-Object { ([string]$_.email).ToLowerInvariant() })
            $emails | Should -Contain 'maria.rossi@contoso.com'
            $emails | Should -Contain 'kate.bishop@contoso.com'
            $emails | Should -Not -Contain 'liam.neeson@contoso.com'
            $emails | Should -Not -Contain 'peter.parker@contoso.com'
            $emails | Should -Not -Contain 'alice.johnson@contoso.com'

            $copy = New-ConfigDir
            Set-TestDirectory -ConfigDir $copy -SkipTest
            $stored = Get-S365SyncScope -ConfigDir $dir
            Set-S365SyncScope -All -SearchBase $stored.SearchBases.ObjectGuid -ExcludeGroup $stored.ExcludeGroups.ObjectGuid -IncludeDisabled:$stored.IncludeDisabled -ConfigDir $copy
            $copied = Get-S365SyncScope -ConfigDir $copy
            ($copied | ConvertTo-Json -Depth 5 -Compress) | Should -Be ($stored | ConvertTo-Json -Depth 5 -Compress)

            Set-S365SyncScope -All -SearchBase @() -ExcludeGroup $null -ConfigDir $dir
            $plain = Get-S365SyncScope -ConfigDir $dir
            @($plain.SearchBases).Count | Should -Be 0 -Because 'every call sets the whole scope'
            @($plain.ExcludeGroups).Count | Should -Be 0
            $plain.IncludeDisabled | Should -BeFalse
        }

        It 'Set-S365SyncScope reports BAD_REQUEST for an unknown OU or excluded group, and keeps the scope' {
            Set-S365SyncScope -All -ConfigDir $dir
            $err = Get-Failure { Set-S365SyncScope -All -SearchBase "OU=No Such OU,$base" -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Set-S365SyncScope'
            $err = Get-Failure { Set-S365SyncScope -Group 'Finance' -ExcludeGroup 'No Such Group 42' -ConfigDir $dir }
            $err.Exception.Data['Details'].identity | Should -Be 'No Such Group 42'
            $scope = Get-S365SyncScope -ConfigDir $dir
            $scope.All | Should -BeTrue
            @($scope.SearchBases).Count | Should -Be 0
        }

        It 'Get-S365DirectoryInfo describes the test domain' {
            $info = Get-S365DirectoryInfo -ConfigDir $dir
            $info.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.DirectoryInfo'
            $info.Domain | Should -Be $dc['S365_TEST_DOMAIN']
            $info.DefaultNamingContext | Should -Be $base
            $info.Server | Should -Be $dc['S365_TEST_LDAPS_URL']
            $info.DnsHostName | Should -Not -BeNullOrEmpty
            @($info.DomainControllers).Count | Should -BeGreaterOrEqual 1
            $info.DomainControllers[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.DomainController'
            $info.DomainFunctionalLevel | Should -Not -BeNullOrEmpty
            $info.PagedResults | Should -BeTrue
            $info.HighestCommittedUsn | Should -BeGreaterThan 0
            @($info.SupportedLdapVersions) | Should -Contain '3'
            @($info.ConfiguredServers) | Should -Be @($dc['S365_TEST_LDAPS_URL'])
            $empty = New-ConfigDir
            $err = Get-Failure { Get-S365DirectoryInfo -ConfigDir $empty }
            Assert-Failure $err -Code 'NOT_CONFIGURED' -Category 'ObjectNotFound' -ExitCode 2 -Command 'Get-S365DirectoryInfo'
        }

        It 'Set-S365Directory -Domain stores the domain instead of servers, and fails when DNS lists no DC' {
            $result = Set-S365Directory -Domain $dc['S365_TEST_DOMAIN'] -Credential $bindCredential -CaFile $dc['S365_TEST_CA_FILE'] -SkipTest -ConfigDir $dir -PassThru
            $result.Domain | Should -Be $dc['S365_TEST_DOMAIN']
            @($result.Servers).Count | Should -Be 0
            $result.Tested | Should -BeFalse
            $config = Get-S365Configuration -ConfigDir $dir
            $config.Domain | Should -Be $dc['S365_TEST_DOMAIN']
            @($config.Servers).Count | Should -Be 0
            $err = Get-Failure { Set-S365Directory -Domain 's365-no-such-domain.invalid' -Credential $bindCredential -ConfigDir $dir }
            Assert-Failure $err -Code 'DIRECTORY_UNREACHABLE' -Category 'ConnectionError' -ExitCode 4 -Command 'Set-S365Directory'
            $err.TargetObject | Should -Be 'domain controllers of s365-no-such-domain.invalid'
            (Get-S365Configuration -ConfigDir $dir).Domain | Should -Be $dc['S365_TEST_DOMAIN'] -Because 'a failed test saves nothing'
            $err = Get-Failure { Set-S365Directory -Domain 'not_a_domain' -Credential $bindCredential -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Set-S365Directory'
        }

        It 'Set-S365AttributeMapping maps attributes checked against the schema; Get-S365User shows the payload' {
            $default = Get-S365AttributeMapping -ConfigDir $dir
            $default.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.AttributeMapping'
            $default.DefaultCustomAttributes | Should -BeTrue
            $default.CustomAttributes['extensionAttribute1'] | Should -Be 'extensionAttribute1'
            $default.AllowUpnAsEmail | Should -BeFalse

            $set = Set-S365AttributeMapping -CustomAttribute 'contosocostcenter=CostCenter' -FieldOverride 'extensionAttribute3=jobTitle' -AllowUpnAsEmail -ConfigDir $dir -PassThru
            $set.Checked | Should -BeTrue
            $set.CustomAttributes['CostCenter'] | Should -Be 'contosoCostCenter' -Because 'the schema spelling is stored'
            $set.FieldOverrides['jobTitle'] | Should -Be 'extensionAttribute3'
            @($set.Attributes.Name) | Should -Contain 'contosoCostCenter'
            $read = Get-S365AttributeMapping -ConfigDir $dir
            $read.CustomAttributes['CostCenter'] | Should -Be 'contosoCostCenter'
            $read.AllowUpnAsEmail | Should -BeTrue
            $read.DefaultCustomAttributes | Should -BeFalse
            Set-S365SyncScope -All -ConfigDir $dir
            (Get-S365User 'alice.johnson' -ConfigDir $dir).Payload.customAttributes.CostCenter | Should -Be 'CC-1100'

            $err = Get-Failure { Set-S365AttributeMapping -CustomAttribute 'noSuchAttribute42=X' -ConfigDir $dir }
            Assert-Failure $err -Code 'BAD_REQUEST' -Category 'InvalidArgument' -ExitCode 2 -Command 'Set-S365AttributeMapping'
            @($err.Exception.Data['Details'].missing) | Should -Be @('noSuchAttribute42')
            (Get-S365AttributeMapping -ConfigDir $dir).CustomAttributes['CostCenter'] | Should -Be 'contosoCostCenter' -Because 'a refused mapping changes nothing'

            Set-S365AttributeMapping -CustomAttribute @() -AllowUpnAsEmail:$false -ConfigDir $dir
            $none = Get-S365AttributeMapping -ConfigDir $dir
            $none.CustomAttributes.Count | Should -Be 0
            $none.AllowUpnAsEmail | Should -BeFalse
            $none.FieldOverrides['jobTitle'] | Should -Be 'extensionAttribute3' -Because 'settings not given keep their value'

            Set-S365AttributeMapping -Reset -ConfigDir $dir -WhatIf
            (Get-S365AttributeMapping -ConfigDir $dir).DefaultCustomAttributes | Should -BeFalse
            Set-S365AttributeMapping -Reset -ConfigDir $dir
            $reset = Get-S365AttributeMapping -ConfigDir $dir
            $reset.DefaultCustomAttributes | Should -BeTrue
            $reset.FieldOverrides.Count | Should -Be 0
        }
    }

    Context 'Set-S365SyncSetting and Get-S365SyncSetting' {
        BeforeEach {
            $dir = New-ConfigDir
        }

        It 'shows the documented defaults in a new configuration directory' {
            $settings = Get-S365SyncSetting -ConfigDir $dir
            $settings.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncSettings'
            $settings.MaxRemovals | Should -Be 500
            $settings.MaxRemovalPercent | Should -Be 10
            $settings.FullSyncAfterDays | Should -Be 7
            $settings.MaxRejectedPercent | Should -Be 10
            $settings.ApiConcurrency | Should -Be 4
        }

        It 'changes only the settings given; Get-S365SyncSetting and Get-S365Configuration agree with the agent' {
            $set = Set-S365SyncSetting -MaxRemovals 25 -MaxRemovalPercent 2.5 -ConfigDir $dir -PassThru
            $set.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncSettings'
            $set.MaxRemovals | Should -Be 25
            $set.MaxRemovalPercent | Should -Be 2.5
            $set.FullSyncAfterDays | Should -Be 7
            Set-S365SyncSetting -FullSyncAfterDays 1 -MaxRejectedPercent 50 -ApiConcurrency 2 -ConfigDir $dir | Should -BeNullOrEmpty
            $read = Get-S365SyncSetting -ConfigDir $dir
            $read.MaxRemovals | Should -Be 25
            $read.MaxRemovalPercent | Should -Be 2.5
            $read.FullSyncAfterDays | Should -Be 1
            $read.MaxRejectedPercent | Should -Be 50
            $read.ApiConcurrency | Should -Be 2
            (Get-S365Configuration -ConfigDir $dir).SyncSettings.MaxRemovals | Should -Be 25
            $again = Set-S365SyncSetting -MaxRemovals 25 -ConfigDir $dir -PassThru
            ($again | ConvertTo-Json -Depth 10 -Compress) | Should -Be ($read | ConvertTo-Json -Depth 10 -Compress)
        }

        It 'changes nothing with -WhatIf, and copies settings between configuration directories through the pipeline' {
            Set-S365SyncSetting -MaxRemovals 1 -ConfigDir $dir -WhatIf
            (Get-S365SyncSetting -ConfigDir $dir).MaxRemovals | Should -Be 500
            Set-S365SyncSetting -MaxRemovals 7 -FullSyncAfterDays 30 -ConfigDir $dir
            $other = New-ConfigDir
            Get-S365SyncSetting -ConfigDir $dir | Set-S365SyncSetting -ConfigDir $other
            $copied = Get-S365SyncSetting -ConfigDir $other
            $copied.MaxRemovals | Should -Be 7
            $copied.FullSyncAfterDays | Should -Be 30
        }
    }

    Context 'Start-S365Sync and Get-S365SyncStatus' {
        BeforeEach {
            Reset-Emulator
            $dir = New-SyncReadyDir
        }

        It 'runs a dry run with -WhatIf that sends nothing' {
            $before = Get-EmulatorState
            $run = Start-S365Sync -ConfigDir $dir -WhatIf
            $run.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncRun'
            $run.DryRun | Should -BeTrue
            $run.Status | Should -Be 'succeeded'
            $run.Added | Should -BeGreaterThan 0
            $run.PlanFile | Should -Exist
            $after = Get-EmulatorState
            @($after.users).Count | Should -Be @($before.users).Count
            @($after.runs).Count | Should -Be @($before.runs).Count
            @($after.removed).Count | Should -Be @($before.removed).Count
            (Get-S365SyncStatus -ConfigDir $dir).SyncedUsers | Should -Be 0
        }

        It 'syncs with a progress bar and returns counts that match what Signature 365 received' {
            Mock -ModuleName S365ADConnector Write-Progress { }
            $run = Start-S365Sync -ConfigDir $dir -Full -PassThru
            Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $CurrentOperation -eq 'read' } -Scope It
            Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $CurrentOperation -eq 'send-users' } -Scope It
            Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $Completed } -Scope It -Times 1 -Exactly
            $run.Status | Should -Be 'succeeded'
            $run.Mode | Should -Be 'full'
            $run.DirectoryServer | Should -Be $dc['S365_TEST_LDAPS_URL']
            $global:LASTEXITCODE | Should -Be 0
            $state = Get-EmulatorState
            @($state.users).Count | Should -Be $run.Added
            $run.Added | Should -Be $run.InScope
            $emulatorRun = @($state.runs) | Where-Object runId -eq $run.RunId
            $emulatorRun | Should -Not -BeNullOrEmpty
            $emulatorRun.status | Should -Be 'succeeded'
            $emulatorRun.usersAccepted | Should -Be ($run.Added + $run.Updated)
            $emulatorRun.usersMatched | Should -Be $run.Matched
            $emulatorRun.usersUnmatched | Should -Be $run.Unmatched
            $emulatorRun.usersRejected | Should -Be $run.Rejected
            $run.Matched | Should -Be 2 -Because 'the tenant lists two Microsoft 365 users'
        }

        It 'shows no rate measured over an instant (once 20 groups read as 4,231,013/s)' {
            Set-S365SyncScope -Group 'Signature Users', 'Nested Group A', 'Cycle Group A', 'Finance' -ConfigDir $dir
            $script:statuses = New-Object System.Collections.Generic.List[string]
            Mock -ModuleName S365ADConnector Write-Progress { if ($Status) { $script:statuses.Add($Status) } }
            $run = Start-S365Sync -ConfigDir $dir -Full -PassThru
            $run.GroupsSent | Should -BeGreaterThan 5
            @($statuses | Where-Object { $_ -like 'Sending groups*' }) | Should -Not -BeNullOrEmpty
            foreach ($status in $statuses) {
                if ($status -match '\(([\d,.]+)/s\)$') {
                    [double]($Matches[1] -replace '[^\d.]', '') | Should -BeLessThan 100000 -Because "the test domain is not that fast: $status"
                }
            }
        }

        It 'runs full first (FullReason), delta after, full again with -Full; the status shows the watermark' {
            $fresh = Get-S365SyncStatus -ConfigDir $dir
            $fresh.Watermark | Should -BeNullOrEmpty
            $fresh.WatermarkUsn | Should -BeNullOrEmpty
            $fresh.SyncRunning | Should -BeFalse
            $started = [DateTime]::Now.AddSeconds(-5)

            $initial = Start-S365Sync -ConfigDir $dir -PassThru
            $initial.Mode | Should -Be 'full'
            $initial.FullReason | Should -Be 'no successful sync yet'
            $initial.ToString() | Should -Match '\(full: no successful sync yet\)'
            $status = Get-S365SyncStatus -ConfigDir $dir
            $status.WatermarkServer | Should -Not -BeNullOrEmpty
            $status.WatermarkUsn | Should -BeOfType ([long])
            $status.WatermarkUsn | Should -BeGreaterThan 0
            $status.WatermarkAt | Should -BeOfType ([datetime])
            $status.WatermarkAt | Should -BeGreaterThan $started
            $status.Watermark.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncWatermark'
            $status.Watermark.Server | Should -Be $dc['S365_TEST_LDAPS_URL']
            $status.Watermark.InvocationId | Should -Not -BeNullOrEmpty
            $status.LastRunMode | Should -Be 'full'

            $delta = Start-S365Sync -ConfigDir $dir -PassThru
            $delta.Mode | Should -Be 'delta'
            $delta.FullReason | Should -BeNullOrEmpty
            $delta.Added + $delta.Updated + $delta.Removed | Should -Be 0
            $after = Get-S365SyncStatus -ConfigDir $dir
            $after.LastRunMode | Should -Be 'delta'
            $after.WatermarkUsn | Should -BeGreaterOrEqual $status.WatermarkUsn

            $forced = Start-S365Sync -ConfigDir $dir -Full -PassThru
            $forced.Mode | Should -Be 'full'
            $forced.FullReason | Should -Be 'full sync requested'

            $dry = Start-S365Sync -ConfigDir $dir -WhatIf
            $dry.Mode | Should -Be 'delta'
        }

        It 'sends nothing the second time (full, then delta) and reports it in Get-S365SyncStatus' {
            $null = Start-S365Sync -ConfigDir $dir -PassThru
            $first = Start-S365Sync -ConfigDir $dir -Full -PassThru
            $first.Added | Should -Be 0
            $first.Updated | Should -Be 0
            $first.Unchanged | Should -Be $first.InScope
            $second = Start-S365Sync -ConfigDir $dir -PassThru
            $second.Added | Should -Be 0
            $second.Updated | Should -Be 0
            $second.Removed | Should -Be 0
            $status = Get-S365SyncStatus -ConfigDir $dir
            $status.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncStatus'
            $status.SyncRunning | Should -BeFalse
            $status.SyncedUsers | Should -Be @((Get-EmulatorState).users).Count
            $status.LastRun.RunId | Should -Be $second.RunId
            $status.LastSuccess.RunId | Should -Be $second.RunId
            @($status.History.RunId)[0..1] | Should -Be @($second.RunId, $first.RunId)
            @($status.History).Count | Should -Be 3
            @((Get-S365SyncStatus -ConfigDir $dir -HistoryCount 1).History).Count | Should -Be 1
        }

        It 'writes a plan with -WhatIf -PlanFile, applies exactly that plan, then refuses it as PLAN_STALE' {
            $plan = Join-Path $dir 'review plan.json'
            $dry = Start-S365Sync -ConfigDir $dir -WhatIf -PlanFile $plan
            $dry.DryRun | Should -BeTrue
            $dry.PlanFile | Should -Be $plan
            $plan | Should -Exist
            $content = Get-Content -LiteralPath $plan -Raw | ConvertFrom-Json
            @($content.adds).Count | Should -Be $dry.Added
            @((Get-EmulatorState).users).Count | Should -Be 0
            $run = Start-S365Sync -ConfigDir $dir -PlanFile $plan -PassThru
            $run.DryRun | Should -BeFalse
            $run.Added | Should -Be $dry.Added
            @((Get-EmulatorState).users).Count | Should -Be $run.Added
            $err = Get-Failure { Start-S365Sync -ConfigDir $dir -PlanFile $plan }
            Assert-Failure $err -Code 'PLAN_STALE' -Category 'InvalidData' -ExitCode 6 -Command 'Start-S365Sync'
        }

        It 'writes a one-line summary and no object without -PassThru' {
            $records = @(Start-S365Sync -ConfigDir $dir 6>&1)
            $records.Count | Should -Be 1
            $records[0] | Should -BeOfType ([System.Management.Automation.InformationRecord])
            [string]$records[0].MessageData | Should -Match '^Sync succeeded in [\d.,]+ s \(full: no successful sync yet\): read \d+, in scope \d+, added \d+'
        }

        It 'stops at the deletion guard (GUARD_TRIPPED) and lets the removals through when accepted' {
            $null = Start-S365Sync -ConfigDir $dir -PassThru
            $synced = @((Get-EmulatorState).users).Count
            Set-S365SyncScope -Group 'Finance' -ConfigDir $dir

            Mock -ModuleName S365ADConnector Test-S365Interactive { $false }
            $err = Get-Failure { Start-S365Sync -ConfigDir $dir }
            Assert-Failure $err -Code 'GUARD_TRIPPED' -Category 'LimitsExceeded' -ExitCode 6 -Command 'Start-S365Sync'
            $removals = [int]$err.Exception.Data['Details'].removals
            $removals | Should -BeGreaterThan 0
            $removals | Should -BeLessThan $synced
            @((Get-EmulatorState).removed).Count | Should -Be 0

            Mock -ModuleName S365ADConnector Test-S365Interactive { $true }
            Mock -ModuleName S365ADConnector Confirm-S365GuardOverride { $true }
            $run = Start-S365Sync -ConfigDir $dir -PassThru
            Should -Invoke -ModuleName S365ADConnector Confirm-S365GuardOverride -Scope It -Times 1 -Exactly -ParameterFilter { $Removals -eq $removals }
            $run.Removed | Should -Be $removals
            @((Get-EmulatorState).removed).Count | Should -Be $removals
        }

        It 'applies the deletion guard limits of Set-S365SyncSetting' {
            $null = Start-S365Sync -ConfigDir $dir -PassThru
            Set-S365SyncScope -Group 'Finance' -ConfigDir $dir
            Mock -ModuleName S365ADConnector Test-S365Interactive { $false }

            $err = Get-Failure { Start-S365Sync -ConfigDir $dir }
            $err.FullyQualifiedErrorId | Should -Be 'GUARD_TRIPPED,Start-S365Sync'
            $removals = [int]$err.Exception.Data['Details'].removals
            $removals | Should -BeGreaterThan 1

            Set-S365SyncSetting -MaxRemovals ($removals - 1) -MaxRemovalPercent 100 -ConfigDir $dir
            $err = Get-Failure { Start-S365Sync -ConfigDir $dir }
            $err.FullyQualifiedErrorId | Should -Be 'GUARD_TRIPPED,Start-S365Sync' -Because 'one removal above MaxRemovals'
            @((Get-EmulatorState).removed).Count | Should -Be 0

            Set-S365SyncSetting -MaxRemovals $removals -MaxRemovalPercent 100 -ConfigDir $dir
            $run = Start-S365Sync -ConfigDir $dir -PassThru
            $run.Removed | Should -Be $removals
            @((Get-EmulatorState).removed).Count | Should -Be $removals
        }

        It 'reports LOCKED (ResourceBusy, exit 7) while another sync holds the lock' {
            $lock = Join-Path $dir 'sync.lock'
            $body = ConvertTo-Json -InputObject ([ordered]@{ pid = $PID; host = [System.Net.Dns]::GetHostName(); startedAt = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss.fffZ') }) -Depth 10 -Compress
            [System.IO.File]::WriteAllText($lock, $body)
            $err = Get-Failure { Start-S365Sync -ConfigDir $dir }
            Assert-Failure $err -Code 'LOCKED' -Category 'ResourceBusy' -ExitCode 7 -Command 'Start-S365Sync'
            $err.Exception.Data['Details'].pid | Should -Be $PID
            $lock | Should -Exist
            (Get-S365SyncStatus -ConfigDir $dir).SyncRunning | Should -BeTrue
        }

        It 'reports CONFIG_CORRUPT (InvalidData, exit 2) for a state file it cannot use' {
            # Not a state the agent can read (state.db since the SQLite engine, state.json before it).
            [System.IO.File]::WriteAllText((Join-Path $dir 'state.db'), ('this is not a database ' * 200))
            [System.IO.File]::WriteAllText((Join-Path $dir 'state.json'), '{"schemaVersion":99}')
            $err = Get-Failure { Get-S365SyncStatus -ConfigDir $dir }
            Assert-Failure $err -Code 'CONFIG_CORRUPT' -Category 'InvalidData' -ExitCode 2 -Command 'Get-S365SyncStatus'
        }

        It 'reports NOT_CONFIGURED for a sync without a directory' {
            $bare = New-ConfigDir
            $null = Connect-TestTenant -ConfigDir $bare -SkipTest
            $err = Get-Failure { Start-S365Sync -ConfigDir $bare }
            Assert-Failure $err -Code 'NOT_CONFIGURED' -Category 'ObjectNotFound' -ExitCode 2 -Command 'Start-S365Sync'
        }
    }

    Context 'Invoke-S365Sync.ps1 for schedulers' {
        BeforeAll {
            $script:wrapper = Join-Path (Split-Path -Parent $PSScriptRoot) 'Invoke-S365Sync.ps1'
            # This PowerShell's executable (pwsh may run as 'dotnet pwsh.dll' when installed as a dotnet tool).
            $script:pwshPath = (Get-Process -Id $PID).Path
            if ($PSVersionTable.PSEdition -eq 'Core' -and (Split-Path -Leaf $pwshPath) -notlike 'pwsh*') {
                $script:pwshPath = (Get-Command pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
            }
            function Invoke-Wrapper {
                param([string[]] $Arguments)
                $output = & $pwshPath -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $wrapper @Arguments 2>&1
                return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = @($output | ForEach-Object { [string]$_ } | Where-Object { $_ -ne '' }) }
            }
        }
        BeforeEach {
            Reset-Emulator
        }

        It 'syncs, prints one summary line and exits 0' {
            $dir = New-SyncReadyDir
            $result = Invoke-Wrapper -Arguments @('-ConfigDir', $dir)
            $result.ExitCode | Should -Be 0
            $result.Lines.Count | Should -Be 1
            $result.Lines[0] | Should -Match '^S365 sync: Sync succeeded in [\d.,]+ s \(full: [^)]+\): read \d+'
            @((Get-EmulatorState).users).Count | Should -BeGreaterThan 0
        }

        It 'exits with the agent exit code: 7 when locked, 2 when not configured' {
            $dir = New-SyncReadyDir
            $body = ConvertTo-Json -InputObject ([ordered]@{ pid = $PID; host = [System.Net.Dns]::GetHostName(); startedAt = [DateTime]::UtcNow.ToString('o') }) -Depth 10 -Compress
            [System.IO.File]::WriteAllText((Join-Path $dir 'sync.lock'), $body)
            $result = Invoke-Wrapper -Arguments @('-ConfigDir', $dir)
            $result.ExitCode | Should -Be 7
            $result.Lines.Count | Should -Be 1
            $result.Lines[0] | Should -Match '^S365 sync failed: LOCKED \(exit 7\): '

            $result = Invoke-Wrapper -Arguments @('-ConfigDir', (New-ConfigDir))
            $result.ExitCode | Should -Be 2
            $result.Lines[0] | Should -Match '^S365 sync failed: NOT_CONFIGURED \(exit 2\)'
        }

        It 'keeps each run''s line in logs/sync-runs.log of the configuration directory (a scheduled task throws stdout away)' {
            $dir = New-SyncReadyDir
            $ok = Invoke-Wrapper -Arguments @('-ConfigDir', $dir)
            $ok.ExitCode | Should -Be 0
            $body = ConvertTo-Json -InputObject ([ordered]@{ pid = $PID; host = [System.Net.Dns]::GetHostName(); startedAt = [DateTime]::UtcNow.ToString('o') }) -Depth 10 -Compress
            [System.IO.File]::WriteAllText((Join-Path $dir 'sync.lock'), $body)
            $locked = Invoke-Wrapper -Arguments @('-ConfigDir', $dir)
            $locked.ExitCode | Should -Be 7
            $log = Join-Path (Join-Path $dir 'logs') 'sync-runs.log'
            $lines = @(Get-Content -LiteralPath $log)
            $lines.Count | Should -Be 2
            $lines[0] | Should -Match ('^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ' + [regex]::Escape($ok.Lines[0]) + '$')
            $lines[1] | Should -Match ('^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ' + [regex]::Escape($locked.Lines[0]) + '$')
            $entry = InModuleScope S365ADConnector -Parameters @{ P = $log } { param($P) Get-S365SyncLogEntry -Path $P }
            $entry.ExitCode | Should -Be 7
            $entry.ErrorCode | Should -Be 'LOCKED'
            ([datetime]::UtcNow - $entry.Time).TotalMinutes | Should -BeLessThan 5
            $other = Join-Path (New-ConfigDir) 'elsewhere.log'
            $result = Invoke-Wrapper -Arguments @('-ConfigDir', $dir, '-LogPath', $other)
            $result.ExitCode | Should -Be 7
            @(Get-Content -LiteralPath $other).Count | Should -Be 1
            @(Get-Content -LiteralPath $log).Count | Should -Be 2
        }

        It 'says so when the run log cannot be written, and still exits with the sync''s code' {
            $blocked = Join-Path (New-ConfigDir) 'a-file'
            Set-Content -LiteralPath $blocked -Value 'not a folder'
            $result = Invoke-Wrapper -Arguments @('-ConfigDir', (New-ConfigDir), '-LogPath', (Join-Path $blocked 'sync-runs.log'))
            $result.ExitCode | Should -Be 2
            $result.Lines[0] | Should -Match '^S365 sync failed: NOT_CONFIGURED \(exit 2\)'
            $result.Lines[1] | Should -Match '^S365 sync: the run log could not be written: '
        }

        It 'exits 6 at the deletion guard without prompting' {
            $dir = New-SyncReadyDir
            $null = Start-S365Sync -ConfigDir $dir -PassThru
            Set-S365SyncScope -Group 'Finance' -ConfigDir $dir
            $result = Invoke-Wrapper -Arguments @('-ConfigDir', $dir)
            $result.ExitCode | Should -Be 6
            $result.Lines[0] | Should -Match '^S365 sync failed: GUARD_TRIPPED \(exit 6\)'
        }
    }

    Context 'Secrets never leak' {
        BeforeEach {
            Reset-Emulator
            $dir = New-ConfigDir
        }

        BeforeAll {
            function Assert-NoSecret {
                param([object[]] $Records, [string] $ConfigDir, [string[]] $Secrets)
                $texts = New-Object System.Collections.Generic.List[string]
                foreach ($r in $Records) { $texts.Add((ConvertTo-TestText $r)) }
                $log = Join-Path (Join-Path $ConfigDir 'logs') 'agent.log'
                if (Test-Path -LiteralPath $log) { $texts.Add([System.IO.File]::ReadAllText($log)) }
                $configFile = Join-Path $ConfigDir 'config.json'
                if (Test-Path -LiteralPath $configFile) { $texts.Add([System.IO.File]::ReadAllText($configFile)) }
                $all = $texts -join "`n"
                $all.Length | Should -BeGreaterThan 0
                foreach ($s in $Secrets) {
                    $all.Contains($s) | Should -BeFalse -Because 'a secret must never appear in an output stream or the log'
                }
            }
        }

        It 'connect, test-auth and get-config (success) never show the secret' {
            $records = & {
                $VerbosePreference = 'Continue'
                $DebugPreference = 'Continue'
                $InformationPreference = 'Continue'
                Connect-Signature365 -Secret (ConvertTo-SecureString $secret -AsPlainText -Force) -ApiUrl $emulator.Url -ConfigDir $dir -Verbose
                Test-S365Auth -ConfigDir $dir -Verbose
                Get-S365Configuration -ConfigDir $dir -Verbose | Format-List * | Out-String
            } *>&1
            @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
            Assert-NoSecret -Records $records -ConfigDir $dir -Secrets @($secret)
        }

        It 'failures (wrong secret, disabled integration, unreachable DC, wrong bind password) never show the secrets' {
            $wrongSecret = 'S365-wrong-' + [guid]::NewGuid().ToString('N')
            $wrongPassword = 'Wrong-Bind-' + [guid]::NewGuid().ToString('N')
            $wrongCredential = New-Object pscredential($dc['S365_TEST_BIND_DN'], (ConvertTo-SecureString $wrongPassword -AsPlainText -Force))
            $records = & {
                $VerbosePreference = 'Continue'
                try { Connect-Signature365 -Secret $wrongSecret -ApiUrl $emulator.Url -ConfigDir $dir -Verbose } catch { $_ }
                $null = Connect-Signature365 -Secret $secret -ApiUrl $emulator.Url -ConfigDir $dir -Verbose
                $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/tenant' -Method PUT -Body @{ enabled = $false }
                try { Test-S365Auth -ConfigDir $dir -Verbose } catch { $_ }
                Test-S365Auth -ConfigDir $dir -Quiet -Verbose
                $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/tenant' -Method PUT -Body @{ enabled = $true }
                try { Set-S365Directory -Server $dc['S365_TEST_LDAPS_URL'] -Credential $wrongCredential -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $dir -Verbose } catch { $_ }
                try { Set-S365Directory -Server 'ldaps://127.0.0.1:1' -Credential $bindCredential -ConfigDir $dir -Verbose } catch { $_ }
                Set-S365Directory -Server $dc['S365_TEST_LDAPS_URL'] -Credential $bindCredential -CaFile $dc['S365_TEST_CA_FILE'] -ConfigDir $dir -Verbose -PassThru
                Get-S365Configuration -ConfigDir $dir | Format-List * | Out-String
            } *>&1
            @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 4
            Assert-NoSecret -Records $records -ConfigDir $dir -Secrets @($secret, $wrongSecret, $wrongPassword, $dc['S365_TEST_BIND_PASSWORD'])
        }

        It 'a sync with -Verbose never shows the secrets' {
            $d = New-SyncReadyDir
            $records = Start-S365Sync -ConfigDir $d -PassThru -Verbose *>&1
            Assert-NoSecret -Records $records -ConfigDir $d -Secrets @($secret, $dc['S365_TEST_BIND_PASSWORD'])
        }
    }

    Context 'Get-S365SyncReport after real syncs' {
        BeforeAll {
            Reset-Emulator
            $script:reportDir = New-SyncReadyDir
            $script:firstRun = Start-S365Sync -ConfigDir $reportDir -PassThru
            $script:secondRun = Start-S365Sync -ConfigDir $reportDir -Full -PassThru
            $script:held = @((Get-EmulatorState).users)
            $m365 = @($tenant.m365Users | ForEach-Object { $_.ToLowerInvariant() })
            $script:expectedMatched = @($held | Where-Object { $m365 -contains $_.email.ToLowerInvariant() } | ForEach-Object { $_.email.ToLowerInvariant() } | Sort-Object)
            $script:expectedUnmatched = @($held | Where-Object { $m365 -notcontains $_.email.ToLowerInvariant() } | ForEach-Object { $_.email.ToLowerInvariant() } | Sort-Object)
            $script:conflicts = @($secondRun.Warnings | Where-Object Code -eq 'EMAIL_CONFLICT')
            $script:otherWarnings = @($secondRun.Warnings | Where-Object Code -ne 'EMAIL_CONFLICT')
        }

        It 'returns typed entries: matched and unmatched exactly as the emulator holds them, the held-back users and the warnings' {
            $entries = @(Get-S365SyncReport -ConfigDir $reportDir)
            $global:LASTEXITCODE | Should -Be 0
            $entries[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncReportEntry'
            $expectedMatched.Count | Should -Be 2
            @($entries | Where-Object Status -eq 'Matched' | ForEach-Object { $_.Email.ToLowerInvariant() } | Sort-Object) | Should -Be $expectedMatched
            @($entries | Where-Object Status -eq 'Unmatched' | ForEach-Object { $_.Email.ToLowerInvariant() } | Sort-Object) | Should -Be $expectedUnmatched
            @($entries | Where-Object Status -eq 'Rejected').Count | Should -Be 0
            @($entries | Where-Object Status -eq 'HeldBack' | ForEach-Object ObjectGuid | Sort-Object) | Should -Be @($conflicts | ForEach-Object ObjectGuid | Sort-Object)
            @($entries | Where-Object Status -eq 'Warning' | ForEach-Object { '{0} {1}' -f $_.Code, $_.ObjectGuid } | Sort-Object) | Should -Be @($otherWarnings | ForEach-Object { '{0} {1}' -f $_.Code, $_.ObjectGuid } | Sort-Object)
            $photo = @($entries | Where-Object Code -eq 'PHOTO_TOO_LARGE')
            $photo.Count | Should -Be 1
            $photo[0].Status | Should -Be 'Warning'
            $alice = $entries | Where-Object Email -eq 'alice.johnson@contoso.com'
            $alice.DisplayName | Should -Be 'Alice Johnson'
            $alice.Reason | Should -Match 'gets a signature'
            @(Get-S365SyncReport -ConfigDir $reportDir -Status Matched, Rejected | ForEach-Object Status | Sort-Object -Unique) | Should -Be @('Matched')
            (Get-S365SyncReport -ConfigDir $reportDir -Status Unmatched | Select-Object -First 1 | Format-Table | Out-String) | Should -Match 'Status\s+Email\s+DisplayName\s+Reason'
        }

        It 'pipes to Export-Csv: one row per entry, every column a plain value' {
            $csv = Join-Path $reportDir 'report.csv'
            Get-S365SyncReport -ConfigDir $reportDir | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8
            $rows = @(Import-Csv -LiteralPath $csv)
            $rows.Count | Should -Be ($held.Count + $conflicts.Count + $otherWarnings.Count)
            @($rows[0].PSObject.Properties.Name) | Should -Be @('Status', 'Email', 'DisplayName', 'Reason', 'Code', 'ConflictsWith', 'ObjectGuid', 'DistinguishedName', 'At')
            @($rows | Where-Object Status -eq 'Unmatched' | ForEach-Object { $_.Email.ToLowerInvariant() } | Sort-Object) | Should -Be $expectedUnmatched
            if ($conflicts.Count -gt 0) { @($rows | Where-Object Status -eq 'HeldBack')[0].ConflictsWith | Should -Match '^CN=' }
        }

        It 'writes a self-contained HTML page that headless Chromium shows with the counts, the names and one bar group per run' {
            & bash "$repoRoot/build/apt.sh" install report
            $chromium = Get-Command chromium -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if (-not $chromium) {
                if (-not $env:CI) { Set-ItResult -Skipped -Because 'chromium could not be installed: build/apt.sh needs root or sudo'; return }
                throw 'chromium is missing (build/apt.sh install report)'
            }
            $page = Join-Path $reportDir 'report.html'
            $file = Get-S365SyncReport -ConfigDir $reportDir -Html $page -RunCount 5
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -Be $page
            $text = [System.IO.File]::ReadAllText($page)
            $text | Should -Not -Match '<script|https?://(?!www\.w3\.org/2000/svg)|<link |@import|src='

            $profileDir = New-TestDirectory -Prefix 's365-chromium'
            $script:dirs.Add($profileDir)
            $flags = @('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', "--user-data-dir=$profileDir")
            $url = (New-Object System.Uri($page)).AbsoluteUri
            $dom = (& $chromium.Source @flags --dump-dom $url 2>$null) -join "`n"
            $dom | Should -Match '<h1>Signature 365 sync report</h1>'
            foreach ($count in @{ synced = $held.Count; matched = $expectedMatched.Count; unmatched = $expectedUnmatched.Count; rejected = 0; heldBack = $conflicts.Count; warnings = $otherWarnings.Count }.GetEnumerator()) {
                $dom | Should -Match ('id="count-{0}"><div class="n">{1}</div>' -f $count.Key, $count.Value)
            }
            foreach ($email in $expectedMatched) { $dom | Should -Match ('<tr data-status="Matched"[^>]*><td>{0}</td>' -f [regex]::Escape($email)) }
            ([regex]::Matches($dom, '<tr data-status="Unmatched"')).Count | Should -Be $expectedUnmatched.Count
            foreach ($chart in 'counts', 'duration') {
                $svg = [regex]::Match($dom, ('<svg[^>]*id="chart-{0}".*?</svg>' -f $chart), 'Singleline').Value
                ([regex]::Matches($svg, '<g class="run ')).Count | Should -Be 2 -Because "the $chart chart has one group per run"
            }
            $counts = [regex]::Match($dom, '<svg[^>]*id="chart-counts".*?</svg>', 'Singleline').Value
            $counts | Should -Match ('<rect data-series="synced" data-value="{0}"' -f $held.Count)
            $counts | Should -Match ('<rect data-series="unmatched" data-value="{0}"' -f $expectedUnmatched.Count)

            $png = Join-Path $reportDir 'report.png'
            $null = & $chromium.Source @flags --window-size=1000,1400 "--screenshot=$png" $url 2>$null
            Test-Path -LiteralPath $png | Should -BeTrue
            $bytes = [System.IO.File]::ReadAllBytes($png)
            $bytes.Length | Should -BeGreaterThan 20000 -Because 'a page with cards, two charts and tables is no blank image'
            @($bytes[1..3] | ForEach-Object { [char]$_ }) -join '' | Should -Be 'PNG'
        }
    }
}
