#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Manifest and layout of the S365ADConnector module.

BeforeDiscovery {
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    $publicFunctions = @(Get-ChildItem -Path (Join-Path $moduleRoot 'Public') -Filter '*.ps1' | ForEach-Object { @{ Name = $_.BaseName; Path = $_.FullName } })
    # ModuleState.ps1 holds the module-wide variables and no function; every other private file is one function.
    $privateFunctions = @(Get-ChildItem -Path (Join-Path $moduleRoot 'Private') -Filter '*.ps1' | Where-Object { $_.Name -ne 'ModuleState.ps1' } |
            ForEach-Object { @{ Name = $_.BaseName; Path = $_.FullName } })
}

BeforeAll {
    $script:moduleRoot = Split-Path -Parent $PSScriptRoot
    $script:manifestPath = Join-Path $moduleRoot 'S365ADConnector.psd1'
    $script:manifest = Import-PowerShellDataFile -Path $manifestPath
    $script:publicNames = @(Get-ChildItem -Path (Join-Path $moduleRoot 'Public') -Filter '*.ps1' | ForEach-Object BaseName | Sort-Object)
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module $manifestPath -Force
}

AfterAll {
    Get-Module S365ADConnector | Remove-Module -Force
}

Describe 'Module manifest' {
    It 'is a valid manifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'has a version and a fixed GUID' {
        [version]$manifest.ModuleVersion | Should -BeGreaterThan ([version]'0.0.0')
        $manifest.GUID | Should -Be '1f4d9a15-33b5-4670-9045-4ef3ffab00b9'
    }

    It 'targets Windows PowerShell 5.1 and PowerShell 7 (Desktop and Core)' {
        $manifest.PowerShellVersion | Should -Be '5.1'
        @($manifest.CompatiblePSEditions) | Sort-Object | Should -Be @('Core', 'Desktop')
    }

    It 'exports an explicit function list, never a wildcard' {
        $manifest.FunctionsToExport | Should -Not -BeNullOrEmpty
        foreach ($name in $manifest.FunctionsToExport) { $name | Should -Not -Match '[*?]' }
        foreach ($key in 'CmdletsToExport', 'VariablesToExport', 'AliasesToExport') {
            @($manifest[$key]).Count | Should -Be 0 -Because "$key must be empty"
        }
    }

    It 'exports exactly the functions of the Public folder' {
        @($manifest.FunctionsToExport | Sort-Object) | Should -Be $publicNames
    }

    It 'exports exactly those functions once imported' {
        @((Get-Module S365ADConnector).ExportedFunctions.Keys | Sort-Object) | Should -Be $publicNames
        @((Get-Module S365ADConnector).ExportedAliases.Keys).Count | Should -Be 0
        @((Get-Module S365ADConnector).ExportedVariables.Keys).Count | Should -Be 0
    }

    It 'loads the formats and types files, which exist and are well-formed XML' {
        $manifest.FormatsToProcess | Should -Be @('Formats/S365ADConnector.Format.ps1xml')
        $manifest.TypesToProcess | Should -Be @('Types/S365ADConnector.Types.ps1xml')
        foreach ($relative in @($manifest.FormatsToProcess) + @($manifest.TypesToProcess)) {
            $path = Join-Path $moduleRoot $relative
            $path | Should -Exist
            { [xml](Get-Content -LiteralPath $path -Raw) } | Should -Not -Throw
        }
    }

    It 'has a table view for every output type' {
        $formats = [xml](Get-Content -LiteralPath (Join-Path $moduleRoot 'Formats/S365ADConnector.Format.ps1xml') -Raw)
        $tableTypes = @($formats.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl } | ForEach-Object { $_.ViewSelectedBy.TypeName })
        foreach ($type in 'Connection', 'DisconnectResult', 'AuthResult', 'DirectoryConfiguration', 'SyncScope', 'ScopeGroup', 'Group', 'Configuration', 'SyncRun', 'SyncStatus', 'Rejection', 'SyncSettings', 'SyncWatermark',
            'UserExplanation', 'ScopeReason', 'DirectoryInfo', 'DomainController', 'AttributeMapping', 'MappedAttribute', 'SyncWarning', 'SetupResult') {
            $tableTypes | Should -Contain "S365ADConnector.$type"
        }
    }

    It 'has one HelpUri for Get-Help -Online, an https address (each command''s is checked in Commands.Tests.ps1)' {
        $manifest.PrivateData.HelpUri | Should -Match '^https://[^/\s]+/\S*$'
    }

    It 'has an about_S365ADConnector help topic' {
        $path = Join-Path $moduleRoot 'en-US/about_S365ADConnector.help.txt'
        $path | Should -Exist
        $text = Get-Content -LiteralPath $path -Raw
        $text | Should -Match 'about_S365ADConnector'
        $text | Should -Match 'Invoke-S365Sync\.ps1'
        $text | Should -Match 'LASTEXITCODE'
    }

    It 'ships the scheduler wrapper script Invoke-S365Sync.ps1 next to the manifest' {
        Join-Path $moduleRoot 'Invoke-S365Sync.ps1' | Should -Exist
    }
}

Describe 'Root module' {
    It 'only dot-sources the Private and Public files' {
        $path = Join-Path $moduleRoot 'S365ADConnector.psm1'
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$null, [ref]$null)
        $functions = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)
        @($functions).Count | Should -Be 0
        $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true))
        @($commands | Where-Object { $_.InvocationOperator -eq 'Dot' }).Count | Should -Be 1
        @($commands | Where-Object { $_.InvocationOperator -ne 'Dot' } | ForEach-Object { $_.GetCommandName() } | Sort-Object -Unique) | Should -Be @('Get-ChildItem', 'Join-Path')
    }
}

Describe 'Public function file <Name>' -ForEach $publicFunctions {
    It 'defines exactly one function, named after the file' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$null)
        $functions = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false))
        $functions.Count | Should -Be 1
        $functions[0].Name | Should -Be $Name
    }
}

Describe 'Private function file <Name>' -ForEach $privateFunctions {
    It 'defines exactly one function, named after the file, and nothing else' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$null)
        $functions = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false))
        $functions.Count | Should -Be 1
        $functions[0].Name | Should -Be $Name
        @($ast.EndBlock.Statements).Count | Should -Be 1 -Because 'a private file holds its function only (module state lives in ModuleState.ps1)'
    }
}

Describe 'Private module state file ModuleState.ps1' {
    It 'defines no function' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path (Join-Path $moduleRoot 'Private') 'ModuleState.ps1'), [ref]$null, [ref]$null)
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)).Count | Should -Be 0
    }
}
