<#
.SYNOPSIS
Runs one Signature 365 sync for schedulers and RMM tools, and exits with the agent's exit code.

.DESCRIPTION
Imports the S365ADConnector module from this script's own folder, runs Start-S365Sync, writes one summary
line to standard output and exits with the agent's exit code:

  0 success                      4 directory error / unreachable
  1 unexpected failure (a bug)   5 Signature 365 API error / unreachable
  2 bad request / not configured 6 deletion guard tripped (review, then -AllowRemovals once)
  3 secret refused / disabled    7 another sync is running (retry later)
  6 also: the plan file is stale (PLAN_STALE)

Never prompts: when the deletion guard trips it exits with 6.

  powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\Program Files\WindowsPowerShell\Modules\S365ADConnector\0.1.0\Invoke-S365Sync.ps1"
  echo %ERRORLEVEL%

With -Command, pass the exit code on explicitly:

  powershell.exe -NoProfile -NonInteractive -Command "& 'C:\...\Invoke-S365Sync.ps1'; exit $LASTEXITCODE"

.PARAMETER ConfigDir
Configuration directory of the agent. Default: $env:S365_CONFIG_DIR, else the agent's default.

.PARAMETER Full
Asks for a full sync.

.PARAMETER AllowRemovals
Accepts up to this many removals in this run (deletion guard override).

.PARAMETER DryRun
Computes everything and sends nothing (Start-S365Sync -WhatIf); the plan is written to -PlanFile or the
plans folder of the configuration directory.

.PARAMETER PlanFile
With -DryRun: where to write the plan. Without: a reviewed plan to apply exactly (exit 6, PLAN_STALE,
when it no longer matches).

.EXAMPLE
PS C:\> powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File .\Invoke-S365Sync.ps1 -ConfigDir D:\S365

Runs one sync with the configuration in D:\S365; the process exit code is the agent's.
#>
[CmdletBinding()]
param(
    [string] $ConfigDir,
    [switch] $Full,
    [ValidateRange(0, 2147483647)]
    [int] $AllowRemovals = -1,
    [switch] $DryRun,
    [string] $PlanFile
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$exitCode = 1
try {
    Import-Module -Name (Join-Path $PSScriptRoot 'S365ADConnector.psd1') -Force -ErrorAction Stop
    $syncParams = @{ PassThru = $true; Confirm = $false }
    if ($ConfigDir) { $syncParams['ConfigDir'] = $ConfigDir }
    if ($Full) { $syncParams['Full'] = $true }
    if ($AllowRemovals -ge 0) { $syncParams['AllowRemovals'] = $AllowRemovals }
    if ($DryRun) { $syncParams['WhatIf'] = $true }
    if ($PlanFile) { $syncParams['PlanFile'] = $PlanFile }
    $run = Start-S365Sync @syncParams
    $exitCode = 0
    Write-Output ('S365 sync: ' + $run.ToString())
} catch {
    $record = $_
    $code = $record.Exception.Data['ExitCode']
    if ($null -eq $code) { $code = 1 }
    $exitCode = [int]$code
    $id = $record.Exception.Data['Code']
    if (-not $id) { $id = $record.FullyQualifiedErrorId }
    Write-Output ('S365 sync failed: {0} (exit {1}): {2}' -f $id, $exitCode, ($record.Exception.Message -replace '\s*[\r\n]+\s*', ' '))
}
exit $exitCode
