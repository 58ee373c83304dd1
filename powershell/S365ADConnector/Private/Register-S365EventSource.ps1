function Register-S365EventSource {
    <#
    .SYNOPSIS
    Registers the agent's Event Log source in the Application log, once (needs an administrator).

    .DESCRIPTION
    The agent writes its run events (docs/protocol.md#events) under this source but never registers it
    itself: registering needs an administrator, the scheduled runs do not have to be one. Returns $true when
    the source was new, $false when it was already there. The name is the agent's EVENT_SOURCE
    (src/platform/events.ts); Tests/ScheduledTask.Tests.ps1 checks that the two agree.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [string] $Source = 'S365 AD Connector',
        [string] $LogName = 'Application'
    )
    if ([System.Diagnostics.EventLog]::SourceExists($Source)) { return $false }
    [System.Diagnostics.EventLog]::CreateEventSource((New-Object System.Diagnostics.EventSourceCreationData($Source, $LogName)))
    return $true
}
