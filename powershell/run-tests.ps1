<#
.SYNOPSIS
Runs the Pester tests of the S365ADConnector module and prints "Pester: N passed, N failed, N skipped".

.DESCRIPTION
Unit tests always run. Integration tests (tag Integration) drive the real module against the real core
(dist/cli.js via S365_AGENT_NODE_SCRIPT), the API emulator (dist/emulator/main.js) and the Samba test
domain, whose env file is $env:S365_TEST_DC_ENV (default <repo>/.run/test-dc/env, written by
build/test-dc.sh start). When a prerequisite is missing the integration tests are skipped with a message,
except when $env:CI is set: then they fail.

Tests/ScriptAnalyzer.Tests.ps1 runs PSScriptAnalyzer from $env:S365_PSSCRIPTANALYZER (its .psd1), else
<repo>/../shared/tools/PSScriptAnalyzer/PSScriptAnalyzer.psd1, with the same rule: skipped by name with the
reason when it is missing, failed when $env:CI is set.

Exit code: 0 when everything passed, otherwise the number of failures (at most 255).

.PARAMETER Tag
Runs only tests with these tags (e.g. Integration).

.PARAMETER ExcludeTag
Skips tests with these tags (e.g. Integration for a quick unit run).

.PARAMETER TestResultPath
Also writes NUnit XML results to this file.

.EXAMPLE
pwsh -NoProfile -File powershell/run-tests.ps1

.EXAMPLE
pwsh -NoProfile -File powershell/run-tests.ps1 -ExcludeTag Integration
#>
[CmdletBinding()]
param(
    [string[]] $Tag,
    [string[]] $ExcludeTag,
    [string] $TestResultPath
)

$ErrorActionPreference = 'Stop'
Import-Module Pester -MinimumVersion 5.7.1 -ErrorAction Stop
$repoRoot = Split-Path -Parent $PSScriptRoot
$testsPath = Join-Path (Join-Path $PSScriptRoot 'S365ADConnector') 'Tests'

# Integration prerequisites, reported here once (the test file applies the same rule: skip, or fail on CI).
$dcEnv = $env:S365_TEST_DC_ENV
if (-not $dcEnv) { $dcEnv = Join-Path (Join-Path (Join-Path $repoRoot '.run') 'test-dc') 'env' }
$missing = @()
if (-not (Test-Path -LiteralPath $dcEnv -PathType Leaf)) { $missing += "test DC env file $dcEnv (run build/test-dc.sh start, or set S365_TEST_DC_ENV)" }
if (-not (Test-Path -LiteralPath (Join-Path (Join-Path $repoRoot 'dist') 'cli.js'))) { $missing += 'dist/cli.js (run npm run build)' }
if (-not (Test-Path -LiteralPath (Join-Path (Join-Path (Join-Path $repoRoot 'dist') 'emulator') 'main.js'))) { $missing += 'dist/emulator/main.js (run npm run build)' }
if (-not (Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) { $missing += 'node on PATH' }
$runsIntegration = -not ($ExcludeTag -contains 'Integration') -and (-not $Tag -or $Tag -contains 'Integration')
if ($runsIntegration -and $missing.Count -gt 0) {
    if ($env:CI) {
        Write-Host ("Integration prerequisites missing (CI is set, so the integration tests FAIL): {0}" -f ($missing -join '; ')) -ForegroundColor Red
    } else {
        Write-Host ("Integration tests SKIPPED, missing: {0}" -f ($missing -join '; ')) -ForegroundColor Yellow
    }
}

$config = New-PesterConfiguration
$config.Run.Path = $testsPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
if ($Tag) { $config.Filter.Tag = $Tag }
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
if ($TestResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = $TestResultPath
}

$result = Invoke-Pester -Configuration $config
$failed = [int]$result.FailedCount
if ($failed -eq 0 -and $result.Result -ne 'Passed') {
    # A failed BeforeAll/AfterAll or a file that could not run counts as a failure too.
    $failed = [int]$result.FailedBlocksCount + [int]$result.FailedContainersCount
    if ($failed -eq 0) { $failed = 1 }
}
Write-Host ''
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $failed, $result.SkippedCount)
exit ([Math]::Min($failed, 255))
