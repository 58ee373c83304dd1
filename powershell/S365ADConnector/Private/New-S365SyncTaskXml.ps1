function New-S365SyncTaskXml {
    <#
    .SYNOPSIS
    The Task Scheduler XML (schema 1.2) of the scheduled sync task.
    .DESCRIPTION
    A time trigger repeating every -IntervalMinutes forever with a random start delay; runs as SYSTEM
    (S-1-5-18) or as a group managed service account (LogonType Password: Windows fetches the gMSA
    password itself); MultipleInstancesPolicy IgnoreNew so a long sync is never started twice; an
    ExecutionTimeLimit; the action runs Windows PowerShell on Invoke-S365Sync.ps1 of this module.
    Pure string building, so it is testable on any OS.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'Builds the task XML as a string and returns it; Register-S365SyncTask, which registers it, supports ShouldProcess.')]
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [ValidateRange(1, 1440)]
        [int] $IntervalMinutes = 30,

        [AllowEmptyString()]
        [string] $GroupManagedServiceAccount,

        [ValidateRange(0, 1440)]
        [int] $RandomDelayMinutes = 5,

        [TimeSpan] $ExecutionTimeLimit = (New-TimeSpan -Hours 2),

        [string] $ScriptPath = (Join-Path $script:ModuleRoot 'Invoke-S365Sync.ps1'),

        [AllowEmptyString()]
        [string] $ConfigDir,

        [string] $TaskUri = '\Signature365\S365 AD Sync',

        [datetime] $StartBoundary = [datetime]::Today,

        [string] $PowerShellPath = '%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe'
    )

    $esc = { param($text) [System.Security.SecurityElement]::Escape([string]$text) }
    $duration = { param([TimeSpan] $span) [System.Xml.XmlConvert]::ToString($span) }

    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "{0}"' -f $ScriptPath
    if ($ConfigDir) { $arguments += (' -ConfigDir "{0}"' -f $ConfigDir.TrimEnd('\')) }

    if ($GroupManagedServiceAccount) {
        if (-not $GroupManagedServiceAccount.EndsWith('$')) {
            throw (New-Object System.ArgumentException("A group managed service account name ends with '$' (e.g. CONTOSO\gmsa-s365$): '$GroupManagedServiceAccount'.", 'GroupManagedServiceAccount'))
        }
        $principal = @"
    <Principal id="Author">
      <UserId>$(& $esc $GroupManagedServiceAccount)</UserId>
      <LogonType>Password</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
"@
        $runAs = $GroupManagedServiceAccount
    } else {
        $principal = @"
    <Principal id="Author">
      <UserId>S-1-5-18</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
"@
        $runAs = 'SYSTEM'
    }

    $randomDelay = ''
    if ($RandomDelayMinutes -gt 0) {
        $randomDelay = "`n      <RandomDelay>$(& $duration ([TimeSpan]::FromMinutes($RandomDelayMinutes)))</RandomDelay>"
    }
    $description = 'Synchronizes Active Directory users to Signature 365 every {0} minutes as {1} (S365ADConnector module).' -f $IntervalMinutes, $runAs
    $workingDirectory = Split-Path -Parent $ScriptPath

    $xml = @"
<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>S365ADConnector</Author>
    <Description>$(& $esc $description)</Description>
    <URI>$(& $esc $TaskUri)</URI>
  </RegistrationInfo>
  <Triggers>
    <TimeTrigger>
      <Repetition>
        <Interval>$(& $duration ([TimeSpan]::FromMinutes($IntervalMinutes)))</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
      <StartBoundary>$($StartBoundary.ToString('yyyy-MM-ddTHH:mm:ss', [Globalization.CultureInfo]::InvariantCulture))</StartBoundary>
      <Enabled>true</Enabled>$randomDelay
    </TimeTrigger>
  </Triggers>
  <Principals>
$principal
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>$(& $duration $ExecutionTimeLimit)</ExecutionTimeLimit>
    <Priority>7</Priority>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>$(& $esc $PowerShellPath)</Command>
      <Arguments>$(& $esc $arguments)</Arguments>
      <WorkingDirectory>$(& $esc $workingDirectory)</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"@
    # Fail here rather than in Task Scheduler if something made the document malformed.
    $null = [xml]$xml
    return $xml
}
