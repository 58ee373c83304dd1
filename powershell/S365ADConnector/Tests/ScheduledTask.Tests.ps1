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
        Register-S365SyncTask -IntervalMinutes 15 -GroupManagedServiceAccount 'CONTOSO\gmsa-s365$' -Force | Should -Be 'registered'
        Should -Invoke -ModuleName S365ADConnector Register-ScheduledTask -Times 1 -Exactly -ParameterFilter { $Xml -match 'PT15M' -and $Xml -match 'gmsa-s365\$' -and $TaskPath -eq '\Signature365\' }
    }

    It 'Register -WhatIf registers nothing (Windows)' -Skip:(-not $onWindows) {
        Mock -ModuleName S365ADConnector Register-ScheduledTask { 'registered' }
        Register-S365SyncTask -WhatIf
        Should -Invoke -ModuleName S365ADConnector Register-ScheduledTask -Times 0 -Exactly
    }

    It 'refuses an interval under 5 minutes and a malformed gMSA name' {
        { Register-S365SyncTask -IntervalMinutes 1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Register-S365SyncTask'
        { Register-S365SyncTask -GroupManagedServiceAccount 'gmsa' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Register-S365SyncTask'
    }
}
