#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# The Event Log source Register-S365SyncTask registers: its message file (the .NET Framework's
# EventLogMessages.dll whatever PowerShell registers it, else the runtime's own), and, on Windows, the
# registration itself.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $onWindows = Test-TestHostIsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force
}

AfterAll {
    Get-Module S365ADConnector | Remove-Module -Force
}

Describe 'The Event Log source''s message file' {
    BeforeEach {
        $script:root = New-TestDirectory -Prefix 's365-systemroot'
    }
    AfterEach {
        Remove-TestDirectory -Path $script:root
    }

    It 'names the .NET Framework''s EventLogMessages.dll under the system root when it is there' {
        $dir = Join-Path (Join-Path (Join-Path $root 'Microsoft.NET') 'Framework64') 'v4.0.30319'
        $null = New-Item -ItemType Directory -Path $dir -Force
        $dll = Join-Path $dir 'EventLogMessages.dll'
        [System.IO.File]::WriteAllBytes($dll, [byte[]](0x4d, 0x5a))
        $setting = InModuleScope S365ADConnector -Parameters @{ Root = $root } { param($Root) Get-S365EventSourceSetting -Source 'S365 AD Connector' -LogName 'Application' -SystemRoot $Root }
        $setting.MessageResourceFile | Should -Be $dll
        $setting.Source | Should -Be 'S365 AD Connector'
        $setting.LogName | Should -Be 'Application'
    }

    It 'names no message file (the runtime then uses its own, as before) when the .NET Framework''s is absent: <Case>' -ForEach @(
        @{ Case = 'no Framework64 folder'; Layout = @() }
        @{ Case = 'the folder without the DLL'; Layout = @('Microsoft.NET/Framework64/v4.0.30319') }
        @{ Case = 'a folder named like the DLL'; Layout = @('Microsoft.NET/Framework64/v4.0.30319/EventLogMessages.dll') }
        @{ Case = 'only the 32-bit Framework'; Layout = @('Microsoft.NET/Framework/v4.0.30319/EventLogMessages.dll') }
    ) {
        foreach ($folder in $Layout) { $null = New-Item -ItemType Directory -Path (Join-Path $root $folder) -Force }
        $setting = InModuleScope S365ADConnector -Parameters @{ Root = $root } { param($Root) Get-S365EventSourceSetting -Source 'S365 AD Connector' -LogName 'Application' -SystemRoot $Root }
        $setting.MessageResourceFile | Should -BeNullOrEmpty -Because $Case
        $setting.Source | Should -Be 'S365 AD Connector'
    }

    It 'names no message file where there is no system root (off Windows)' {
        $setting = InModuleScope S365ADConnector { Get-S365EventSourceSetting -Source 'S365 AD Connector' -LogName 'Application' -SystemRoot '' }
        $setting.MessageResourceFile | Should -BeNullOrEmpty
    }

    It 'takes %SystemRoot% by default' {
        $expected = $null
        if ($env:SystemRoot) {
            $candidate = Join-Path $env:SystemRoot 'Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll'
            if (Test-Path -LiteralPath $candidate -PathType Leaf) { $expected = $candidate }
        }
        $setting = InModuleScope S365ADConnector { Get-S365EventSourceSetting -Source 'S365 AD Connector' -LogName 'Application' }
        $setting.MessageResourceFile | Should -Be $expected
    }
}

Describe 'Registering the Event Log source' {
    It 'registers a new source with the .NET Framework''s EventLogMessages.dll as its message file, and only once (Windows, as an administrator)' -Skip:(-not $onWindows) {
        $name = 'S365 test ' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $expected = Join-Path $env:SystemRoot 'Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll'
        try {
            InModuleScope S365ADConnector -Parameters @{ Name = $name } { param($Name) Register-S365EventSource -Source $Name } | Should -BeTrue
            InModuleScope S365ADConnector -Parameters @{ Name = $name } { param($Name) Register-S365EventSource -Source $Name } | Should -BeFalse
            $key = Get-ItemProperty -LiteralPath "HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Application\$name"
            $key.EventMessageFile | Should -Be $expected -Because 'the source must not point into a PowerShell installation an upgrade moves'
        } finally {
            if ([System.Diagnostics.EventLog]::SourceExists($name)) { [System.Diagnostics.EventLog]::DeleteEventSource($name) }
        }
    }

    It 'refuses to register off Windows (the runtime has no Event Log there)' -Skip:$onWindows {
        { InModuleScope S365ADConnector { Register-S365EventSource -Source 'S365 test' } } | Should -Throw '*not supported on this platform*'
    }
}
