#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Unit tests of the agent plumbing (process, NDJSON, progress, errors) with a fake s365-agent, and of the
# commands' logic with Invoke-S365Agent mocked. No domain controller or emulator needed.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $onWindows = Test-TestHostIsWindows
    $errorCases = @(
        @{ Code = 'BAD_REQUEST'; Exit = 2; Category = 'InvalidArgument' }
        @{ Code = 'NOT_CONFIGURED'; Exit = 2; Category = 'ObjectNotFound' }
        @{ Code = 'CONFIG_CORRUPT'; Exit = 2; Category = 'InvalidData' }
        @{ Code = 'CONFIG_UNWRITABLE'; Exit = 2; Category = 'WriteError' }
        @{ Code = 'AUTH_REFUSED'; Exit = 3; Category = 'AuthenticationError' }
        @{ Code = 'INTEGRATION_DISABLED'; Exit = 3; Category = 'PermissionDenied' }
        @{ Code = 'DIRECTORY_ERROR'; Exit = 4; Category = 'ReadError' }
        @{ Code = 'DIRECTORY_UNREACHABLE'; Exit = 4; Category = 'ConnectionError' }
        @{ Code = 'API_ERROR'; Exit = 5; Category = 'InvalidResult' }
        @{ Code = 'API_UNREACHABLE'; Exit = 5; Category = 'ConnectionError' }
        @{ Code = 'GUARD_TRIPPED'; Exit = 6; Category = 'LimitsExceeded' }
        @{ Code = 'PLAN_STALE'; Exit = 6; Category = 'InvalidData' }
        @{ Code = 'LOCKED'; Exit = 7; Category = 'ResourceBusy' }
        @{ Code = 'INTERNAL'; Exit = 1; Category = 'NotSpecified' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force
    $script:savedEnv = @{}
    foreach ($name in 'S365_AGENT_PATH', 'S365_AGENT_NODE_SCRIPT', 'S365_CONFIG_DIR', 'NODE_SKIP_PLATFORM_CHECK') {
        $script:savedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
}

AfterAll {
    foreach ($name in $script:savedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $script:savedEnv[$name]) }
    Get-Module S365ADConnector | Remove-Module -Force
}

Describe 'Error mapping' {
    It 'maps <Code> to the category <Category>' -ForEach $errorCases {
        InModuleScope S365ADConnector -Parameters @{ Code = $Code; Category = $Category } {
            param($Code, $Category)
            (Get-S365ErrorCode -Code $Code).Category.ToString() | Should -Be $Category
        }
    }

    It 'builds every code of the one code table with its exception type, category and recommended action' {
        InModuleScope S365ADConnector {
            $rows = @(Get-S365ErrorCode)
            $rows.Count | Should -BeGreaterThan 12
            foreach ($row in $rows) {
                $record = New-S365ErrorRecord -Code $row.Code -Message "message of $($row.Code)"
                $record.FullyQualifiedErrorId | Should -Be $row.Code
                $record.Exception.GetType() | Should -Be $row.ExceptionType
                $record.CategoryInfo.Category | Should -Be $row.Category
                if ($row.RecommendedAction) {
                    $record.ErrorDetails.RecommendedAction | Should -Be $row.RecommendedAction
                } else {
                    $record.ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
                }
            }
        }
    }

    It 'maps a code it does not know to NotSpecified and InvalidOperationException, with no recommended action' {
        InModuleScope S365ADConnector {
            $record = New-S365ErrorRecord -Code 'SOMETHING_NEW' -Message 'new'
            $record.FullyQualifiedErrorId | Should -Be 'SOMETHING_NEW'
            $record.CategoryInfo.Category | Should -Be 'NotSpecified'
            $record.Exception | Should -BeOfType ([System.InvalidOperationException])
            $record.ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
        }
    }

    It 'gives the advice of details.problem where it has its own: <Code> <Problem>' -ForEach @(
        @{ Code = 'CONFIG_CORRUPT'; Problem = 'secret-unreadable'; Advice = '*do not remove secrets.json, give that secret again: Connect-Signature365*Set-S365Directory -Credential*' }
        @{ Code = 'CONFIG_CORRUPT'; Problem = 'secrets-exposed'; Advice = '*chmod 600*rotate the integration secret in the Signature 365 portal*' }
        @{ Code = 'CONFIG_UNWRITABLE'; Problem = 'sealer-unavailable'; Advice = '*install the .NET Framework 4.7.2*' }
    ) {
        InModuleScope S365ADConnector -Parameters @{ Code = $Code; Problem = $Problem; Advice = $Advice } {
            param($Code, $Problem, $Advice)
            # From the agent's JSON (a PSCustomObject), as ConvertTo-S365ErrorRecord passes it, and from a hashtable.
            foreach ($details in @([pscustomobject]@{ file = 'x'; problem = $Problem }, @{ problem = $Problem })) {
                $record = New-S365ErrorRecord -Code $Code -Message 'm' -Details $details
                $record.ErrorDetails.RecommendedAction | Should -BeLike $Advice
                $record.CategoryInfo.Category | Should -Be (Get-S365ErrorCode -Code $Code).Category
            }
            # Without the problem, or with another one, the code's own advice.
            (New-S365ErrorRecord -Code $Code -Message 'm' -Details @{ problem = 'other' }).ErrorDetails.RecommendedAction | Should -Be (Get-S365ErrorCode -Code $Code).RecommendedAction
            (New-S365ErrorRecord -Code $Code -Message 'm').ErrorDetails.RecommendedAction | Should -Not -BeLike $Advice
        }
    }

    It 'keeps the categories of the module-side codes' {
        InModuleScope S365ADConnector {
            (Get-S365ErrorCode -Code 'AGENT_NOT_FOUND').Category | Should -Be 'ObjectNotFound'
            (Get-S365ErrorCode -Code 'AGENT_START_FAILED').Category | Should -Be 'OpenError'
            (Get-S365ErrorCode -Code 'TASK_NOT_FOUND').Category | Should -Be 'ObjectNotFound'
            (Get-S365ErrorCode -Code 'TASK_REGISTRATION_FAILED').Category | Should -Be 'WriteError'
            (Get-S365ErrorCode -Code 'TASK_REMOVAL_FAILED').Category | Should -Be 'WriteError'
            (Get-S365ErrorCode -Code 'PLATFORM_NOT_SUPPORTED').ExceptionType | Should -Be ([System.PlatformNotSupportedException])
            (Get-S365ErrorCode -Code 'AGENT_NOT_FOUND').ExceptionType | Should -Be ([System.IO.FileNotFoundException])
        }
    }

    It 'builds an ErrorRecord with the code as ErrorId, the details, the exit code and a recommended action' {
        InModuleScope S365ADConnector {
            $details = [pscustomobject]@{ status = 401; code = 'UNAUTHORIZED' }
            $record = New-S365ErrorRecord -Code 'AUTH_REFUSED' -Message 'refused' -Details $details -ExitCode 3 -Verb 'connect' -TargetObject 'https://api'
            $record.FullyQualifiedErrorId | Should -Be 'AUTH_REFUSED'
            $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $record.TargetObject | Should -Be 'https://api'
            $record.Exception.Message | Should -Be 'refused'
            $record.Exception | Should -BeOfType ([System.Security.Authentication.AuthenticationException])
            $record.Exception.Data['Code'] | Should -Be 'AUTH_REFUSED'
            $record.Exception.Data['ExitCode'] | Should -Be 3
            $record.Exception.Data['Verb'] | Should -Be 'connect'
            $record.Exception.Data['Details'].status | Should -Be 401
            $record.ErrorDetails.RecommendedAction | Should -Match 'Connect-Signature365'
        }
    }
}

Describe 'Platform helpers' {
    It 'asks Node.js to skip its platform check only on Windows older than 10 / Server 2016' {
        InModuleScope S365ADConnector {
            Mock Test-S365IsWindows { $true }
            Test-S365LegacyWindows -OSVersion ([version]'6.3.9600') | Should -BeTrue
            Test-S365LegacyWindows -OSVersion ([version]'6.1.7601') | Should -BeTrue
            Test-S365LegacyWindows -OSVersion ([version]'10.0.14393') | Should -BeFalse
            Test-S365LegacyWindows -OSVersion ([version]'10.0.26100') | Should -BeFalse
            Mock Test-S365IsWindows { $false }
            Test-S365LegacyWindows -OSVersion ([version]'6.3.9600') | Should -BeFalse
        }
    }

    It 'resolves a relative -ConfigDir against the current location, else uses S365_CONFIG_DIR' {
        InModuleScope S365ADConnector {
            Push-Location ([System.IO.Path]::GetTempPath())
            try {
                Resolve-S365ConfigDir -ConfigDir 'cfg-x' | Should -Be (Join-Path (Get-Location).ProviderPath 'cfg-x')
                $env:S365_CONFIG_DIR = (Join-Path ([System.IO.Path]::GetTempPath()) 'from-env')
                Resolve-S365ConfigDir -ConfigDir $null | Should -Be $env:S365_CONFIG_DIR
                $env:S365_CONFIG_DIR = $null
                Resolve-S365ConfigDir -ConfigDir '' | Should -BeNullOrEmpty
            } finally {
                $env:S365_CONFIG_DIR = $null
                Pop-Location
            }
        }
    }

    It 'converts SecureString, PSCredential and string secrets, and nothing else' {
        InModuleScope S365ADConnector {
            $secure = ConvertTo-SecureString 'p@ss w0rd' -AsPlainText -Force
            ConvertFrom-S365SecureValue -Value $secure | Should -Be 'p@ss w0rd'
            ConvertFrom-S365SecureValue -Value (New-Object pscredential('u', $secure)) | Should -Be 'p@ss w0rd'
            ConvertFrom-S365SecureValue -Value 'plain' | Should -Be 'plain'
            { ConvertFrom-S365SecureValue -Value 42 } | Should -Throw
        }
    }
}

Describe 'Finding the agent' {
    AfterEach {
        $env:S365_AGENT_PATH = $null
        $env:S365_AGENT_NODE_SCRIPT = $null
    }

    It 'uses S365_AGENT_PATH first' {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('agent-{0}' -f [guid]::NewGuid())
        Set-Content -LiteralPath $file -Value 'x' -Encoding Ascii
        try {
            $env:S365_AGENT_PATH = $file
            $env:S365_AGENT_NODE_SCRIPT = $file
            InModuleScope S365ADConnector {
                $agent = Get-S365AgentCommand
                $agent.Source | Should -Be 'S365_AGENT_PATH'
                @($agent.Arguments).Count | Should -Be 0
            }
        } finally {
            Remove-Item -LiteralPath $file -Force
        }
    }

    It 'runs S365_AGENT_NODE_SCRIPT with node from PATH' -Skip:(-not (Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('agent-{0}.js' -f [guid]::NewGuid())
        Set-Content -LiteralPath $file -Value '' -Encoding Ascii
        try {
            $env:S365_AGENT_NODE_SCRIPT = $file
            InModuleScope S365ADConnector {
                $agent = Get-S365AgentCommand
                $agent.Source | Should -Be 'S365_AGENT_NODE_SCRIPT'
                (Split-Path -Leaf $agent.FileName) | Should -BeLike 'node*'
                @($agent.Arguments) | Should -Be @((Resolve-Path $env:S365_AGENT_NODE_SCRIPT).ProviderPath)
            }
        } finally {
            Remove-Item -LiteralPath $file -Force
        }
    }

    It 'fails with AGENT_NOT_FOUND when S365_AGENT_PATH is not a file' {
        $env:S365_AGENT_PATH = Join-Path ([System.IO.Path]::GetTempPath()) 'no-such-agent'
        { Get-S365SyncScope } | Should -Throw -ErrorId 'AGENT_NOT_FOUND,Get-S365SyncScope'
    }

    It 'otherwise looks for the executable shipped in the module bin folder' {
        InModuleScope S365ADConnector {
            $expected = 'linux-x64'
            if (Test-S365IsWindows) { $expected = 'win-x64' }
            $bin = Join-Path (Join-Path $script:ModuleRoot 'bin') $expected
            if (Test-Path -LiteralPath $bin) {
                (Get-S365AgentCommand).FileName | Should -BeLike "$bin*"
            } else {
                $err = $null
                try { Get-S365AgentCommand } catch { $err = $_ }
                $err.FullyQualifiedErrorId | Should -Be 'AGENT_NOT_FOUND'
                $err.Exception.Message | Should -BeLike "*$expected*"
                $err.Exception.Message | Should -Match 'S365_AGENT_PATH'
            }
        }
    }
}

Describe 'Talking to the agent process' -Skip:$onWindows {
    BeforeAll {
        $script:fakeDir = New-TestDirectory -Prefix 's365-fake'
        $script:fake = New-FakeAgent -Directory $fakeDir
        $env:S365_AGENT_PATH = $fake
    }
    AfterAll {
        $env:S365_AGENT_PATH = $null
        Remove-TestDirectory -Path $fakeDir
    }
    BeforeEach {
        Reset-FakeAgent -Directory $fakeDir
        $global:LASTEXITCODE = $null
    }

    It 'sends one JSON request on stdin and --json/--config-dir as the only arguments' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @((New-ResultLine -Verb 'get-scope' -Data @{ all = $true; groups = @() }))
        $scope = Get-S365SyncScope -ConfigDir (Join-Path $fakeDir 'cfg dir')
        $scope.All | Should -BeTrue
        $scope.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncScope'
        @(Get-Content -LiteralPath (Join-Path $fakeDir 'args')) | Should -Be @('--json', '--config-dir', (Join-Path $fakeDir 'cfg dir'))
        $request = Get-FakeAgentRequest -Directory $fakeDir
        $request.protocol | Should -Be 1
        $request.verb | Should -Be 'get-scope'
        $request.PSObject.Properties.Name | Should -Not -Contain 'params'
    }

    It 'passes S365_CONFIG_DIR as --config-dir, and no --config-dir without either' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @((New-ResultLine -Verb 'get-scope' -Data @{ all = $true; groups = @() }))
        try {
            $env:S365_CONFIG_DIR = Join-Path $fakeDir 'from-env'
            $null = Get-S365SyncScope
            @(Get-Content -LiteralPath (Join-Path $fakeDir 'args')) | Should -Be @('--json', '--config-dir', $env:S365_CONFIG_DIR)
        } finally {
            $env:S365_CONFIG_DIR = $null
        }
        $null = Get-S365SyncScope
        @(Get-Content -LiteralPath (Join-Path $fakeDir 'args')) | Should -Be @('--json')
    }

    It 'adds --verbose with -Verbose and turns stderr lines into verbose records' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @((New-ResultLine -Verb 'get-scope' -Data @{ all = $true; groups = @() }))
        $records = Get-S365SyncScope -Verbose 4>&1
        @(Get-Content -LiteralPath (Join-Path $fakeDir 'args')) | Should -Contain '--verbose'
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain 's365-agent: fake agent: stderr line'
    }

    It 'quotes arguments with spaces, quotes and backslashes so the agent gets them unchanged' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @((New-ResultLine -Verb 'get-scope' -Data @{ all = $true; groups = @() }))
        $odd = Join-Path $fakeDir 'a "quoted" dir with spaces'
        $null = Get-S365SyncScope -ConfigDir $odd
        (Get-Content -LiteralPath (Join-Path $fakeDir 'args'))[2] | Should -BeExactly $odd

        $arguments = @('a b', 'c"d', 'e\', 'f\\"g', '', 'h\ i', 'plain')
        $psi = New-Object System.Diagnostics.ProcessStartInfo
        $psi.FileName = $fake
        $psi.Arguments = InModuleScope S365ADConnector -Parameters @{ A = $arguments } { param($A) ConvertTo-S365ArgumentString -ArgumentList $A }
        $psi.UseShellExecute = $false
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($psi)
        $process.StandardInput.Close()
        $null = $process.StandardOutput.ReadToEnd()
        $null = $process.StandardError.ReadToEnd()
        $process.WaitForExit()
        @([System.IO.File]::ReadAllText((Join-Path $fakeDir 'args')).TrimEnd("`n").Split("`n")) | Should -Be $arguments
        InModuleScope S365ADConnector {
            ConvertTo-S365ArgumentString -ArgumentList @('a', 'b c', '', 'd"e', 'f\') | Should -BeExactly 'a "b c" "" "d\"e" f\'
            ConvertTo-S365ArgumentString -ArgumentList @('x y\') | Should -BeExactly '"x y\\"'
        }
    }

    It 'turns progress events into Write-Progress as they arrive, and returns the result' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @(
            '{"type":"progress","verb":"sync","phase":"connect","done":0}'
            '{"type":"progress","verb":"sync","phase":"read","done":1500,"total":40000,"rate":2950.5}'
            '{"type":"progress","verb":"sync","phase":"read","done":2000,"sent":500}'
            'not json: ignored'
            ''
            '{"type":"progress","verb":"sync","phase":"send-users","done":20,"total":40}'
            (New-ResultLine -Verb 'sync' -Data @{ mode = 'full'; dryRun = $false; startedAt = '2026-01-02T03:04:05.000Z'; finishedAt = '2026-01-02T03:04:06.500Z'; durationMs = 1500; status = 'succeeded'; runId = 'r-1'
                    counts = @{ read = 3; skippedNoEmail = 0; inScope = 3; unchanged = 1; added = 1; updated = 1; removed = 0; matched = 2; unmatched = 0; rejected = 0 }; rejections = @()
                })
        )
        Mock -ModuleName S365ADConnector Write-Progress { }
        $run = Start-S365Sync -PassThru
        Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $CurrentOperation -eq 'read' -and $PercentComplete -eq 3 -and $Status -like '*1500 of 40000*' } -Times 1 -Exactly
        Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $CurrentOperation -eq 'read' -and $Status -like '*: 2000; 500 sent to Signature 365' } -Times 1 -Exactly
        Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $CurrentOperation -eq 'read' -and $Status -like '*sent*' } -Times 1 -Exactly
        Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $CurrentOperation -eq 'send-users' -and $PercentComplete -eq 50 } -Times 1 -Exactly
        Should -Invoke -ModuleName S365ADConnector Write-Progress -ParameterFilter { $Completed } -Times 1 -Exactly
        $run.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncRun'
        $run.RunId | Should -Be 'r-1'
        $run.Added | Should -Be 1
        $run.Updated | Should -Be 1
        $run.Unchanged | Should -Be 1
        $run.Duration | Should -Be ([TimeSpan]::FromMilliseconds(1500))
        $run.StartedAt | Should -BeOfType ([datetime])
        $run.StartedAt.ToUniversalTime() | Should -Be ([datetime]::new(2026, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
        $run.ToString() | Should -Match '^Sync succeeded in 1\.5 s \(full\): read 3'
        $global:LASTEXITCODE | Should -Be 0
        $request = Get-FakeAgentRequest -Directory $fakeDir
        $request.PSObject.Properties.Name | Should -Not -Contain 'params' -Because 'without -Full the agent chooses the mode'
    }

    It 'says with -Verbose what runs: the sync requested, the agent command line, and each phase once as it starts' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @(
            '{"type":"progress","verb":"sync","phase":"connect","done":0}'
            '{"type":"progress","verb":"sync","phase":"read","done":500}'
            '{"type":"progress","verb":"sync","phase":"read","done":1000}'
            '{"type":"progress","verb":"sync","phase":"send-groups","done":20,"total":20}'
            (New-ResultLine -Verb 'sync' -Data @{ mode = 'full'; dryRun = $false; startedAt = '2026-01-02T03:04:05.000Z'; finishedAt = '2026-01-02T03:04:06.500Z'; durationMs = 1500; status = 'succeeded'; runId = 'r-2'; counts = @{ read = 1000 }; rejections = @() })
        )
        Mock -ModuleName S365ADConnector Write-Progress { }
        $dir = Join-Path $TestDrive 'verbose-cfg'
        $verbose = @(Start-S365Sync -Full -AllowRemovals 3 -ConfigDir $dir -PassThru -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
        $verbose | Should -Contain ("Starting a full sync, accepting up to 3 removals, with the configuration in {0}." -f $dir)
        @($verbose | Where-Object { $_ -like "Running s365-agent verb 'sync'*--verbose*" }).Count | Should -Be 1
        $phases = @($verbose | Where-Object { $_ -like 's365-agent sync: *' })
        $phases | Should -Be @('s365-agent sync: Connecting to the domain controller and Signature 365', 's365-agent sync: Reading users from Active Directory', 's365-agent sync: Sending groups to Signature 365')
    }

    It 'throws a failed result as an ErrorRecord: <Code> -> <Category>, exit code <Exit>' -ForEach $errorCases {
        $details = @{ param = 'x'; removals = 12 }
        Set-FakeAgentOutput -Directory $fakeDir -ExitCode $Exit -Lines @((New-FailureLine -Verb 'get-scope' -Code $Code -ExitCode $Exit -Message "message of $Code" -Details $details))
        $err = $null
        try { Get-S365SyncScope -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$Code,Get-S365SyncScope"
        $err.CategoryInfo.Category | Should -Be $Category
        $err.Exception.Message | Should -Be "message of $Code"
        $err.Exception.Data['Code'] | Should -Be $Code
        $err.Exception.Data['ExitCode'] | Should -Be $Exit
        $err.Exception.Data['Details'].param | Should -Be 'x'
        $err.TargetObject | Should -Be 'scope'
        $global:LASTEXITCODE | Should -Be $Exit
        InModuleScope S365ADConnector -Parameters @{ Exit = $Exit } { param($Exit) $script:LastAgentExitCode | Should -Be $Exit }
    }

    It 'stops the pipeline (terminating error) instead of carrying on' {
        Set-FakeAgentOutput -Directory $fakeDir -ExitCode 2 -Lines @((New-FailureLine -Verb 'get-scope' -Code 'NOT_CONFIGURED' -ExitCode 2))
        $after = $false
        try {
            Get-S365SyncScope
            $after = $true
        } catch {
            Write-Verbose 'caught'
        }
        $after | Should -BeFalse
    }

    It 'reports an agent that exits without a result' {
        Set-FakeAgentOutput -Directory $fakeDir -ExitCode 1 -Lines @('garbage')
        $err = $null
        try { Get-S365SyncScope } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'INTERNAL,Get-S365SyncScope'
        $err.Exception.Message | Should -Match 'without a result'
        $err.Exception.Message | Should -Match 'fake agent: stderr line'
        $global:LASTEXITCODE | Should -Be 1
    }

    It 'sets NODE_SKIP_PLATFORM_CHECK=1 for the agent only on old Windows' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @((New-ResultLine -Verb 'get-scope' -Data @{ all = $true; groups = @() }))
        $null = Get-S365SyncScope
        Get-Content -LiteralPath (Join-Path $fakeDir 'env-node-skip') -Raw | Should -Be 'unset'
        Mock -ModuleName S365ADConnector Test-S365LegacyWindows { $true }
        $null = Get-S365SyncScope
        Get-Content -LiteralPath (Join-Path $fakeDir 'env-node-skip') -Raw | Should -Be '1'
        $env:NODE_SKIP_PLATFORM_CHECK | Should -BeNullOrEmpty -Because 'only the child gets it'
    }

    It 'puts the secret only in the stdin request, never on the command line' {
        Set-FakeAgentOutput -Directory $fakeDir -Lines @((New-ResultLine -Verb 'connect' -Data @{ connected = $true; apiUrl = 'https://x'; tested = $true; tenantId = 't'; tenantName = 'T' }))
        $secret = 'Sup3r-Secret-' + [guid]::NewGuid()
        $out = Connect-Signature365 -Secret (ConvertTo-SecureString $secret -AsPlainText -Force) -ApiUrl 'https://x' -Verbose *>&1
        (Get-Content -LiteralPath (Join-Path $fakeDir 'args') -Raw) | Should -Not -Match ([regex]::Escape($secret))
        (Get-FakeAgentRequest -Directory $fakeDir).params.secret | Should -BeExactly $secret
        ($out | ForEach-Object { ConvertTo-TestText $_ }) -join "`n" | Should -Not -Match ([regex]::Escape($secret))
    }
}

Describe 'Command logic (agent mocked)' {
    BeforeAll {
        $script:ok = { param($data) [pscustomobject]@{ Ok = $true; Verb = 'x'; ExitCode = 0; Data = $data; Error = $null } }
    }

    Context 'Connect-Signature365' {
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'connect'; ExitCode = 0; Data = [pscustomobject]@{ connected = $true; apiUrl = 'https://api'; tested = $true; tenantId = 't-1'; tenantName = 'Contoso' }; Error = $null }
            }
        }

        It 'accepts the secret as <Kind>' -ForEach @(
            @{ Kind = 'SecureString'; Make = { ConvertTo-SecureString 'secret-value-1' -AsPlainText -Force } }
            @{ Kind = 'string'; Make = { 'secret-value-1' } }
            @{ Kind = 'PSCredential'; Make = { New-Object pscredential('ignored', (ConvertTo-SecureString 'secret-value-1' -AsPlainText -Force)) } }
        ) {
            $value = & $Make
            $result = Connect-Signature365 -Secret $value
            $result.TenantName | Should -Be 'Contoso'
            $result.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.Connection'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'connect' -and $Parameters['secret'] -eq 'secret-value-1' }
        }

        It 'takes the secret from the pipeline' {
            ConvertTo-SecureString 'piped-secret-1' -AsPlainText -Force | Connect-Signature365 | Out-Null
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['secret'] -eq 'piped-secret-1' }
        }

        It 'refuses other secret types' {
            { Connect-Signature365 -Secret 42 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Connect-Signature365'
        }

        It 'fails without a secret when it cannot prompt' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $false }
            { Connect-Signature365 } | Should -Throw -ErrorId 'BAD_REQUEST,Connect-Signature365'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
        }

        It 'prompts for the secret without echo when a person can answer (also over Enter-PSSession: Test-S365CanPrompt)' {
            Mock -ModuleName S365ADConnector Test-S365CanPrompt { $true }
            Mock -ModuleName S365ADConnector Read-Host { ConvertTo-SecureString 'typed-secret-1' -AsPlainText -Force }
            $null = Connect-Signature365 -SkipTest
            Should -Invoke -ModuleName S365ADConnector Read-Host -Times 1 -Exactly -ParameterFilter { $AsSecureString }
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['secret'] -eq 'typed-secret-1' }
        }

        It 'folds -ProxyCredential into the proxy URL inside the request' {
            $cred = New-Object pscredential('CONTOSO\proxy user', (ConvertTo-SecureString 'p@ss:w/rd' -AsPlainText -Force))
            $null = Connect-Signature365 -Secret 'secret-value-1' -Proxy 'http://proxy.contoso.com:8080' -ProxyCredential $cred -CaFile 'ca.pem' -SkipCertificateCheck -SkipTest -ApiUrl 'https://api'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters['proxy'] -eq 'http://CONTOSO%5Cproxy%20user:p%40ss%3Aw%2Frd@proxy.contoso.com:8080/' -and
                $Parameters['tlsInsecure'] -eq $true -and $Parameters['skipTest'] -eq $true -and $Parameters['apiUrl'] -eq 'https://api' -and
                [System.IO.Path]::IsPathRooted($Parameters['caFile'])
            }
        }

        It 'needs -Proxy for -ProxyCredential' {
            $cred = New-Object pscredential('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))
            { Connect-Signature365 -Secret 'secret-value-1' -ProxyCredential $cred } | Should -Throw -ErrorId 'BAD_REQUEST,Connect-Signature365'
        }
    }

    Context 'Set-S365Directory' {
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'set-directory'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ servers = @($Parameters['servers']); baseDn = 'DC=x'; bindDn = $Parameters['bindDn']; tested = $true; server = 'ldaps://dc1'; dnsHostName = 'dc1.x' }
                }
            }
            $script:cred = New-Object pscredential('svc@contoso.com', (ConvertTo-SecureString 'bind-pw-1' -AsPlainText -Force))
        }

        It 'maps the credential to bindDn/bindPassword and bare host names to ldaps:// URLs' {
            $result = Set-S365Directory -Server 'dc1.contoso.com', 'ldaps://dc2.contoso.com:636' -Credential $cred -SearchBase 'OU=x' -PageSize 200 -PassThru
            $result.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.DirectoryConfiguration'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-directory' -and ($Parameters['servers'] -join ' ') -eq 'ldaps://dc1.contoso.com ldaps://dc2.contoso.com:636' -and
                $Parameters['bindDn'] -eq 'svc@contoso.com' -and $Parameters['bindPassword'] -eq 'bind-pw-1' -and $Parameters['baseDn'] -eq 'OU=x' -and $Parameters['pageSize'] -eq 200
            }
        }

        It 'uses ldap:// for bare host names with -StartTls' {
            Set-S365Directory -Server 'dc1' -Credential $cred -StartTls
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['servers'][0] -eq 'ldap://dc1' -and $Parameters['startTls'] -eq $true }
        }

        It 'returns nothing without -PassThru' {
            Set-S365Directory -Server 'dc1' -Credential $cred | Should -BeNullOrEmpty
        }

        It 'selects integrated authentication without -Credential: auth integrated, no account, no password, bare host names as ldap://' {
            $result = Set-S365Directory -Server 'dc1.contoso.com', 'ldaps://dc2.contoso.com:636' -PassThru
            $result.Auth | Should -Be 'integrated'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-directory' -and $Parameters['auth'] -eq 'integrated' -and ($Parameters['servers'] -join ' ') -eq 'ldap://dc1.contoso.com ldaps://dc2.contoso.com:636' -and
                -not $Parameters.Contains('bindDn') -and -not $Parameters.Contains('bindPassword')
            }
        }

        It 'sends auth simple with -Credential' {
            Set-S365Directory -Server 'dc1' -Credential $cred
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['auth'] -eq 'simple' -and $Parameters['bindDn'] -eq 'svc@contoso.com' }
        }

        It 'does not call the agent with -WhatIf' {
            Set-S365Directory -Server 'dc1' -Credential $cred -WhatIf
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
        }

        It 'sends -MembershipStrategy, -Timeout and -ConnectTimeout in the protocol''s terms, within 100 ms..1 h' {
            Set-S365Directory -Server 'dc1' -Credential $cred -MembershipStrategy InChain -Timeout (New-TimeSpan -Seconds 30) -ConnectTimeout (New-TimeSpan -Milliseconds 1500)
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters['membershipStrategy'] -eq 'in-chain' -and $Parameters['timeoutMs'] -eq 30000 -and $Parameters['connectTimeoutMs'] -eq 1500
            }
            Set-S365Directory -Server 'dc1' -Credential $cred -MembershipStrategy walk
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters['membershipStrategy'] -eq 'walk' -and -not $Parameters.Contains('timeoutMs') -and -not $Parameters.Contains('connectTimeoutMs')
            }
            { Set-S365Directory -Server 'dc1' -Credential $cred -ConnectTimeout (New-TimeSpan -Milliseconds 50) } | Should -Throw -ErrorId 'BAD_REQUEST,Set-S365Directory'
            { Set-S365Directory -Server 'dc1' -Credential $cred -Timeout (New-TimeSpan -Hours 2) } | Should -Throw -ErrorId 'BAD_REQUEST,Set-S365Directory'
            { Set-S365Directory -Server 'dc1' -Credential $cred -MembershipStrategy 'sideways' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365Directory'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 2 -Exactly
        }

        It 'sends -Domain instead of servers' {
            $null = Set-S365Directory -Domain 'contoso.com' -Credential $cred -PassThru
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-directory' -and $Parameters['domain'] -eq 'contoso.com' -and -not $Parameters.Contains('servers') -and $Parameters['bindDn'] -eq 'svc@contoso.com'
            }
            { Set-S365Directory -Domain 'contoso.com' -Server 'dc1' -Credential $cred } | Should -Throw -ErrorId 'AmbiguousParameterSet,Set-S365Directory'
            Set-S365Directory -Domain 'contoso.com'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters['domain'] -eq 'contoso.com' -and $Parameters['auth'] -eq 'integrated' -and -not $Parameters.Contains('bindDn')
            }
        }

        It 'sends neither servers nor domain without -Server and -Domain, so that the agent finds the domain' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'set-directory'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ servers = @(); domain = 'contoso.com'; domainFrom = 'windows-locator'; auth = 'integrated'; tested = $true; server = 'ldaps://dc2.contoso.com:636'; dnsHostName = 'dc2.contoso.com' }
                }
            }
            $result = Set-S365Directory -PassThru
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-directory' -and -not $Parameters.Contains('servers') -and -not $Parameters.Contains('domain') -and $Parameters['auth'] -eq 'integrated'
            }
            $result.Domain | Should -Be 'contoso.com'
            $result.DomainFrom | Should -Be 'windows-locator'
            $result.Server | Should -Be 'ldaps://dc2.contoso.com:636'
            Set-S365Directory -Credential $cred -SkipTest
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                -not $Parameters.Contains('servers') -and -not $Parameters.Contains('domain') -and $Parameters['auth'] -eq 'simple' -and $Parameters['skipTest'] -eq $true
            }
        }

        It 'refuses a page size outside 1..1000' {
            { Set-S365Directory -Server 'dc1' -Credential $cred -PageSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365Directory'
        }
    }

    Context 'Set-S365SyncScope' {
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'set-scope'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ all = [bool]$Parameters['all']; groups = @(foreach ($g in @($Parameters['groups'])) { if ($g) { [pscustomobject]@{ objectGuid = $g; name = "name of $g"; dn = "CN=$g" } } }) }
                }
            }
        }

        It 'collects every piped group and calls set-scope once, preferring ObjectGUID, then DistinguishedName, then Name' {
            $groups = @(
                [pscustomobject]@{ ObjectGUID = [guid]'11111111-1111-1111-1111-111111111111'; DistinguishedName = 'CN=A,DC=x'; Name = 'A' }
                [pscustomobject]@{ DistinguishedName = 'CN=B,DC=x'; Name = 'B' }
                [pscustomobject]@{ Name = 'C' }
            )
            $scope = $groups | Set-S365SyncScope -PassThru
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-scope' -and ($Parameters['groups'] -join '|') -eq '11111111-1111-1111-1111-111111111111|CN=B,DC=x|C'
            }
            @($scope.Groups).Count | Should -Be 3
            $scope.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncScope'
        }

        It 'sends -All as all: true' {
            Set-S365SyncScope -All
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['all'] -eq $true -and -not $Parameters.Contains('groups') }
        }

        It 'does not call set-scope with -WhatIf' {
            Set-S365SyncScope -Group 'Sales' -WhatIf
            [pscustomobject]@{ Name = 'Sales' } | Set-S365SyncScope -WhatIf
            Set-S365SyncScope -All -WhatIf
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
        }

        It 'sends -SearchBase, -ExcludeGroup and -IncludeDisabled with -All or -Group, and returns them' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'set-scope'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ all = $true; groups = @(); includeDisabled = $true
                        searchBases = @([pscustomobject]@{ objectGuid = 'o-1'; name = 'Staff'; dn = 'OU=Staff,DC=x' })
                        excludeGroups = @([pscustomobject]@{ objectGuid = 'g-9'; name = 'Service Accounts'; dn = 'CN=Service Accounts,DC=x' })
                    }
                }
            }
            $scope = Set-S365SyncScope -All -SearchBase 'OU=Staff,DC=x', 'OU=Staff,DC=x' -ExcludeGroup 'Service Accounts' -IncludeDisabled -PassThru
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters['all'] -eq $true -and @($Parameters['searchBases']).Count -eq 1 -and $Parameters['searchBases'][0] -eq 'OU=Staff,DC=x' -and
                $Parameters['excludeGroups'][0] -eq 'Service Accounts' -and $Parameters['includeDisabled'] -eq $true
            }
            $scope.SearchBases[0].DistinguishedName | Should -Be 'OU=Staff,DC=x'
            $scope.ExcludeGroups[0].Name | Should -Be 'Service Accounts'
            $scope.IncludeDisabled | Should -BeTrue
            Set-S365SyncScope -Group 'Sales' -ExcludeGroup 'Temps'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters.Contains('groups') -and @($Parameters['groups'])[0] -eq 'Sales' -and @($Parameters['excludeGroups'])[0] -eq 'Temps' -and
                -not $Parameters.Contains('searchBases') -and -not $Parameters.Contains('includeDisabled')
            }
        }

        It 'binds piped strings (one group each, e.g. from Get-Content) to -Group' {
            $file = Join-Path $TestDrive 'groups.txt'
            Set-Content -LiteralPath $file -Value 'Sales Team', 'Marketing', '', 'Sales Team'
            'Sales Team', 'Marketing' | Set-S365SyncScope
            Get-Content -LiteralPath $file | Set-S365SyncScope
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 2 -Exactly -ParameterFilter {
                $Verb -eq 'set-scope' -and ($Parameters['groups'] -join '|') -eq 'Sales Team|Marketing' -and -not $Parameters.Contains('excludeGroups')
            }
        }

        It 'still takes ADGroup-like objects (a [guid] ObjectGUID) and plain GUIDs from the pipeline' {
            $adGroup = New-Object PSObject -Property @{ ObjectGUID = [guid]'22222222-2222-2222-2222-222222222222'; DistinguishedName = 'CN=Sales,DC=x'; Name = 'Sales'; SamAccountName = 'sales' }
            $adGroup.PSObject.TypeNames.Insert(0, 'Microsoft.ActiveDirectory.Management.ADGroup')
            @($adGroup, [guid]'33333333-3333-3333-3333-333333333333') | Set-S365SyncScope
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                ($Parameters['groups'] -join '|') -eq '22222222-2222-2222-2222-222222222222|33333333-3333-3333-3333-333333333333'
            }
        }

        It 'edits the stored scope with -AddGroup, -RemoveGroup, -AddExcludeGroup and -RemoveExcludeGroup, sending nothing else' {
            Set-S365SyncScope -AddGroup 'Marketing', 'Finance' -RemoveGroup 'Sales Team' -AddExcludeGroup 'Temps' -RemoveExcludeGroup 'Interns'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-scope' -and (@($Parameters.Keys) -join ',') -eq 'addGroups,removeGroups,addExcludeGroups,removeExcludeGroups' -and
                ($Parameters['addGroups'] -join '|') -eq 'Marketing|Finance' -and $Parameters['removeGroups'][0] -eq 'Sales Team' -and
                $Parameters['addExcludeGroups'][0] -eq 'Temps' -and $Parameters['removeExcludeGroups'][0] -eq 'Interns'
            }
        }

        It 'takes -ExcludeGroup, -SearchBase or -IncludeDisabled alone as an edit of the existing scope' {
            Set-S365SyncScope -ExcludeGroup 'Service Accounts'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                (@($Parameters.Keys) -join ',') -eq 'excludeGroups' -and $Parameters['excludeGroups'][0] -eq 'Service Accounts'
            }
            Set-S365SyncScope -SearchBase @() -IncludeDisabled:$false -ExcludeGroup @()
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                (@($Parameters.Keys) -join ',') -eq 'searchBases,excludeGroups,includeDisabled' -and @($Parameters['searchBases']).Count -eq 0 -and
                @($Parameters['excludeGroups']).Count -eq 0 -and $Parameters['includeDisabled'] -eq $false
            }
        }

        It 'refuses an edit with nothing to change (BAD_REQUEST, agent not called) and does not call the agent with -WhatIf' {
            { Set-S365SyncScope } | Should -Throw -ErrorId 'BAD_REQUEST,Set-S365SyncScope'
            Set-S365SyncScope -AddGroup 'Marketing' -WhatIf
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
        }

        It 'refuses the edit parameters together with -All or -Group' {
            { Set-S365SyncScope -All -AddGroup 'x' } | Should -Throw -ErrorId 'AmbiguousParameterSet,Set-S365SyncScope'
            { Set-S365SyncScope -Group 'y' -RemoveGroup 'x' } | Should -Throw -ErrorId 'AmbiguousParameterSet,Set-S365SyncScope'
        }

        It 'refuses -All together with -Group' {
            { Set-S365SyncScope -All -Group 'x' } | Should -Throw -ErrorId 'AmbiguousParameterSet,Set-S365SyncScope'
        }

        It 'does not take -All:$false for all users (BAD_REQUEST, agent not called)' {
            { Set-S365SyncScope -All:$false } | Should -Throw -ErrorId 'BAD_REQUEST,Set-S365SyncScope'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
        }
    }

    Context 'Test-S365Auth -Quiet' {
        It 'returns $false without throwing on <Code>' -ForEach @(
            @{ Code = 'AUTH_REFUSED' }, @{ Code = 'INTEGRATION_DISABLED' }, @{ Code = 'API_ERROR' }, @{ Code = 'API_UNREACHABLE' }
        ) {
            Mock -ModuleName S365ADConnector Invoke-S365Agent -MockWith ([scriptblock]::Create("[pscustomobject]@{ Ok = `$false; Verb = 'test-auth'; ExitCode = 3; Data = `$null; Error = [pscustomobject]@{ code = '$Code'; message = 'm' } }"))
            Test-S365Auth -Quiet | Should -BeFalse
            { Test-S365Auth } | Should -Throw -ErrorId "$Code,Test-S365Auth"
        }

        It 'still throws NOT_CONFIGURED' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $false; Verb = 'test-auth'; ExitCode = 2; Data = $null; Error = [pscustomobject]@{ code = 'NOT_CONFIGURED'; message = 'no secret' } } }
            { Test-S365Auth -Quiet } | Should -Throw -ErrorId 'NOT_CONFIGURED,Test-S365Auth'
        }

        It 'returns $true when authenticated' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'test-auth'; ExitCode = 0; Error = $null; Data = [pscustomobject]@{ tenantId = 't'; tenantName = 'T'; enabled = $true; apiUrl = 'u'; latencyMs = 5 } } }
            Test-S365Auth -Quiet | Should -BeTrue
            $r = Test-S365Auth
            $r.LatencyMs | Should -Be 5
            $r.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.AuthResult'
            $r.ProxyOrigin | Should -Be 'none'
        }

        It 'tells which proxy the agent used and where it came from' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'test-auth'; ExitCode = 0; Error = $null; Data = [pscustomobject]@{ tenantId = 't'; tenantName = 'T'; enabled = $true; apiUrl = 'u'; latencyMs = 5; proxy = [pscustomobject]@{ origin = 'system'; proxy = 'http://proxy.corp:8080'; source = 'WinHTTP' } } } }
            $r = Test-S365Auth
            $r.ProxyOrigin | Should -Be 'system'
            $r.Proxy | Should -Be 'http://proxy.corp:8080'
        }
    }

    Context 'Start-S365Sync' {
        BeforeAll {
            $script:runData = [pscustomobject]@{ mode = 'full'; dryRun = $false; startedAt = '2026-01-01T00:00:00Z'; finishedAt = '2026-01-01T00:00:01Z'; durationMs = 1000; status = 'succeeded'; runId = 'r'
                counts = [pscustomobject]@{ read = 10; skippedNoEmail = 0; inScope = 10; unchanged = 0; added = 0; updated = 0; removed = 7; matched = 0; unmatched = 0; rejected = 0 }; rejections = @()
            }
        }
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                if ($Parameters.Contains('allowRemovals')) {
                    return [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $runData; Error = $null }
                }
                [pscustomobject]@{ Ok = $false; Verb = 'sync'; ExitCode = 6; Data = $null
                    Error = [pscustomobject]@{ code = 'GUARD_TRIPPED'; message = 'This run would remove 7 users (70.0% of the 10 synced users, over the limit of 10%); nothing was sent. If that is intended, run once with allowRemovals 7.'
                        details = [pscustomobject]@{ tripped = $true; removals = 7; syncedBefore = 10; limit = 1; rule = 'share'; reason = '70.0% of the 10 synced users, over the limit of 10%' } }
                }
            }
        }

        It 'runs a dry run with -WhatIf and returns the summary' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $runData; Error = $null } }
            $run = Start-S365Sync -WhatIf -Full
            $run.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncRun'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['dryRun'] -eq $true -and $Parameters['mode'] -eq 'full' }
        }

        It 'passes -PlanFile as an absolute path, with or without -WhatIf' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $runData; Error = $null } }
            $null = Start-S365Sync -WhatIf -PlanFile 'plan.json'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters['dryRun'] -eq $true -and [System.IO.Path]::IsPathRooted($Parameters['planFile']) -and $Parameters['planFile'].EndsWith('plan.json') -and -not $Parameters.Contains('mode')
            }
            $null = Start-S365Sync -PlanFile 'plan.json' -PassThru
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { -not $Parameters.Contains('dryRun') -and $Parameters['planFile'].EndsWith('plan.json') }
        }

        It 'writes a one-line summary and no object without -PassThru' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $runData; Error = $null } }
            $all = Start-S365Sync 6>&1
            @($all | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] }).Count | Should -Be 0
            $info = @($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] })
            $info.Count | Should -Be 1
            $info[0].MessageData | Should -Match '^Sync succeeded in 1\.0 s \(full\): read 10'
            $info[0].Tags | Should -Contain 'SyncSummary'
        }

        It 'throws GUARD_TRIPPED without asking when the session is not interactive' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $false }
            Mock -ModuleName S365ADConnector Confirm-S365GuardOverride { $true }
            $err = $null
            try { Start-S365Sync } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'GUARD_TRIPPED,Start-S365Sync'
            $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $err.Exception.Data['Details'].removals | Should -Be 7
            Should -Invoke -ModuleName S365ADConnector Confirm-S365GuardOverride -Times 0 -Exactly
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly
        }

        It 'offers to rerun with allowRemovals = details.removals when interactive, and does when accepted' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $true }
            Mock -ModuleName S365ADConnector Confirm-S365GuardOverride { $true }
            $run = Start-S365Sync -PassThru
            $run.Removed | Should -Be 7
            Should -Invoke -ModuleName S365ADConnector Confirm-S365GuardOverride -Times 1 -Exactly -ParameterFilter { $Removals -eq 7 }
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['allowRemovals'] -eq 7 }
        }

        It 'asks with PromptForChoice, default No; answering the default throws GUARD_TRIPPED and reruns nothing' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $true }
            $ui = [pscustomobject]@{ Asked = $null }
            $ui | Add-Member -MemberType ScriptMethod -Name PromptForChoice -Value {
                param($Caption, $Message, $Choices, $DefaultChoice)
                $this.Asked = @{ Caption = $Caption; Message = $Message; Choices = @($Choices); DefaultChoice = $DefaultChoice }
                return $DefaultChoice
            }
            Mock -ModuleName S365ADConnector Get-S365HostUI { $ui }
            { Start-S365Sync } | Should -Throw -ErrorId 'GUARD_TRIPPED,Start-S365Sync'
            $ui.Asked | Should -Not -BeNullOrEmpty -Because 'the person was asked'
            $ui.Asked.Choices[$ui.Asked.DefaultChoice].Label | Should -Be '&No'
            $ui.Asked.DefaultChoice | Should -Be 1
            $ui.Asked.Message | Should -Match 'accept up to 7 removals'
            $ui.Asked.Message | Should -BeLikeExactly '*Start-S365Sync -AllowRemovals 7*'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly -ParameterFilter { $Parameters.Contains('allowRemovals') }
        }

        It 'reruns with allowRemovals only when Yes (index 0) is chosen at the prompt' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $true }
            $ui = [pscustomobject]@{}
            $ui | Add-Member -MemberType ScriptMethod -Name PromptForChoice -Value { param($Caption, $Message, $Choices, $DefaultChoice) return 0 }
            Mock -ModuleName S365ADConnector Get-S365HostUI { $ui }
            (Start-S365Sync -PassThru).Removed | Should -Be 7
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['allowRemovals'] -eq 7 }
        }

        It 'never touches the host prompt when not interactive, and its error names -AllowRemovals' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $false }
            Mock -ModuleName S365ADConnector Get-S365HostUI { throw 'the host prompt must not be used' }
            $err = $null
            try { Start-S365Sync } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'GUARD_TRIPPED,Start-S365Sync'
            $err.Exception.Message | Should -BeLikeExactly '*run once: Start-S365Sync -AllowRemovals 7.'
            $err.Exception.Message | Should -Not -MatchExactly 'with allowRemovals'
            Should -Invoke -ModuleName S365ADConnector Get-S365HostUI -Times 0 -Exactly
        }

        It 'warns with -WhatIf when the real run would trip the deletion guard, naming -AllowRemovals' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $data = [pscustomobject]@{ mode = 'full'; dryRun = $true; durationMs = 1000; status = 'succeeded'; planFile = '/tmp/plan.json'
                    counts = [pscustomobject]@{ read = 18; inScope = 1; removed = 17 }; rejections = @()
                    guard = [pscustomobject]@{ tripped = $true; removals = 17; syncedBefore = 18; limit = 10; rule = 'share'; reason = '94.4% of the 18 synced users, over the limit of 10%' }
                }
                [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $data; Error = $null }
            }
            $warnings = $null
            $run = Start-S365Sync -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -BeLikeExactly 'The deletion guard would stop the real run: it would remove 17 users (94.4% of the 18 synced users*Start-S365Sync -AllowRemovals 17.'
            $run.Guard.Tripped | Should -BeTrue
            $run.Guard.Removals | Should -Be 17
            $run.Guard.Limit | Should -Be 10
            $run.Guard.Rule | Should -Be 'share'
            $run.ToString() | Should -BeLikeExactly '*removed 17*; The deletion guard would stop the real run*-AllowRemovals 17.'
        }

        It 'does not warn with -WhatIf when the guard would let the run through' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $data = [pscustomobject]@{ mode = 'full'; dryRun = $true; durationMs = 1000; status = 'succeeded'; counts = [pscustomobject]@{ removed = 1 }; rejections = @()
                    guard = [pscustomobject]@{ tripped = $false; removals = 1; syncedBefore = 9; limit = 10 }
                }
                [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $data; Error = $null }
            }
            $warnings = $null
            $run = Start-S365Sync -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
            @($warnings).Count | Should -Be 0
            $run.Guard.Tripped | Should -BeFalse
            $run.ToString() | Should -Not -Match 'guard'
        }

        It 'throws when the person declines' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $true }
            Mock -ModuleName S365ADConnector Confirm-S365GuardOverride { $false }
            { Start-S365Sync } | Should -Throw -ErrorId 'GUARD_TRIPPED,Start-S365Sync'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly
        }

        It 'does not ask with -Confirm:$false' {
            Mock -ModuleName S365ADConnector Test-S365Interactive { $true }
            Mock -ModuleName S365ADConnector Confirm-S365GuardOverride { $true }
            { Start-S365Sync -Confirm:$false } | Should -Throw -ErrorId 'GUARD_TRIPPED,Start-S365Sync'
            Should -Invoke -ModuleName S365ADConnector Confirm-S365GuardOverride -Times 0 -Exactly
        }

        It 'shows Mode, FullReason, EmailConflicts and the warnings of a run' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $data = [pscustomobject]@{ mode = 'full'; fullReason = 'the scope changed'; dryRun = $false; durationMs = 2000; status = 'succeeded'; runId = 'r-2'
                    counts = [pscustomobject]@{ read = 5; inScope = 3; added = 3; emailConflicts = 2 }; rejections = @()
                    warnings = @(
                        [pscustomobject]@{ objectGuid = 'g-1'; email = 'sam@x'; code = 'EMAIL_CONFLICT'; message = 'shared'; dn = 'CN=Sam,DC=x'; conflictsWith = @([pscustomobject]@{ objectGuid = 'g-2'; dn = 'CN=Samantha,DC=x' }) }
                        [pscustomobject]@{ objectGuid = 'g-3'; email = 'q@x'; code = 'PHOTO_TOO_LARGE'; message = 'too large' }
                    )
                }
                [pscustomobject]@{ Ok = $true; Verb = 'sync'; ExitCode = 0; Data = $data; Error = $null }
            }
            $run = Start-S365Sync -PassThru
            $run.Mode | Should -Be 'full'
            $run.FullReason | Should -Be 'the scope changed'
            $run.EmailConflicts | Should -Be 2
            @($run.Warnings).Count | Should -Be 2
            $run.Warnings[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncWarning'
            $run.Warnings[0].ConflictsWith[0].DistinguishedName | Should -Be 'CN=Samantha,DC=x'
            $run.Warnings[1].DistinguishedName | Should -BeNullOrEmpty
            $run.ToString() | Should -Be 'Sync succeeded in 2.0 s (full: the scope changed): read 5, in scope 3, added 3, updated 0, unchanged 0, removed 0, rejected 0, warnings 2 (run r-2)'
        }

        It 'passes -AllowRemovals' {
            $null = Start-S365Sync -AllowRemovals 7 -PassThru
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['allowRemovals'] -eq 7 -and -not $Parameters.Contains('dryRun') }
        }
    }

    Context 'Get-S365User' {
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $id = [string]$Parameters['identity']
                if ($id -eq 'nobody') {
                    return [pscustomobject]@{ Ok = $false; Verb = 'explain'; ExitCode = 2; Data = $null
                        Error = [pscustomobject]@{ code = 'BAD_REQUEST'; message = "No user 'nobody' was found in the directory."; details = [pscustomobject]@{ identity = 'nobody'; candidates = @() } }
                    }
                }
                if ($id -eq 'unconfigured') {
                    return [pscustomobject]@{ Ok = $false; Verb = 'explain'; ExitCode = 2; Data = $null; Error = [pscustomobject]@{ code = 'NOT_CONFIGURED'; message = 'no directory' } }
                }
                $inScope = ($id -ne 'out')
                $reasons = @()
                if (-not $inScope) {
                    $reasons = @(
                        [pscustomobject]@{ code = 'DISABLED'; message = 'The account is disabled.' }
                        [pscustomobject]@{ code = 'EXCLUDED'; message = "The user is excluded through the group 'Contractors'."; path = @('Contractors', 'Temps') }
                    )
                }
                $data = [pscustomobject]@{
                    user     = [pscustomobject]@{ dn = "CN=$id,DC=x"; objectGuid = 'g-1'; samAccountName = $id; userPrincipalName = "$id@x"; enabled = $inScope }
                    inScope  = $inScope
                    reasons  = $reasons
                    scope    = [pscustomobject]@{ all = $false; groupPath = @('Signature Users', 'Sales'); searchBase = 'OU=Staff,DC=x'; includeDisabled = $false }
                    email    = [pscustomobject]@{ address = "$id@x"; source = 'mail'; why = 'no primary SMTP address' }
                    payload  = [pscustomobject]@{ email = "$id@x"; jobTitle = 'Clerk' }
                    state    = [pscustomobject]@{ synced = $true; email = "$id@x"; outcome = 'matched'; hashEqual = $false }
                    wouldSend = $inScope
                }
                [pscustomobject]@{ Ok = $true; Verb = 'explain'; ExitCode = 0; Error = $null; Data = $data }
            }
        }

        It 'returns a typed explanation: in scope, through which groups, which email, the payload and the state' {
            $u = Get-S365User -Identity 'jdoe'
            $u.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.UserExplanation'
            $u.Identity | Should -Be 'jdoe'
            $u.InScope | Should -BeTrue
            $u.Reason | Should -Be 'In scope: member of Signature Users > Sales under OU=Staff,DC=x.'
            @($u.GroupPath) | Should -Be @('Signature Users', 'Sales')
            $u.Email | Should -Be 'jdoe@x'
            $u.EmailSource | Should -Be 'mail'
            $u.EmailReason | Should -Be 'no primary SMTP address'
            $u.Payload.jobTitle | Should -Be 'Clerk'
            $u.Synced | Should -BeTrue
            $u.ChangedSinceSync | Should -BeTrue
            $u.WouldSend | Should -BeTrue
            @($u.Reasons).Count | Should -Be 0
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'explain' -and $Parameters['identity'] -eq 'jdoe' }
        }

        It 'gives every reason a user is out of scope, with codes' {
            $u = Get-S365User 'out'
            $u.InScope | Should -BeFalse
            $u.Reason | Should -Be "The account is disabled. The user is excluded through the group 'Contractors'."
            @($u.ReasonCodes) | Should -Be @('DISABLED', 'EXCLUDED')
            $u.Reasons[1].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.ScopeReason'
            @($u.Reasons[1].Path) | Should -Be @('Contractors', 'Temps')
        }

        It 'explains each identity, taking ObjectGUID, then DistinguishedName, UserPrincipalName, SamAccountName of piped objects' {
            $guid = [guid]'22222222-2222-2222-2222-222222222222'
            $items = @(
                [pscustomobject]@{ ObjectGUID = $guid; DistinguishedName = 'CN=A,DC=x'; SamAccountName = 'a' }
                [pscustomobject]@{ DistinguishedName = 'CN=B,DC=x'; UserPrincipalName = 'b@x'; SamAccountName = 'b' }
                [pscustomobject]@{ UserPrincipalName = 'c@x'; SamAccountName = 'c' }
                [pscustomobject]@{ SamAccountName = 'd' }
                'e'
            )
            $results = @($items | Get-S365User)
            $results.Count | Should -Be 5
            @($results.Identity) | Should -Be @('22222222-2222-2222-2222-222222222222', 'CN=B,DC=x', 'c@x', 'd', 'e')
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 5 -Exactly
        }

        It 'writes a non-terminating BAD_REQUEST for an unknown user and goes on with the others' {
            $results = @(Get-S365User 'nobody', 'jdoe' -ErrorVariable failures -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 1
            $results[0].Identity | Should -Be 'jdoe'
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'BAD_REQUEST,Get-S365User'
            $failures[0].TargetObject | Should -Be 'nobody'
            $failures[0].Exception.Data['ExitCode'] | Should -Be 2
        }

        It 'stops on other errors (NOT_CONFIGURED)' {
            { Get-S365User 'unconfigured', 'jdoe' } | Should -Throw -ErrorId 'NOT_CONFIGURED,Get-S365User'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly
        }
    }

    Context 'Get-S365DirectoryInfo' {
        It 'returns the discovery as a typed object' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'discover'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{
                        configured = [pscustomobject]@{ servers = @(); domain = 'contoso.com' }
                        domain = 'contoso.com'; forest = 'contoso.com'
                        namingContexts = [pscustomobject]@{ default = 'DC=contoso,DC=com'; configuration = 'CN=Configuration,DC=contoso,DC=com'; all = @('DC=contoso,DC=com') }
                        server = [pscustomobject]@{ url = 'ldaps://dc1.contoso.com:636'; dnsHostName = 'dc1.contoso.com'; site = 'HQ'; isGlobalCatalogReady = $true }
                        failedOver = @([pscustomobject]@{ server = 'ldaps://dc0.contoso.com:636'; reason = 'timeout' })
                        domainControllers = @([pscustomobject]@{ name = 'DC1'; dnsHostName = 'dc1.contoso.com'; site = 'HQ'; dn = 'CN=DC1,...' }, [pscustomobject]@{ name = 'DC2'; site = 'Branch'; dn = 'CN=DC2,...' })
                        functionalLevels = [pscustomobject]@{ domain = [pscustomobject]@{ level = 7; name = 'Windows Server 2016' }; forest = [pscustomobject]@{ level = 7; name = 'Windows Server 2016' } }
                        supportedLdapVersions = @('3')
                        supportedControls = @([pscustomobject]@{ oid = '1.2.840.113556.1.4.319'; name = 'paged results' })
                        supportedCapabilities = @([pscustomobject]@{ oid = '1.2.840.113556.1.4.800'; name = 'Active Directory' })
                        supportedSaslMechanisms = @('GSSAPI')
                        inChainMatchingRule = [pscustomobject]@{ likely = $true; reason = 'AD 2008 or later'; probed = $false; probeError = 'timed out' }
                        highestCommittedUsn = '987654'
                    }
                }
            }
            $info = Get-S365DirectoryInfo
            $info.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.DirectoryInfo'
            $info.Domain | Should -Be 'contoso.com'
            $info.DefaultNamingContext | Should -Be 'DC=contoso,DC=com'
            $info.DnsHostName | Should -Be 'dc1.contoso.com'
            $info.Site | Should -Be 'HQ'
            $info.DomainFunctionalLevel | Should -Be 'Windows Server 2016'
            $info.DCFunctionalLevel | Should -Be ''
            $info.HighestCommittedUsn | Should -Be 987654
            $info.PagedResults | Should -BeTrue
            $info.NestedGroupQuery | Should -BeFalse
            $info.NestedGroupQueryReason | Should -Be 'timed out'
            @($info.DomainControllers).Count | Should -Be 2
            $info.DomainControllers[1].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.DomainController'
            "$($info.DomainControllers[1])" | Should -Be 'DC2'
            $info.FailedOver[0].Reason | Should -Be 'timeout'
            $info.ConfiguredDomain | Should -Be 'contoso.com'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'discover' -and $null -eq $Parameters }
        }
    }

    Context 'Set-S365AttributeMapping and Get-S365AttributeMapping' {
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = $Verb; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ customAttributes = [pscustomobject]@{ CostCenter = 'extensionAttribute5' }; fieldOverrides = [pscustomobject]@{ jobTitle = 'extensionAttribute3' }
                        allowUpnAsEmail = $true; defaultCustomAttributes = $false; checked = $true; attributes = @([pscustomobject]@{ name = 'extensionAttribute5'; syntax = 'Unicode string'; singleValued = $true })
                    }
                }
            }
        }

        It 'sends the entries given, and returns the typed mapping with -PassThru' {
            $m = Set-S365AttributeMapping -CustomAttribute 'extensionAttribute5=CostCenter' -FieldOverride 'extensionAttribute3=jobTitle' -AllowUpnAsEmail -PassThru
            $m.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.AttributeMapping'
            $m.CustomAttributes['CostCenter'] | Should -Be 'extensionAttribute5'
            $m.FieldOverrides['jobTitle'] | Should -Be 'extensionAttribute3'
            $m.Attributes[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.MappedAttribute'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-mapping' -and @($Parameters['customAttributes']).Count -eq 1 -and $Parameters['customAttributes'][0] -eq 'extensionAttribute5=CostCenter' -and
                $Parameters['fieldOverrides'][0] -eq 'extensionAttribute3=jobTitle' -and $Parameters['allowUpnAsEmail'] -eq $true -and -not $Parameters.Contains('skipTest') -and -not $Parameters.Contains('reset')
            }
        }

        It 'sends an empty list as [], -AllowUpnAsEmail:$false as false, and -SkipTest' {
            Set-S365AttributeMapping -CustomAttribute @() -AllowUpnAsEmail:$false -SkipTest | Should -BeNullOrEmpty
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Parameters.Contains('customAttributes') -and @($Parameters['customAttributes']).Count -eq 0 -and $Parameters['allowUpnAsEmail'] -eq $false -and
                $Parameters['skipTest'] -eq $true -and -not $Parameters.Contains('fieldOverrides')
            }
            InModuleScope S365ADConnector {
                ConvertTo-Json -InputObject ([ordered]@{ customAttributes = [string[]]@() }) -Depth 10 -Compress | Should -Be '{"customAttributes":[]}'
            }
        }

        It 'sends -Reset alone, refuses an empty call (BAD_REQUEST) and calls nothing with -WhatIf' {
            Set-S365AttributeMapping -Reset
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['reset'] -eq $true -and $Parameters.Count -eq 1 }
            { Set-S365AttributeMapping } | Should -Throw -ErrorId 'BAD_REQUEST,Set-S365AttributeMapping'
            Set-S365AttributeMapping -FieldOverride 'extensionAttribute3=jobTitle' -WhatIf
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly
        }

        It 'Get-S365AttributeMapping shows every setting in its default view, the default extensionAttribute1..15 in one short line' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $custom = [ordered]@{}
                foreach ($i in 1..15) { $custom["extensionAttribute$i"] = "extensionAttribute$i" }
                [pscustomobject]@{ Ok = $true; Verb = $Verb; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ customAttributes = [pscustomobject]$custom; fieldOverrides = [pscustomobject]@{ jobTitle = 'title2' }
                        allowUpnAsEmail = $true; defaultCustomAttributes = $true; checked = $false
                    }
                }
            }
            $lines = @((Get-S365AttributeMapping | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
            foreach ($setting in 'CustomAttributes', 'DefaultCustomAttributes', 'FieldOverrides', 'AllowUpnAsEmail', 'Checked') {
                @($lines | Where-Object { $_ -match "^$setting\s*:" }).Count | Should -Be 1 -Because "the default view shows $setting"
            }
            ($lines | Where-Object { $_ -match '^CustomAttributes\s*:' }) | Should -Match ':\s*15 attributes: extensionAttribute1\.\.15 \(the default\)$'
            ($lines | Where-Object { $_ -match '^FieldOverrides\s*:' }) | Should -Match ':\s*title2=jobTitle$'
            $lines.Count | Should -Be 5
            foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 }
        }

        It 'Get-S365AttributeMapping abbreviates a long custom list in its default view, and shows a short one whole' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $custom = [ordered]@{}
                foreach ($i in 1..9) { $custom["Field$i"] = "extensionAttribute$i" }
                [pscustomobject]@{ Ok = $true; Verb = $Verb; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ customAttributes = [pscustomobject]$custom; fieldOverrides = [pscustomobject]@{}; allowUpnAsEmail = $false; defaultCustomAttributes = $false; checked = $false }
                }
            }
            $text = Get-S365AttributeMapping | Out-String -Width 200
            $text | Should -Match 'CustomAttributes\s*: 9 attributes: extensionAttribute1=Field1, extensionAttribute2=Field2, extensionAttribute3=Field3, \.\.\. \(\.CustomAttributes has all\)'
            $text | Should -Match 'FieldOverrides\s*: \(none\)'
        }

        It 'Get-S365AttributeMapping returns the typed mapping' {
            $m = Get-S365AttributeMapping
            $m.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.AttributeMapping'
            $m.AllowUpnAsEmail | Should -BeTrue
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'get-mapping' }
        }
    }

    Context 'Set-S365SyncSetting and Get-S365SyncSetting' {
        BeforeEach {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                if ($Verb -eq 'get-config') {
                    return [pscustomobject]@{ Ok = $true; Verb = 'get-config'; ExitCode = 0; Error = $null
                        Data = [pscustomobject]@{ configDir = '/c'; schemaVersion = 1; scope = [pscustomobject]@{ kind = 'all' }; sync = [pscustomobject]@{ maxRemovals = 42 }
                            effective = [pscustomobject]@{ sync = [pscustomobject]@{ maxRemovals = 42; maxRemovalPercent = 10; fullSyncAfterDays = 7; maxRejectedPercent = 10; apiConcurrency = 4 } }
                            secrets = [pscustomobject]@{ apiSecretSet = $true; bindPasswordSet = $true; proxyAuthSet = $false }
                        }
                    }
                }
                $data = [pscustomobject]@{ maxRemovals = 500; maxRemovalPercent = 10; removalGuardMinCount = 10; fullSyncAfterDays = 7; maxRejectedPercent = 10; apiConcurrency = 4 }
                foreach ($key in $Parameters.Keys) { $data.$key = $Parameters[$key] }
                [pscustomobject]@{ Ok = $true; Verb = 'set-sync-settings'; ExitCode = 0; Error = $null; Data = $data }
            }
        }

        It 'sends only the settings given and returns the effective settings with -PassThru' {
            $settings = Set-S365SyncSetting -MaxRemovals 50 -MaxRemovalPercent 2.5 -PassThru
            $settings.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncSettings'
            $settings.MaxRemovals | Should -Be 50
            $settings.MaxRemovalPercent | Should -Be 2.5
            $settings.RemovalGuardMinCount | Should -Be 10
            $settings.FullSyncAfterDays | Should -Be 7
            $settings.MaxRejectedPercent | Should -Be 10
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-sync-settings' -and $Parameters.Count -eq 2 -and $Parameters['maxRemovals'] -eq 50 -and $Parameters['maxRemovalPercent'] -eq 2.5
            }
        }

        It 'sends -RemovalGuardMinCount as removalGuardMinCount' {
            (Set-S365SyncSetting -RemovalGuardMinCount 0 -PassThru).RemovalGuardMinCount | Should -Be 0
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters.Count -eq 1 -and $Parameters['removalGuardMinCount'] -eq 0 }
        }

        It 'returns nothing without -PassThru, and calls nothing with -WhatIf' {
            Set-S365SyncSetting -FullSyncAfterDays 3 | Should -BeNullOrEmpty
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['fullSyncAfterDays'] -eq 3 }
            Set-S365SyncSetting -MaxRejectedPercent 20 -WhatIf
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly
        }

        It 'refuses to run without any setting (BAD_REQUEST, agent not called)' {
            { Set-S365SyncSetting } | Should -Throw -ErrorId 'BAD_REQUEST,Set-S365SyncSetting'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
        }

        It 'Get-S365SyncSetting returns get-config''s effective sync settings (the agent fills in the defaults)' {
            $settings = Get-S365SyncSetting
            $settings.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncSettings'
            $settings.MaxRemovals | Should -Be 42
            $settings.MaxRemovalPercent | Should -Be 10
            $settings.FullSyncAfterDays | Should -Be 7
            $settings.MaxRejectedPercent | Should -Be 10
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'get-config' }
            (Get-S365Configuration).SyncSettings.MaxRemovals | Should -Be 42
        }

        It 'keeps no defaults of its own: an agent without effective.sync is an INTERNAL error, not made-up values' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'get-config'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ configDir = '/c'; schemaVersion = 1; scope = [pscustomobject]@{ kind = 'all' }; sync = [pscustomobject]@{ maxRemovals = 42 } }
                }
            }
            { Get-S365SyncSetting -ErrorAction Stop } | Should -Throw -ErrorId 'INTERNAL'
        }

        It 'pipes the settings of one configuration directory into another' {
            Get-S365SyncSetting -ConfigDir 'a' | Set-S365SyncSetting -ConfigDir 'b'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter {
                $Verb -eq 'set-sync-settings' -and $ConfigDir -eq 'b' -and $Parameters['maxRemovals'] -eq 42 -and $Parameters['maxRemovalPercent'] -eq 10 -and
                $Parameters['fullSyncAfterDays'] -eq 7 -and $Parameters['maxRejectedPercent'] -eq 10 -and $Parameters['apiConcurrency'] -eq 4
            }
        }
    }

    Context 'Read commands' {
        It 'Get-S365Group passes prefix and limit, returns typed groups and warns when truncated' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                [pscustomobject]@{ Ok = $true; Verb = 'list-groups'; ExitCode = 0; Error = $null
                    Data = [pscustomobject]@{ truncated = $true; groups = @([pscustomobject]@{ dn = 'CN=Sales,DC=x'; objectGuid = 'g-1'; name = 'Sales'; samAccountName = 'sales'; mail = 'sales@x' }) }
                }
            }
            $groups = @(Get-S365Group -Name 'Sal*' -ResultSize 1 -WarningVariable warnings -WarningAction SilentlyContinue)
            $groups.Count | Should -Be 1
            $groups[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.Group'
            $groups[0].DistinguishedName | Should -Be 'CN=Sales,DC=x'
            $warnings.Count | Should -Be 1
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['prefix'] -eq 'Sal' -and $Parameters['limit'] -eq 1 }
        }

        It 'Get-S365Group sends -Name with a wildcard anywhere as a pattern, without one as a prefix, and -LDAPFilter' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'list-groups'; ExitCode = 0; Error = $null; Data = [pscustomobject]@{ truncated = $false; groups = @() } } }
            Get-S365Group -Name '*Users'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['name'] -eq '*Users' -and -not $Parameters.Contains('prefix') }
            Get-S365Group -Name 'Sig*Users' -LDAPFilter '(mail=*)'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['name'] -eq 'Sig*Users' -and $Parameters['ldapFilter'] -eq '(mail=*)' }
            Get-S365Group -Name 'Sales'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['prefix'] -eq 'Sales' -and -not $Parameters.Contains('name') }
            Get-S365Group -LDAPFilter '(description=*sales*)'
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Parameters['ldapFilter'] -eq '(description=*sales*)' -and -not $Parameters.Contains('prefix') -and -not $Parameters.Contains('name') }
        }

        It 'Get-S365SyncStatus returns typed runs' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $run = [pscustomobject]@{ mode = 'full'; dryRun = $false; startedAt = '2026-01-01T00:00:00Z'; finishedAt = '2026-01-01T00:00:01Z'; durationMs = 1000; status = 'failed'
                    counts = [pscustomobject]@{ read = 1 }; rejections = @([pscustomobject]@{ objectGuid = 'g'; email = 'a@x'; reason = 'bad' }); error = [pscustomobject]@{ code = 'API_ERROR'; message = 'boom' }
                }
                [pscustomobject]@{ Ok = $true; Verb = 'status'; ExitCode = 0; Error = $null; Data = [pscustomobject]@{ syncRunning = $true; syncedUsers = 4; lastRun = $run; lastSuccess = $null; history = @($run)
                        watermark = [pscustomobject]@{ server = 'ldaps://dc1:636'; dnsHostName = 'dc1.contoso.com'; invocationId = 'inv-1'; usn = '123456789012'; at = '2026-01-01T00:00:00Z'; scopeFingerprint = 'fp' }
                    }
                }
            }
            $status = Get-S365SyncStatus -HistoryCount 3
            $status.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncStatus'
            $status.SyncRunning | Should -BeTrue
            $status.SyncedUsers | Should -Be 4
            $status.LastRunMode | Should -Be 'full'
            $status.WatermarkServer | Should -Be 'dc1.contoso.com'
            $status.WatermarkUsn | Should -Be 123456789012
            $status.WatermarkUsn | Should -BeOfType ([long])
            $status.WatermarkAt | Should -Be ([DateTimeOffset]::Parse('2026-01-01T00:00:00Z', [Globalization.CultureInfo]::InvariantCulture).LocalDateTime)
            $status.Watermark.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncWatermark'
            $status.Watermark.InvocationId | Should -Be 'inv-1'
            $status.Watermark.ToString() | Should -Match '^USN 123456789012 of dc1\.contoso\.com at '
            $status.LastRun.ErrorCode | Should -Be 'API_ERROR'
            $status.LastRun.Rejections[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.Rejection'
            $status.LastSuccess | Should -BeNullOrEmpty
            @($status.History).Count | Should -Be 1
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'status' -and $Parameters['history'] -eq 3 }
        }

        It 'Get-S365SyncHistory returns the recorded runs, newest first, with the error code of a failed run in the default table' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent {
                $failed = [pscustomobject]@{ mode = 'delta'; dryRun = $false; startedAt = '2026-01-02T00:00:00Z'; finishedAt = '2026-01-02T00:00:02Z'; durationMs = 2000; status = 'failed'
                    counts = [pscustomobject]@{ read = 0 }; rejections = @(); error = [pscustomobject]@{ code = 'DIRECTORY_UNREACHABLE'; message = 'no DC answered' }
                }
                $ok = [pscustomobject]@{ mode = 'full'; dryRun = $false; startedAt = '2026-01-01T00:00:00Z'; finishedAt = '2026-01-01T00:00:01Z'; durationMs = 1000; status = 'succeeded'; counts = [pscustomobject]@{ read = 7; added = 7 }; rejections = @() }
                [pscustomobject]@{ Ok = $true; Verb = 'status'; ExitCode = 0; Error = $null; Data = [pscustomobject]@{ syncRunning = $false; syncedUsers = 7; lastRun = $failed; lastSuccess = $ok; history = @($failed, $ok); watermark = $null } }
            }
            $runs = @(Get-S365SyncHistory -Count 25)
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'status' -and $Parameters['history'] -eq 25 }
            $runs.Count | Should -Be 2
            $runs[0].PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncRun'
            $runs[0].ErrorCode | Should -Be 'DIRECTORY_UNREACHABLE'
            $lines = @(($runs | Out-String -Width 120) -split '\r?\n' | Where-Object { $_.Trim() })
            $lines[0] | Should -Match '\bStatus\s+ErrorCode\b'
            $lines | Where-Object { $_ -match '\bfailed\s+DIRECTORY_UNREACHABLE\b' } | Should -Not -BeNullOrEmpty
            $lines | Where-Object { $_ -match '\bsucceeded\b' } | Should -Not -BeNullOrEmpty
            $lines[0] | Should -Match '\bDuration\b' -Because 'all columns fit in 120 characters'
        }

        It 'Disconnect-Signature365 asks ShouldProcess and returns nothing without -PassThru' {
            Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'disconnect'; ExitCode = 0; Error = $null; Data = [pscustomobject]@{ disconnected = $true; hadSecret = $true } } }
            Disconnect-Signature365 -WhatIf
            Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 0 -Exactly
            Disconnect-Signature365 -Confirm:$false | Should -BeNullOrEmpty
            (Disconnect-Signature365 -Confirm:$false -PassThru).HadSecret | Should -BeTrue
        }
    }
}
