<#
.SYNOPSIS
Runs one Signature 365 sync for schedulers and RMM tools, and exits with the agent's exit code.

.DESCRIPTION
Imports the S365ADConnector module from this script's own folder, runs Start-S365Sync, writes one summary
line to standard output, appends it (with the time, and any warning of the run) to the run log
logs\sync-runs.log of the configuration directory, and exits with the agent's exit code:

  0 success                      4 directory error / unreachable
  1 unexpected failure (a bug)   5 Signature 365 API error / unreachable
  2 bad request / not configured 6 deletion guard tripped (review, then -AllowRemovals once)
  3 secret refused / disabled    7 another sync is running (retry later)
  6 also: the plan file is stale (PLAN_STALE)

Never prompts: when the deletion guard trips it exits with 6.

A scheduled task throws its output away, so the run log keeps it: one line a run, such as
  2026-12-02T07:30:00Z S365 sync failed: LOCKED (exit 7): Another sync is running ...
Get-S365SyncTask reads the last one. Past 5 MB the log moves to sync-runs.log.1. A log that cannot be
written adds a line saying so to the output; the exit code stays the sync's.

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

.PARAMETER LogPath
The run log to append to. Default: logs\sync-runs.log in the configuration directory.

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
    [string] $PlanFile,
    [string] $LogPath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$exitCode = 1
$lines = New-Object System.Collections.Generic.List[string]
$module = $null
try {
    $module = Import-Module -Name (Join-Path $PSScriptRoot 'S365ADConnector.psd1') -Force -ErrorAction Stop -PassThru
    $syncParams = @{ PassThru = $true; Confirm = $false }
    if ($ConfigDir) { $syncParams['ConfigDir'] = $ConfigDir }
    if ($Full) { $syncParams['Full'] = $true }
    if ($AllowRemovals -ge 0) { $syncParams['AllowRemovals'] = $AllowRemovals }
    if ($DryRun) { $syncParams['WhatIf'] = $true }
    if ($PlanFile) { $syncParams['PlanFile'] = $PlanFile }
    $warnings = @()
    $run = Start-S365Sync @syncParams -WarningVariable warnings -WarningAction SilentlyContinue
    $exitCode = 0
    $lines.Add('S365 sync: ' + $run.ToString())
    foreach ($warning in $warnings) { $lines.Add('S365 sync warning: ' + [string]$warning) }
} catch {
    $record = $_
    $code = $record.Exception.Data['ExitCode']
    if ($null -eq $code) { $code = 1 }
    $exitCode = [int]$code
    $id = $record.Exception.Data['Code']
    if (-not $id) { $id = $record.FullyQualifiedErrorId }
    $lines.Add(('S365 sync failed: {0} (exit {1}): {2}' -f $id, $exitCode, ($record.Exception.Message -replace '\s*[\r\n]+\s*', ' ')))
}
Write-Output $lines[0]
if ($module) {
    try {
        & $module {
            param($ConfigDir, $LogPath, $Lines)
            if (-not $LogPath) { $LogPath = Get-S365SyncLogPath -ConfigDir $ConfigDir }
            Write-S365SyncLog -Path $LogPath -Line $Lines
        } $ConfigDir $LogPath $lines.ToArray()
    } catch {
        Write-Output ('S365 sync: the run log could not be written: ' + $_.Exception.Message)
    }
}
exit $exitCode
