#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# The scheduled task definition (Task Scheduler XML built by New-S365SyncTaskXml) and the platform guard.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $onWindows = Test-TestHostIsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force
    $script:ns = @{ t = 'http://schemas.microsoft.com/windows/2004/02/mit/task' }
    function Get-TaskXml {
        param([hashtable] $Parameters = @{})
        $text = InModuleScope S365ADConnector -Parameters @{ P = $Parameters } { param($P) New-S365SyncTaskXml @P }
        $doc = New-Object System.Xml.XmlDocument
        $doc.LoadXml($text)
        return $doc
    }
    function Get-TaskValue {
        param([System.Xml.XmlDocument] $Doc, [string] $XPath)
        $node = Select-Xml -Xml $Doc -XPath $XPath -Namespace $ns
        if ($null -eq $node) { return $null }
        return $node.Node.InnerText
    }
}

AfterAll {
    Get-Module S365ADConnector | Remove-Module -Force
}

Describe 'New-S365SyncTaskXml' {
    It 'is well-formed Task Scheduler 1.2 XML' {
        $doc = Get-TaskXml
        $doc.DocumentElement.LocalName | Should -Be 'Task'
        $doc.DocumentElement.NamespaceURI | Should -Be $ns.t
        $doc.DocumentElement.GetAttribute('version') | Should -Be '1.2'
    }

    It 'repeats every 30 minutes by default, forever, with a random delay' {
        $doc = Get-TaskXml
        Get-TaskValue $doc '/t:Task/t:Triggers/t:TimeTrigger/t:Repetition/t:Interval' | Should -Be 'PT30M'
        Get-TaskValue $doc '/t:Task/t:Triggers/t:TimeTrigger/t:Repetition/t:Duration' | Should -BeNullOrEmpty
        Get-TaskValue $doc '/t:Task/t:Triggers/t:TimeTrigger/t:RandomDelay' | Should -Be 'PT5M'
        Get-TaskValue $doc '/t:Task/t:Triggers/t:TimeTrigger/t:Enabled' | Should -Be 'true'
        Get-TaskValue $doc '/t:Task/t:Triggers/t:TimeTrigger/t:StartBoundary' | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$'
    }

    It 'uses the given interval, random delay and execution time limit' {
        $doc = Get-TaskXml @{ IntervalMinutes = 90; RandomDelayMinutes = 10; ExecutionTimeLimit = (New-TimeSpan -Minutes 45) }
        Get-TaskValue $doc '//t:Repetition/t:Interval' | Should -Be 'PT1H30M'
        Get-TaskValue $doc '//t:TimeTrigger/t:RandomDelay' | Should -Be 'PT10M'
        Get-TaskValue $doc '/t:Task/t:Settings/t:ExecutionTimeLimit' | Should -Be 'PT45M'
    }

    It 'leaves out the random delay when it is 0' {
        Get-TaskValue (Get-TaskXml @{ RandomDelayMinutes = 0 }) '//t:TimeTrigger/t:RandomDelay' | Should -BeNullOrEmpty
    }

    It 'never starts a second instance and has an execution time limit' {
        $doc = Get-TaskXml
        Get-TaskValue $doc '/t:Task/t:Settings/t:MultipleInstancesPolicy' | Should -Be 'IgnoreNew'
        Get-TaskValue $doc '/t:Task/t:Settings/t:ExecutionTimeLimit' | Should -Be 'PT2H'
        Get-TaskValue $doc '/t:Task/t:Settings/t:StartWhenAvailable' | Should -Be 'true'
        Get-TaskValue $doc '/t:Task/t:Settings/t:DisallowStartIfOnBatteries' | Should -Be 'false'
    }

    It 'runs as SYSTEM by default' {
        $doc = Get-TaskXml
        Get-TaskValue $doc '/t:Task/t:Principals/t:Principal/t:UserId' | Should -Be 'S-1-5-18'
        Get-TaskValue $doc '/t:Task/t:Principals/t:Principal/t:LogonType' | Should -BeNullOrEmpty
        Get-TaskValue $doc '/t:Task/t:Principals/t:Principal/t:RunLevel' | Should -Be 'HighestAvailable'
    }

    It 'runs as a gMSA with LogonType Password (Windows fetches its password)' {
        $doc = Get-TaskXml @{ GroupManagedServiceAccount = 'CONTOSO\gmsa-s365$' }
        Get-TaskValue $doc '/t:Task/t:Principals/t:Principal/t:UserId' | Should -Be 'CONTOSO\gmsa-s365$'
        Get-TaskValue $doc '/t:Task/t:Principals/t:Principal/t:LogonType' | Should -Be 'Password'
        Get-TaskValue $doc '/t:Task/t:Principals/t:Principal/t:RunLevel' | Should -Be 'LeastPrivilege'
        (Select-Xml -Xml $doc -XPath '/t:Task/t:Actions' -Namespace $ns).Node.GetAttribute('Context') | Should -Be (Select-Xml -Xml $doc -XPath '//t:Principal' -Namespace $ns).Node.GetAttribute('id')
    }

    It 'refuses a gMSA name without the trailing $' {
        { InModuleScope S365ADConnector { New-S365SyncTaskXml -GroupManagedServiceAccount 'CONTOSO\gmsa-s365' } } | Should -Throw '*ends with*'
    }

    It 'runs Windows PowerShell non-interactively on Invoke-S365Sync.ps1 of the module' {
        $doc = Get-TaskXml @{ ConfigDir = 'D:\S365 Config' }
        Get-TaskValue $doc '//t:Exec/t:Command' | Should -Be '%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe'
        $arguments = Get-TaskValue $doc '//t:Exec/t:Arguments'
        $script = Join-Path $moduleRoot 'Invoke-S365Sync.ps1'
        $arguments | Should -BeExactly ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "{0}" -ConfigDir "D:\S365 Config"' -f $script)
        Get-TaskValue $doc '//t:Exec/t:WorkingDirectory' | Should -Be $moduleRoot
    }

    It 'escapes XML special characters' {
        $doc = Get-TaskXml @{ ConfigDir = 'C:\R&D <test>'; TaskUri = '\Signature365\A & B' }
        Get-TaskValue $doc '//t:Exec/t:Arguments' | Should -Match ([regex]::Escape('-ConfigDir "C:\R&D <test>"'))
        Get-TaskValue $doc '/t:Task/t:RegistrationInfo/t:URI' | Should -Be '\Signature365\A & B'
    }
}

Describe 'Register-S365SyncTask / Unregister-S365SyncTask' {
    It 'Register fails with PLATFORM_NOT_SUPPORTED outside Windows' -Skip:$onWindows {
        $err = $null
        try { Register-S365SyncTask } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'PLATFORM_NOT_SUPPORTED,Register-S365SyncTask'
        $err.Exception | Should -BeOfType ([System.PlatformNotSupportedException])
    }

    It 'Unregister fails with PLATFORM_NOT_SUPPORTED outside Windows' -Skip:$onWindows {
        { Unregister-S365SyncTask } | Should -Throw -ErrorId 'PLATFORM_NOT_SUPPORTED,Unregister-S365SyncTask'
    }

    It 'Register builds the XML and calls Register-ScheduledTask -Xml (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Register-ScheduledTask { 'registered' }
        Mock -ModuleName S365ADConnector Register-S365EventSource { $true }
        Mock -ModuleName S365ADConnector Resolve-S365AccountSid { 'S-1-5-21-1-2-3-1105' }
        Mock -ModuleName S365ADConnector Set-S365ServiceAccount { }
        Register-S365SyncTask -IntervalMinutes 15 -GroupManagedServiceAccount 'CONTOSO\gmsa-s365$' -Force | Should -Be 'registered'
        Should -Invoke -ModuleName S365ADConnector Register-ScheduledTask -Times 1 -Exactly -ParameterFilter { $Xml -match 'PT15M' -and $Xml -match 'gmsa-s365\$' -and $TaskPath -eq '\Signature365\' }
    }

    It 'Register -WhatIf registers nothing (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Register-ScheduledTask { 'registered' }
        Mock -ModuleName S365ADConnector Register-S365EventSource { $true }
        Mock -ModuleName S365ADConnector Set-S365ServiceAccount { }
        Register-S365SyncTask -WhatIf
        Should -Invoke -ModuleName S365ADConnector Register-ScheduledTask -Times 0 -Exactly
        Should -Invoke -ModuleName S365ADConnector Set-S365ServiceAccount -Times 0 -Exactly
        Should -Invoke -ModuleName S365ADConnector Register-S365EventSource -Times 0 -Exactly
    }

    It 'Register registers the Event Log source, then tells the agent there is no service account, then the task (Windows)' -Skip:(-not $onWindows) {
        $script:order = @()
        Mock -ModuleName S365ADConnector Register-S365EventSource { $script:order += 'source'; $true }
        Mock -ModuleName S365ADConnector Set-S365ServiceAccount { $script:order += "account:${Sid}" }
        Mock -ModuleName S365ADConnector Register-ScheduledTask { $script:order += 'task'; 'registered' }
        Register-S365SyncTask -Force | Should -Be 'registered'
        $script:order | Should -Be @('source', 'account:', 'task')
    }

    It 'Register -GroupManagedServiceAccount gives the agent the gMSA by SID before the task, with the config dir (Windows)' -Skip:(-not $onWindows) {
        $script:order = @()
        Mock -ModuleName S365ADConnector Register-S365EventSource { $true }
        Mock -ModuleName S365ADConnector Resolve-S365AccountSid { 'S-1-5-21-1-2-3-1105' } -ParameterFilter { $Name -eq 'CONTOSO\gmsa-s365$' }
        Mock -ModuleName S365ADConnector Set-S365ServiceAccount { $script:order += "account:${Sid}:${ConfigDir}" }
        Mock -ModuleName S365ADConnector Register-ScheduledTask { $script:order += 'task'; 'registered' }
        Register-S365SyncTask -GroupManagedServiceAccount 'CONTOSO\gmsa-s365$' -ConfigDir 'C:\S365' -Force | Should -Be 'registered'
        $script:order | Should -Be @('account:S-1-5-21-1-2-3-1105:C:\S365', 'task')
    }

    It 'Register fails with TASK_REGISTRATION_FAILED, telling the agent nothing and registering no task, when the gMSA does not resolve (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Register-S365EventSource { $true }
        Mock -ModuleName S365ADConnector Set-S365ServiceAccount { }
        Mock -ModuleName S365ADConnector Register-ScheduledTask { 'registered' }
        { Register-S365SyncTask -GroupManagedServiceAccount 'CONTOSO\no-such-gmsa$' -Force } | Should -Throw -ErrorId 'TASK_REGISTRATION_FAILED,Register-S365SyncTask'
        Should -Invoke -ModuleName S365ADConnector Set-S365ServiceAccount -Times 0 -Exactly
        Should -Invoke -ModuleName S365ADConnector Register-ScheduledTask -Times 0 -Exactly
    }

    It 'Resolve-S365AccountSid gives the SID of an account by name (Windows)' -Skip:(-not $onWindows) {
        InModuleScope S365ADConnector { Resolve-S365AccountSid -Name 'NT AUTHORITY\SYSTEM' | Should -Be 'S-1-5-18' }
    }

    It 'Register fails with TASK_REGISTRATION_FAILED and registers no task when the source cannot be registered (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Register-S365EventSource { throw [System.Security.SecurityException]::new('Requested registry access is not allowed.') }
        Mock -ModuleName S365ADConnector Register-ScheduledTask { 'registered' }
        { Register-S365SyncTask -Force } | Should -Throw -ErrorId 'TASK_REGISTRATION_FAILED,Register-S365SyncTask'
        Should -Invoke -ModuleName S365ADConnector Register-ScheduledTask -Times 0 -Exactly
    }

    It "registers the agent's own Event Log source name (src/platform/events.ts EVENT_SOURCE)" {
        $events = Get-Content -Raw -LiteralPath (Join-Path $moduleRoot '../../src/platform/events.ts')
        $events -match "EVENT_SOURCE = '([^']+)'" | Should -BeTrue
        $agentSource = $Matches[1]
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $moduleRoot 'Private/Register-S365EventSource.ps1'), [ref]$null, [ref]$null)
        $param = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.ParameterAst] -and $n.Name.VariablePath.UserPath -eq 'Source' }, $true) | Select-Object -First 1
        $param.DefaultValue.Value | Should -Be $agentSource
        Get-Content -Raw -LiteralPath (Join-Path $moduleRoot 'Public/Register-S365SyncTask.ps1') | Should -Match ([regex]::Escape("'$agentSource'"))
    }

    It 'refuses an interval under 5 minutes and a malformed gMSA name' {
        { Register-S365SyncTask -IntervalMinutes 1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Register-S365SyncTask'
        { Register-S365SyncTask -GroupManagedServiceAccount 'gmsa' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Register-S365SyncTask'
    }
}

Describe 'Set-S365ServiceAccount (the agent call Register-S365SyncTask makes)' {
    It 'asks the agent for set-service-account with the SID, or with clear when there is none, in the config dir' {
        InModuleScope S365ADConnector {
            $script:calls = @()
            Mock Invoke-S365Agent { $script:calls += [pscustomobject]@{ Verb = $Verb; Parameters = $Parameters; ConfigDir = $ConfigDir }; @{ Ok = $true; Data = $null } }
            Set-S365ServiceAccount -Sid 'S-1-5-21-1-2-3-1105' -ConfigDir 'C:\S365'
            Set-S365ServiceAccount -ConfigDir 'C:\S365'
            $script:calls.Count | Should -Be 2
            $script:calls[0].Verb | Should -Be 'set-service-account'
            $script:calls[0].Parameters.Keys | Should -Be @('sid')
            $script:calls[0].Parameters['sid'] | Should -Be 'S-1-5-21-1-2-3-1105'
            $script:calls[0].ConfigDir | Should -Be 'C:\S365'
            $script:calls[1].Parameters.Keys | Should -Be @('clear')
            $script:calls[1].Parameters['clear'] | Should -BeTrue
        }
    }

    It 'stores the SID in config.json through the real agent (dist/cli.js), and removes it again' {
        $cli = Join-Path $moduleRoot '../../dist/cli.js'
        if (-not (Test-Path -LiteralPath $cli)) { Set-ItResult -Skipped -Because 'dist/cli.js is not built (npm run build)'; return }
        $saved = $env:S365_AGENT_NODE_SCRIPT
        try {
            $env:S365_AGENT_NODE_SCRIPT = (Resolve-Path -LiteralPath $cli).Path
            $dir = Join-Path $TestDrive 'cfg-gmsa'
            $set = InModuleScope S365ADConnector -Parameters @{ Dir = $dir } { param($Dir) Set-S365ServiceAccount -Sid 'S-1-5-21-1-2-3-1105' -ConfigDir $Dir }
            $set.serviceAccountSid | Should -Be 'S-1-5-21-1-2-3-1105'
            (Get-Content -Raw -LiteralPath (Join-Path $dir 'config.json') | ConvertFrom-Json).windows.serviceAccountSid | Should -Be 'S-1-5-21-1-2-3-1105'
            $null = InModuleScope S365ADConnector -Parameters @{ Dir = $dir } { param($Dir) Set-S365ServiceAccount -ConfigDir $Dir }
            (Get-Content -Raw -LiteralPath (Join-Path $dir 'config.json') | ConvertFrom-Json).PSObject.Properties['windows'] | Should -BeNullOrEmpty
            # A group is refused by the agent: its error, with its code.
            { InModuleScope S365ADConnector -Parameters @{ Dir = $dir } { param($Dir) Set-S365ServiceAccount -Sid 'S-1-5-32-545' -ConfigDir $Dir } } | Should -Throw -ErrorId 'BAD_REQUEST*'
        } finally {
            $env:S365_AGENT_NODE_SCRIPT = $saved
        }
    }
}

Describe 'The run log of Invoke-S365Sync.ps1 (Write-S365SyncLog, Get-S365SyncLogEntry, Get-S365SyncLogPath)' {
    It 'appends each line with the UTC time, creating the logs folder' {
        $path = Join-Path (Join-Path $TestDrive 'cfg-a') (Join-Path 'logs' 'sync-runs.log')
        InModuleScope S365ADConnector -Parameters @{ P = $path } {
            param($P)
            Write-S365SyncLog -Path $P -Line 'S365 sync: Sync succeeded in 1.0 s (delta): read 3' -Time ([datetime]::new(2026, 12, 2, 7, 30, 0, [DateTimeKind]::Utc))
            Write-S365SyncLog -Path $P -Line @("S365 sync failed: LOCKED (exit 7): busy`r`nretry", 'S365 sync warning: w') -Time ([datetime]::new(2026, 12, 2, 8, 0, 0, [DateTimeKind]::Utc))
        }
        @(Get-Content -LiteralPath $path) | Should -Be @(
            '2026-12-02T07:30:00Z S365 sync: Sync succeeded in 1.0 s (delta): read 3'
            '2026-12-02T08:00:00Z S365 sync failed: LOCKED (exit 7): busy retry'
            '2026-12-02T08:00:00Z S365 sync warning: w'
        )
    }

    It 'moves a log past its size limit to <name>.1 and starts a new one' {
        $path = Join-Path $TestDrive 'rotate.log'
        Set-Content -LiteralPath $path -Value ('x' * 100)
        InModuleScope S365ADConnector -Parameters @{ P = $path } { param($P) Write-S365SyncLog -Path $P -Line 'S365 sync: new' -MaxBytes 50 }
        @(Get-Content -LiteralPath ($path + '.1')) | Should -Be @('x' * 100)
        @(Get-Content -LiteralPath $path).Count | Should -Be 1
    }

    It 'reads the last run: its time, exit code and error code, past warning lines' {
        $path = Join-Path $TestDrive 'entries.log'
        Set-Content -LiteralPath $path -Value @(
            '2026-12-02T07:30:00Z S365 sync: Sync succeeded in 1.0 s (delta): read 3'
            '2026-12-02T08:00:00Z S365 sync failed: DIRECTORY_UNREACHABLE (exit 4): no DC answered'
            '2026-12-02T08:00:00Z S365 sync warning: something'
        )
        $entry = InModuleScope S365ADConnector -Parameters @{ P = $path } { param($P) Get-S365SyncLogEntry -Path $P }
        $entry.Time | Should -Be ([datetime]::new(2026, 12, 2, 8, 0, 0, [DateTimeKind]::Utc))
        $entry.Time.Kind | Should -Be 'Utc'
        $entry.ExitCode | Should -Be 4
        $entry.ErrorCode | Should -Be 'DIRECTORY_UNREACHABLE'
        $entry.Message | Should -Be 'S365 sync failed: DIRECTORY_UNREACHABLE (exit 4): no DC answered'
        Add-Content -LiteralPath $path -Value '2026-12-02T08:30:00Z S365 sync: Sync succeeded in 2.0 s (delta): read 0'
        $entry = InModuleScope S365ADConnector -Parameters @{ P = $path } { param($P) Get-S365SyncLogEntry -Path $P }
        $entry.ExitCode | Should -Be 0
        $entry.ErrorCode | Should -BeNullOrEmpty
        InModuleScope S365ADConnector -Parameters @{ P = (Join-Path $TestDrive 'none.log') } { param($P) Get-S365SyncLogEntry -Path $P } | Should -BeNullOrEmpty
    }

    It 'keeps the log in logs/sync-runs.log of the configuration directory, the agent default without one' {
        $dir = Join-Path $TestDrive 'cfg-b'
        InModuleScope S365ADConnector -Parameters @{ D = $dir } { param($D) Get-S365SyncLogPath -ConfigDir $D } | Should -Be (Join-Path (Join-Path $dir 'logs') 'sync-runs.log')
        $saved = $env:S365_CONFIG_DIR
        try {
            $env:S365_CONFIG_DIR = $null
            $expected = InModuleScope S365ADConnector { Join-Path (Join-Path (Get-S365DefaultConfigDir) 'logs') 'sync-runs.log' }
            InModuleScope S365ADConnector { Get-S365SyncLogPath } | Should -Be $expected
            if (-not $onWindows) { $expected | Should -Be '/var/lib/s365-agent/logs/sync-runs.log' }
        } finally {
            $env:S365_CONFIG_DIR = $saved
        }
    }
}

Describe 'ConvertTo-S365SyncTask (task objects as Get-ScheduledTask and Get-ScheduledTaskInfo return them)' {
    BeforeAll {
        function New-FakeTask {
            param([string] $State = 'Ready', [bool] $Enabled = $true, [string] $UserId = 'S-1-5-18', [string] $Arguments = '-NoProfile -File "C:\m\Invoke-S365Sync.ps1"')
            [pscustomobject]@{
                TaskName  = 'S365 AD Sync'; TaskPath = '\Signature365\'; State = $State
                Settings  = [pscustomobject]@{ Enabled = $Enabled }
                Principal = [pscustomobject]@{ UserId = $UserId; LogonType = 'ServiceAccount' }
                Triggers  = @([pscustomobject]@{ Repetition = [pscustomobject]@{ Interval = 'PT30M'; Duration = $null } })
                Actions   = @([pscustomobject]@{ Execute = 'powershell.exe'; Arguments = $Arguments })
            }
        }
        function Convert {
            param($Task, $Info, $Entry, [string] $ConfigDir, [string] $LogPath = '/x/logs/sync-runs.log')
            InModuleScope S365ADConnector -Parameters @{ T = $Task; I = $Info; E = $Entry; C = $ConfigDir; L = $LogPath } {
                param($T, $I, $E, $C, $L)
                ConvertTo-S365SyncTask -TaskName 'S365 AD Sync' -TaskPath '\Signature365\' -Task $T -TaskInfo $I -LastLogEntry $E -ConfigDir $C -LogPath $L
            }
        }
    }

    It 'reports a registered task: enabled, account, interval, last run with exit and error code, next run' {
        $info = [pscustomobject]@{ LastRunTime = [datetime]'2026-12-02 08:00:00'; LastTaskResult = 7; NextRunTime = [datetime]'2026-12-02 08:30:00'; NumberOfMissedRuns = 0 }
        $entry = [pscustomobject]@{ Time = [datetime]'2026-12-02 08:00:01'; ExitCode = 7; ErrorCode = 'LOCKED'; Message = 'S365 sync failed: LOCKED (exit 7): busy' }
        $t = Convert -Task (New-FakeTask) -Info $info -Entry $entry -ConfigDir 'D:\S365'
        $t.PSObject.TypeNames[0] | Should -Be 'S365ADConnector.SyncTask'
        $t.Registered | Should -BeTrue
        $t.Enabled | Should -BeTrue
        $t.State | Should -Be 'Ready'
        $t.Account | Should -Be 'NT AUTHORITY\SYSTEM'
        $t.Interval | Should -Be ([TimeSpan]::FromMinutes(30))
        $t.LastRunTime | Should -Be ([datetime]'2026-12-02 08:00:00')
        $t.LastResult | Should -Be 'Failed'
        $t.LastExitCode | Should -Be 7
        $t.LastErrorCode | Should -Be 'LOCKED'
        $t.LastRunMessage | Should -Be 'S365 sync failed: LOCKED (exit 7): busy'
        $t.NextRunTime | Should -Be ([datetime]'2026-12-02 08:30:00')
        $t.ConfigDir | Should -Be 'D:\S365'
        $t.LogPath | Should -Be '/x/logs/sync-runs.log'
        ($t | Out-String -Width 120) | Should -Match 'LastErrorCode\s*:\s*LOCKED'
    }

    It 'reports a task that is not registered, without an error' {
        $t = Convert -Task $null -Info $null -Entry $null
        $t.Registered | Should -BeFalse
        $t.Enabled | Should -BeFalse
        $t.State | Should -Be 'NotRegistered'
        $t.LastResult | Should -BeNullOrEmpty
        $t.LastRunTime | Should -BeNullOrEmpty
    }

    It 'reports a disabled task that never ran (0x41303), a running one (0x41301), a success, and a gMSA' {
        $never = Convert -Task (New-FakeTask -State 'Disabled' -Enabled $false) -Info ([pscustomobject]@{ LastRunTime = [datetime]'1999-11-30'; LastTaskResult = 0x41303; NextRunTime = $null })
        $never.Enabled | Should -BeFalse
        $never.State | Should -Be 'Disabled'
        $never.LastResult | Should -Be 'NeverRun'
        $never.LastRunTime | Should -BeNullOrEmpty
        $never.LastExitCode | Should -BeNullOrEmpty
        $never.NextRunTime | Should -BeNullOrEmpty
        $running = Convert -Task (New-FakeTask -State 'Running') -Info ([pscustomobject]@{ LastRunTime = [datetime]'2026-12-02 08:00:00'; LastTaskResult = 0x41301 })
        $running.LastResult | Should -Be 'Running'
        $running.LastExitCode | Should -BeNullOrEmpty
        $ok = Convert -Task (New-FakeTask -UserId 'CONTOSO\gmsa-s365$') -Info ([pscustomobject]@{ LastRunTime = [datetime]'2026-12-02 08:00:00'; LastTaskResult = 0 })
        $ok.LastResult | Should -Be 'Succeeded'
        $ok.LastExitCode | Should -Be 0
        $ok.Account | Should -Be 'CONTOSO\gmsa-s365$'
    }

    It 'finds the configuration directory in the arguments New-S365SyncTaskXml writes' {
        $doc = Get-TaskXml @{ ConfigDir = 'D:\S365 Config' }
        $task = New-FakeTask -Arguments (Get-TaskValue $doc '//t:Exec/t:Arguments')
        InModuleScope S365ADConnector -Parameters @{ T = $task } { param($T) Get-S365TaskConfigDir -Task $T } | Should -Be 'D:\S365 Config'
        InModuleScope S365ADConnector -Parameters @{ T = (New-FakeTask) } { param($T) Get-S365TaskConfigDir -Task $T } | Should -BeNullOrEmpty
    }
}

Describe 'Get-S365SyncTask / Enable-S365SyncTask / Disable-S365SyncTask' {
    It '<Command> fails with PLATFORM_NOT_SUPPORTED outside Windows' -Skip:$onWindows -ForEach @(
        @{ Command = 'Get-S365SyncTask' }
        @{ Command = 'Enable-S365SyncTask' }
        @{ Command = 'Disable-S365SyncTask' }
    ) {
        $err = $null
        try { & $Command } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be "PLATFORM_NOT_SUPPORTED,$Command"
        $err.Exception | Should -BeOfType ([System.PlatformNotSupportedException])
    }

    It 'Get-S365SyncTask reads the task, its run info and the run log of its configuration directory (Windows)' -Skip:(-not $onWindows) {
        $script:taskConfigDir = Join-Path $TestDrive 'task-cfg'
        $dir = $script:taskConfigDir
        InModuleScope S365ADConnector -Parameters @{ D = $dir } { param($D) Write-S365SyncLog -Path (Get-S365SyncLogPath -ConfigDir $D) -Line 'S365 sync failed: API_UNREACHABLE (exit 5): down' }
        Mock -ModuleName S365ADConnector Get-ScheduledTask {
            [pscustomobject]@{ TaskName = 'S365 AD Sync'; TaskPath = '\Signature365\'; State = 'Ready'; Settings = [pscustomobject]@{ Enabled = $true }
                Principal = [pscustomobject]@{ UserId = 'S-1-5-18' }; Triggers = @([pscustomobject]@{ Repetition = [pscustomobject]@{ Interval = 'PT15M' } })
                Actions = @([pscustomobject]@{ Arguments = ('-File "x" -ConfigDir "{0}"' -f $script:taskConfigDir) })
            }
        }
        Mock -ModuleName S365ADConnector Get-ScheduledTaskInfo { [pscustomobject]@{ LastRunTime = (Get-Date).AddMinutes(-3); LastTaskResult = 5; NextRunTime = (Get-Date).AddMinutes(12) } }
        $task = Get-S365SyncTask
        $task.Interval | Should -Be ([TimeSpan]::FromMinutes(15))
        $task.LastExitCode | Should -Be 5
        $task.LastErrorCode | Should -Be 'API_UNREACHABLE'
    }

    It 'Get-S365SyncTask reports a task that is not registered (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Get-ScheduledTask { }
        (Get-S365SyncTask -TaskName 'No Such Task').Registered | Should -BeFalse
    }

    It 'Disable-S365SyncTask disables the task, -WhatIf changes nothing, a missing task is TASK_NOT_FOUND (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Get-ScheduledTask { [pscustomobject]@{ TaskName = 'S365 AD Sync'; TaskPath = '\Signature365\' } }
        Mock -ModuleName S365ADConnector Disable-ScheduledTask { }
        Disable-S365SyncTask -WhatIf
        Should -Invoke -ModuleName S365ADConnector Disable-ScheduledTask -Times 0 -Exactly
        Disable-S365SyncTask -Confirm:$false
        Should -Invoke -ModuleName S365ADConnector Disable-ScheduledTask -Times 1 -Exactly -ParameterFilter { $TaskName -eq 'S365 AD Sync' -and $TaskPath -eq '\Signature365\' }
        Mock -ModuleName S365ADConnector Get-ScheduledTask { }
        { Disable-S365SyncTask -Confirm:$false } | Should -Throw -ErrorId 'TASK_NOT_FOUND,Disable-S365SyncTask'
    }

    It 'Enable-S365SyncTask enables the task; a refusal is TASK_CHANGE_FAILED (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Get-ScheduledTask { [pscustomobject]@{ TaskName = 'S365 AD Sync'; TaskPath = '\Signature365\' } }
        Mock -ModuleName S365ADConnector Enable-ScheduledTask { }
        Enable-S365SyncTask -Confirm:$false
        Should -Invoke -ModuleName S365ADConnector Enable-ScheduledTask -Times 1 -Exactly
        Mock -ModuleName S365ADConnector Enable-ScheduledTask { throw 'Access is denied.' }
        { Enable-S365SyncTask -Confirm:$false } | Should -Throw -ErrorId 'TASK_CHANGE_FAILED,Enable-S365SyncTask'
    }
}
