#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# PSScriptAnalyzer over the module with the settings of powershell/PSScriptAnalyzerSettings.psd1: zero
# findings in what ships (everything but Tests/); the findings in Tests/ are printed for information.
#
# The analyzer is not in the repo: $env:S365_PSSCRIPTANALYZER (its .psd1), else
# <repo>/../shared/tools/PSScriptAnalyzer/PSScriptAnalyzer.psd1 (where CI has it). When it is missing or
# does not load (the build there needs PowerShell 7.4+), the tests say so and are skipped, except when
# $env:CI is set: then they fail, so that CI never passes without linting.

BeforeAll {
    $script:moduleRoot = Split-Path -Parent $PSScriptRoot
    $repoRoot = Split-Path -Parent (Split-Path -Parent $moduleRoot)
    $script:settingsPath = Join-Path (Join-Path $repoRoot 'powershell') 'PSScriptAnalyzerSettings.psd1'
    $analyzerPath = $env:S365_PSSCRIPTANALYZER
    if (-not $analyzerPath) {
        $analyzerPath = Join-Path $repoRoot '../shared/tools/PSScriptAnalyzer/PSScriptAnalyzer.psd1'
    }
    $analyzerPath = [System.IO.Path]::GetFullPath($analyzerPath)

    $script:skipReason = $null
    if (-not (Test-Path -LiteralPath $analyzerPath -PathType Leaf)) {
        $script:skipReason = "PSScriptAnalyzer not found at $analyzerPath (set S365_PSSCRIPTANALYZER to its PSScriptAnalyzer.psd1)"
    } else {
        try {
            Import-Module -Name $analyzerPath -Force -ErrorAction Stop
        } catch {
            $script:skipReason = "PSScriptAnalyzer at $analyzerPath does not load in PowerShell $($PSVersionTable.PSVersion): $($_.Exception.Message)"
        }
    }

    # Skips the current test with the reason, or fails it when $env:CI is set. Returns $true when the test
    # must stop there.
    function Test-AnalyzerMissing {
        if (-not $script:skipReason) { return $false }
        if ($env:CI) { throw "CI is set and $($script:skipReason)" }
        Set-ItResult -Skipped -Because $script:skipReason
        return $true
    }

    # One line per finding: rule, file:line (relative to the module folder), message.
    function Format-Finding {
        param([object[]] $Finding)
        foreach ($f in $Finding) {
            $file = $f.ScriptPath
            if ($file -and $file.StartsWith($script:moduleRoot)) { $file = $file.Substring($script:moduleRoot.Length + 1) }
            '{0} {1}:{2} {3}' -f $f.RuleName, $file, $f.Line, $f.Message
        }
    }

    function Test-InTestsFolder {
        param([object] $Finding)
        $testsFolder = Join-Path $script:moduleRoot 'Tests'
        return ([string]$Finding.ScriptPath).StartsWith($testsFolder + [System.IO.Path]::DirectorySeparatorChar)
    }

    $script:shipped = @()
    $script:inTests = @()
    $script:suppressed = @()
    if (-not $script:skipReason) {
        # One run (the first one in a session costs a minute or two: the analyzer loads its command data).
        $all = @(Invoke-ScriptAnalyzer -Path $moduleRoot -Recurse -Settings $settingsPath -IncludeSuppressed)
        $suppressedType = [Microsoft.Windows.PowerShell.ScriptAnalyzer.Generic.SuppressedRecord]
        $script:suppressed = @($all | Where-Object { $_ -is $suppressedType -and -not (Test-InTestsFolder -Finding $_) })
        $findings = @($all | Where-Object { $_ -isnot $suppressedType })
        $script:shipped = @($findings | Where-Object { -not (Test-InTestsFolder -Finding $_) })
        $script:inTests = @($findings | Where-Object { Test-InTestsFolder -Finding $_ })
    }
}

AfterAll {
    Get-Module PSScriptAnalyzer | Remove-Module -Force
}

Describe 'PSScriptAnalyzer' {
    It 'has a settings file in the repo' {
        $settingsPath | Should -Exist
        { Import-PowerShellDataFile -Path $settingsPath } | Should -Not -Throw
    }

    It 'finds nothing in the shipped module (everything but Tests/)' {
        if (Test-AnalyzerMissing) { return }
        $lines = @(Format-Finding -Finding $shipped)
        foreach ($line in $lines) { Write-Host "  $line" -ForegroundColor Red }
        $lines | Should -BeNullOrEmpty -Because "PSScriptAnalyzer reported $($lines.Count) finding(s) in the shipped module (rule, file:line, message)"
    }

    It 'gives the justification of every in-code suppression in the shipped module' {
        if (Test-AnalyzerMissing) { return }
        foreach ($line in @(Format-Finding -Finding $suppressed)) { Write-Host "  suppressed: $line" }
        foreach ($s in $suppressed) {
            $justification = @($s.Suppression | ForEach-Object { $_.Justification }) -join ' '
            $justification | Should -Not -BeNullOrEmpty -Because "the suppression of $(Format-Finding -Finding $s) must say why"
        }
    }

    It 'reports the findings in Tests/ (information only)' {
        if (Test-AnalyzerMissing) { return }
        Write-Host ("  PSScriptAnalyzer in Tests/ (not counted): {0} finding(s)" -f $inTests.Count)
        foreach ($group in @($inTests | Group-Object -Property RuleName | Sort-Object -Property Count -Descending)) {
            Write-Host ("    {0,3} {1}" -f $group.Count, $group.Name)
        }
    }

    It 'detects what the settings are there for: <What>' -ForEach @(
        @{ What = 'syntax newer than Windows PowerShell 5.1'; Rule = 'PSUseCompatibleSyntax'; Code = 'function Get-S365Sample { param($Value) $Value ?? 1 }' }
        @{ What = 'a command Windows PowerShell 5.1 does not have'; Rule = 'PSUseCompatibleCmdlets'; Code = 'function Get-S365Sample { param($Value) $Value | Test-Json }' }
        @{ What = 'a default rule'; Rule = 'PSAvoidUsingCmdletAliases'; Code = 'function Get-S365Sample { param($Value) $Value | % { $_ } }' }
    ) {
        if (Test-AnalyzerMissing) { return }
        $found = @(Invoke-ScriptAnalyzer -ScriptDefinition $Code -Settings $settingsPath | ForEach-Object { $_.RuleName })
        $found | Should -Contain $Rule
    }
}
