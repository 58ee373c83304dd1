#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Parameters, output types and help of every exported command.

BeforeDiscovery {
    # The exact public surface: parameters of each command besides the common parameters
    # (WhatIf/Confirm listed where the command supports ShouldProcess).
    $expected = [ordered]@{
        'Connect-Signature365'    = @('Secret', 'ApiUrl', 'Proxy', 'ProxyCredential', 'CaFile', 'SkipCertificateCheck', 'SkipTest', 'ConfigDir')
        'Disconnect-Signature365' = @('PassThru', 'ConfigDir', 'WhatIf', 'Confirm')
        'Set-S365Directory'       = @('Server', 'Domain', 'Credential', 'SearchBase', 'StartTls', 'CaFile', 'SkipCertificateCheck', 'AllowPlainLdap', 'PageSize', 'MembershipStrategy', 'Timeout', 'ConnectTimeout', 'SkipTest', 'PassThru', 'ConfigDir', 'WhatIf', 'Confirm')
        'Test-S365Auth'           = @('Quiet', 'ConfigDir')
        'Set-S365SyncScope'       = @('All', 'Group', 'AddGroup', 'RemoveGroup', 'AddExcludeGroup', 'RemoveExcludeGroup', 'SearchBase', 'ExcludeGroup', 'IncludeDisabled', 'PassThru', 'ConfigDir', 'WhatIf', 'Confirm')
        'Get-S365SyncScope'       = @('ConfigDir')
        'Get-S365Configuration'   = @('ConfigDir')
        'Get-S365Group'           = @('Name', 'LDAPFilter', 'ResultSize', 'ConfigDir')
        'Start-S365Sync'          = @('Full', 'PlanFile', 'AllowRemovals', 'PassThru', 'ConfigDir', 'WhatIf', 'Confirm')
        'Get-S365SyncStatus'      = @('HistoryCount', 'ConfigDir')
        'Get-S365SyncHistory'     = @('Count', 'ConfigDir')
        'Get-S365SyncReport'      = @('Status', 'Html', 'RunCount', 'ConfigDir')
        'Get-S365SyncSetting'     = @('ConfigDir')
        'Get-S365User'            = @('Identity', 'ConfigDir')
        'Initialize-S365Connector' = @('Secret', 'ApiUrl', 'Server', 'Credential', 'CaFile', 'All', 'Group', 'IntervalMinutes', 'Force', 'ConfigDir')
        'Get-S365DirectoryInfo'   = @('ConfigDir')
        'Set-S365AttributeMapping' = @('CustomAttribute', 'FieldOverride', 'AllowUpnAsEmail', 'Reset', 'SkipTest', 'PassThru', 'ConfigDir', 'WhatIf', 'Confirm')
        'Get-S365AttributeMapping' = @('ConfigDir')
        'Set-S365SyncSetting'     = @('MaxRemovals', 'MaxRemovalPercent', 'RemovalGuardMinCount', 'FullSyncAfterDays', 'MaxRejectedPercent', 'ApiConcurrency', 'PassThru', 'ConfigDir', 'WhatIf', 'Confirm')
        'Register-S365SyncTask'   = @('IntervalMinutes', 'GroupManagedServiceAccount', 'RandomDelayMinutes', 'ExecutionTimeLimit', 'TaskName', 'TaskPath', 'Force', 'ConfigDir', 'WhatIf', 'Confirm')
        'Unregister-S365SyncTask' = @('TaskName', 'TaskPath', 'WhatIf', 'Confirm')
        'Get-S365SyncTask'        = @('TaskName', 'TaskPath')
        'Enable-S365SyncTask'     = @('TaskName', 'TaskPath', 'PassThru', 'WhatIf', 'Confirm')
        'Disable-S365SyncTask'    = @('TaskName', 'TaskPath', 'PassThru', 'WhatIf', 'Confirm')
    }
    $shouldProcess = @('Disconnect-Signature365', 'Set-S365Directory', 'Set-S365SyncScope', 'Set-S365SyncSetting', 'Set-S365AttributeMapping', 'Start-S365Sync', 'Register-S365SyncTask', 'Unregister-S365SyncTask', 'Enable-S365SyncTask', 'Disable-S365SyncTask')
    # Where Get-Help -Online goes through xdg-open (elsewhere it would open a real browser window).
    $onLinux = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
    $commandCases = @(foreach ($name in $expected.Keys) {
            @{ Name = $name; Parameters = $expected[$name]; ShouldProcess = ($shouldProcess -contains $name) }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force
    $script:common = @([System.Management.Automation.PSCmdlet]::CommonParameters)
    # The one HelpUri of the module (the manifest's PrivateData), which every command's CmdletBinding repeats.
    $script:helpUri = (Get-Module S365ADConnector).PrivateData.HelpUri

    # On Linux, Get-Help -Online hands the URI to xdg-open: a stand-in first on PATH records it instead.
    $script:browserDir = New-TestDirectory -Prefix 's365-browser'
    $script:opened = Join-Path $browserDir 'opened'
    $xdgOpen = Join-Path $browserDir 'xdg-open'
    [System.IO.File]::WriteAllText($xdgOpen, "#!/bin/sh`nprintf '%s' `"`$1`" > '$opened.tmp' && mv '$opened.tmp' '$opened'`n")
    if (-not (Test-TestHostIsWindows)) { & chmod +x $xdgOpen }
}

AfterAll {
    Get-Module S365ADConnector | Remove-Module -Force
    Remove-TestDirectory -Path $script:browserDir
}

Describe 'The tested command list' {
    It 'covers every exported command' {
        $tested = @('Connect-Signature365', 'Disconnect-Signature365', 'Set-S365Directory', 'Test-S365Auth', 'Set-S365SyncScope', 'Get-S365SyncScope',
            'Get-S365Configuration', 'Get-S365Group', 'Start-S365Sync', 'Get-S365SyncStatus', 'Get-S365SyncHistory', 'Get-S365SyncReport', 'Get-S365SyncSetting', 'Set-S365SyncSetting',
            'Get-S365User', 'Initialize-S365Connector', 'Get-S365DirectoryInfo', 'Set-S365AttributeMapping', 'Get-S365AttributeMapping',
            'Register-S365SyncTask', 'Unregister-S365SyncTask', 'Get-S365SyncTask', 'Enable-S365SyncTask', 'Disable-S365SyncTask')
        @((Get-Command -Module S365ADConnector).Name | Sort-Object) | Should -Be @($tested | Sort-Object)
    }
}

Describe '<Name>' -ForEach $commandCases {
    BeforeAll {
        $command = Get-Command -Name $Name -Module S365ADConnector
        $help = Get-Help -Name $Name -Full
    }

    It 'has exactly the expected parameters' {
        $actual = @($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
        $actual | Should -Be @($Parameters | Sort-Object)
    }

    It 'is an advanced function with CmdletBinding' {
        $command.CmdletBinding | Should -BeTrue
    }

    It 'supports ShouldProcess only where it changes something' {
        $binding = $command.ScriptBlock.Attributes | Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
        $binding.SupportsShouldProcess | Should -Be $ShouldProcess
    }

    It 'declares its output type' {
        @($command.OutputType).Count | Should -BeGreaterThan 0
    }

    It 'takes -ConfigDir where it talks to the agent' {
        if ($Name -notlike '*SyncTask') {
            $command.Parameters['ConfigDir'].ParameterType | Should -Be ([string])
        }
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *" -Because 'an auto-generated synopsis is just the syntax'
    }

    It 'has a description' {
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has several examples, each with a remark' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $examples) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'has the module''s HelpUri, not overridden by a first related link that is a URI' {
        $helpUri | Should -Match '^https://'
        $command.HelpUri | Should -Be $helpUri
        # Get-Help -Online prefers the first related link (.LINK) when that is a URI.
        @($help.relatedLinks.navigationLink)[0].uri | Should -BeNullOrEmpty
    }

    It 'opens the HelpUri with Get-Help -Online' -Skip:(-not $onLinux) {
        Remove-Item -LiteralPath $opened -ErrorAction SilentlyContinue
        $path = $env:PATH
        try {
            $env:PATH = $browserDir + [System.IO.Path]::PathSeparator + $path
            Get-Help -Name $Name -Online
        } finally {
            $env:PATH = $path
        }
        $deadline = [datetime]::UtcNow.AddSeconds(10)
        while (-not (Test-Path -LiteralPath $opened) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Get-Content -LiteralPath $opened -Raw | Should -Be $helpUri
    }

    It 'documents every parameter' {
        foreach ($parameter in $Parameters) {
            $entry = @($help.Parameters.Parameter) | Where-Object Name -eq $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            ($entry.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}

Describe 'Parameter details' {
    It 'Connect-Signature365 takes the secret from the pipeline as an object (SecureString, PSCredential or string)' {
        $p = (Get-Command Connect-Signature365).Parameters['Secret']
        $p.ParameterType | Should -Be ([object])
        @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipeline }).Count | Should -Be 1
        @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }).Count | Should -Be 0 -Because 'a missing secret is prompted for without echo, not by the PowerShell prompt'
    }

    It 'Connect-Signature365 -ProxyCredential and Set-S365Directory -Credential are PSCredentials' {
        (Get-Command Connect-Signature365).Parameters['ProxyCredential'].ParameterType | Should -Be ([pscredential])
        (Get-Command Set-S365Directory).Parameters['Credential'].ParameterType | Should -Be ([pscredential])
    }

    It 'Set-S365Directory -Server is a mandatory string array' {
        $p = (Get-Command Set-S365Directory).Parameters['Server']
        $p.ParameterType | Should -Be ([string[]])
        $p.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Mandatory | Should -BeTrue
    }

    It 'Set-S365SyncScope has the All, Group and Edit (default) parameter sets' {
        $command = Get-Command Set-S365SyncScope
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('All', 'Edit', 'Group')
        $command.DefaultParameterSet | Should -Be 'Edit'
        $command.Parameters['All'].ParameterSets.Keys | Should -Be @('All')
        $command.Parameters['Group'].ParameterSets.Keys | Should -Be @('Group')
        foreach ($name in 'AddGroup', 'RemoveGroup', 'AddExcludeGroup', 'RemoveExcludeGroup') {
            $command.Parameters[$name].ParameterSets.Keys | Should -Be @('Edit')
            $command.Parameters[$name].ParameterType | Should -Be ([string[]])
            @($command.Parameters[$name].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
        }
    }

    It 'Set-S365Directory has the Locate (default: neither -Server nor -Domain), Server and Domain parameter sets' {
        $command = Get-Command Set-S365Directory
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('Domain', 'Locate', 'Server')
        $command.DefaultParameterSet | Should -Be 'Locate'
        $command.Parameters['Server'].ParameterSets.Keys | Should -Be @('Server')
        $command.Parameters['Domain'].ParameterSets.Keys | Should -Be @('Domain')
        $command.Parameters['Domain'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Mandatory | Should -BeTrue
        $command.Parameters['Domain'].ParameterType | Should -Be ([string])
    }

    It 'Set-S365SyncScope -SearchBase, -ExcludeGroup and -IncludeDisabled go with -All and -Group; -ExcludeGroup completes group names' {
        $command = Get-Command Set-S365SyncScope
        foreach ($name in 'SearchBase', 'ExcludeGroup', 'IncludeDisabled') {
            $command.Parameters[$name].ParameterSets.Keys | Should -Be @('__AllParameterSets')
        }
        $command.Parameters['SearchBase'].ParameterType | Should -Be ([string[]])
        $command.Parameters['ExcludeGroup'].ParameterType | Should -Be ([string[]])
        $command.Parameters['IncludeDisabled'].ParameterType | Should -Be ([switch])
        @($command.Parameters['ExcludeGroup'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
    }

    It 'Get-S365User takes -Identity (mandatory, position 0) from the pipeline' {
        $p = (Get-Command Get-S365User).Parameters['Identity']
        $attribute = $p.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
        $attribute.Mandatory | Should -BeTrue
        $attribute.Position | Should -Be 0
        $attribute.ValueFromPipeline | Should -BeTrue
        $p.ParameterType | Should -Be ([object[]])
    }

    It 'Set-S365AttributeMapping has the Set (default) and Reset parameter sets' {
        $command = Get-Command Set-S365AttributeMapping
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('Reset', 'Set')
        $command.DefaultParameterSet | Should -Be 'Set'
        $command.Parameters['Reset'].ParameterSets.Keys | Should -Be @('Reset')
        foreach ($name in 'CustomAttribute', 'FieldOverride', 'AllowUpnAsEmail', 'SkipTest') {
            $command.Parameters[$name].ParameterSets.Keys | Should -Be @('Set')
        }
        { Set-S365AttributeMapping -Reset -AllowUpnAsEmail } | Should -Throw -ErrorId 'AmbiguousParameterSet,Set-S365AttributeMapping'
    }

    It 'Set-S365SyncScope -Group takes whole objects and strings from the pipeline, with a completer' {
        $p = (Get-Command Set-S365SyncScope).Parameters['Group']
        $p.ParameterType | Should -Be ([object[]])
        @($p.Aliases) | Should -Be @('ObjectGUID', 'DistinguishedName', 'Name')
        $attribute = $p.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
        $attribute.ValueFromPipeline | Should -BeTrue
        $attribute.ValueFromPipelineByPropertyName | Should -BeFalse
        @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
    }

    It 'completes group names for <Line> through the private Complete-S365GroupName' -ForEach @(
        @{ Line = 'Get-S365Group -Name Sal' }
        @{ Line = 'Set-S365SyncScope -Group Sal' }
        @{ Line = 'Set-S365SyncScope -All -ExcludeGroup Sal' }
        @{ Line = 'Set-S365SyncScope -AddGroup Sal' }
        @{ Line = 'Set-S365SyncScope -RemoveExcludeGroup Sal' }
    ) {
        Mock -ModuleName S365ADConnector Complete-S365GroupName {
            New-Object System.Management.Automation.CompletionResult("$WordToComplete-completed", 'x', 'ParameterValue', [string]$FakeBoundParameters.Count)
        }
        $completion = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @('Sal-completed')
        Should -Invoke -ModuleName S365ADConnector Complete-S365GroupName -Times 1 -Exactly -ParameterFilter { $WordToComplete -eq 'Sal' -and $null -ne $FakeBoundParameters }
    }

    It 'Start-S365Sync has ConfirmImpact High (it only matters for the deletion guard)' {
        $binding = (Get-Command Start-S365Sync).ScriptBlock.Attributes | Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
        $binding.ConfirmImpact | Should -Be 'High'
    }

    It 'Start-S365Sync -AllowRemovals is a non-negative integer' {
        $p = (Get-Command Start-S365Sync).Parameters['AllowRemovals']
        $p.ParameterType | Should -Be ([int])
        { Start-S365Sync -AllowRemovals -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Start-S365Sync'
    }

    It 'Set-S365SyncSetting takes each setting from the pipeline by property name, within the protocol ranges' {
        $command = Get-Command Set-S365SyncSetting
        foreach ($name in 'MaxRemovals', 'MaxRemovalPercent', 'RemovalGuardMinCount', 'FullSyncAfterDays', 'MaxRejectedPercent', 'ApiConcurrency') {
            $attribute = $command.Parameters[$name].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0]
            $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
            $attribute.Mandatory | Should -BeFalse
        }
        $command.Parameters['MaxRemovals'].ParameterType | Should -Be ([int])
        $command.Parameters['FullSyncAfterDays'].ParameterType | Should -Be ([int])
        $command.Parameters['MaxRemovalPercent'].ParameterType | Should -Be ([double])
        $command.Parameters['RemovalGuardMinCount'].ParameterType | Should -Be ([int])
        { Set-S365SyncSetting -RemovalGuardMinCount -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        { Set-S365SyncSetting -MaxRemovals -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        { Set-S365SyncSetting -MaxRemovalPercent 100.5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        { Set-S365SyncSetting -FullSyncAfterDays 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        { Set-S365SyncSetting -FullSyncAfterDays 366 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        { Set-S365SyncSetting -MaxRejectedPercent -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        $command.Parameters['ApiConcurrency'].ParameterType | Should -Be ([int])
        { Set-S365SyncSetting -ApiConcurrency 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
        { Set-S365SyncSetting -ApiConcurrency 17 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-S365SyncSetting'
    }

    It 'Register-S365SyncTask runs every 30 minutes by default' {
        $ast = (Get-Command Register-S365SyncTask).ScriptBlock.Ast
        $parameter = $ast.Body.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'IntervalMinutes' }
        $parameter.DefaultValue.Value | Should -Be 30
    }
}
