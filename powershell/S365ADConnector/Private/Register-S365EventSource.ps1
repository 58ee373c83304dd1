function Register-S365EventSource {
    <#
    .SYNOPSIS
    Registers the agent's Event Log source in the Application log, once (needs an administrator).

    .DESCRIPTION
    The agent writes its run events (docs/protocol.md#events) under this source but never registers it
    itself: registering needs an administrator, the scheduled runs do not have to be one. Returns $true when
    the source was new, $false when it was already there. The name is the agent's EVENT_SOURCE
    (src/platform/events.ts); Tests/ScheduledTask.Tests.ps1 checks that the two agree. The message file is
    the .NET Framework's EventLogMessages.dll whatever PowerShell runs this, else the runtime's own
    (Get-S365EventSourceSetting).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [string] $Source = 'S365 AD Connector',
        [string] $LogName = 'Application'
    )
    if ([System.Diagnostics.EventLog]::SourceExists($Source)) { return $false }
    $setting = Get-S365EventSourceSetting -Source $Source -LogName $LogName
    $data = New-Object System.Diagnostics.EventSourceCreationData($setting.Source, $setting.LogName)
    if ($setting.MessageResourceFile) { $data.MessageResourceFile = $setting.MessageResourceFile }
    [System.Diagnostics.EventLog]::CreateEventSource($data)
    return $true
}
