function Register-S365SyncTask {
    <#
    .SYNOPSIS
    Registers a Windows scheduled task that runs the Signature 365 sync every N minutes.

    .DESCRIPTION
    Register-S365SyncTask creates (or with -Force replaces) a scheduled task that runs
    powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <module>\Invoke-S365Sync.ps1
    every -IntervalMinutes minutes (default 30) with a random start delay, as SYSTEM or as a group managed
    service account. A new run is never started while one is still running (MultipleInstances IgnoreNew),
    and a run is stopped after -ExecutionTimeLimit. One line, so Group Policy or an RMM tool can deploy it.

    It also registers the Event Log source 'S365 AD Connector' in the Application log (once), under which the
    agent writes its run events (IDs in about_S365ADConnector): registering it needs an administrator, as
    registering the task does.

    The task runs the module from the folder it is installed in: install it where the task's account can
    read it (e.g. C:\Program Files\WindowsPowerShell\Modules). The configuration directory is restricted by
    the agent to SYSTEM and Administrators; with -GroupManagedServiceAccount the command gives the agent the
    gMSA's SID (the agent's set-service-account), and the agent admits it too, with modify rights, in the
    configuration directory and the bridge's runtime folders. Without it, no service account is admitted
    (one stored by an earlier registration is removed).

    Windows only: on other systems the command fails with the error id PLATFORM_NOT_SUPPORTED (use cron or
    a systemd timer to run Invoke-S365Sync.ps1 there).

    .PARAMETER IntervalMinutes
    Minutes between two runs, 5 to 1440. Default 30.

    .PARAMETER GroupManagedServiceAccount
    Runs the task as this gMSA (DOMAIN\name$) instead of SYSTEM. The computer must be allowed to retrieve
    its password (Install-ADServiceAccount) and the account needs "Log on as a batch job".

    .PARAMETER RandomDelayMinutes
    Up to this many minutes of random delay before each run, so many servers do not start at once.
    0 to 60, default 5.

    .PARAMETER ExecutionTimeLimit
    How long one run may take before Task Scheduler stops it. Default 2 hours.

    .PARAMETER TaskName
    Name of the task. Default 'S365 AD Sync'.

    .PARAMETER TaskPath
    Task Scheduler folder of the task. Default '\Signature365\'.

    .PARAMETER Force
    Replaces an existing task of the same name.

    .PARAMETER ConfigDir
    Configuration directory the task syncs with (passed to Invoke-S365Sync.ps1). Default: the agent's
    default (%ProgramData%\Signature365\ADConnector).

    .PARAMETER WhatIf
    Shows the task that would be registered without registering it.

    .PARAMETER Confirm
    Asks for confirmation before registering the task.

    .INPUTS
    None

    .OUTPUTS
    Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask
    The registered task.

    .EXAMPLE
    PS C:\> Register-S365SyncTask

    Syncs every 30 minutes as SYSTEM.

    .EXAMPLE
    PS C:\> Register-S365SyncTask -IntervalMinutes 60 -GroupManagedServiceAccount 'CONTOSO\gmsa-s365$'

    Syncs every hour as a group managed service account.

    .EXAMPLE
    PS C:\> powershell.exe -NoProfile -Command "Import-Module S365ADConnector; Register-S365SyncTask -Force"

    The one line to deploy (or redeploy) the task from Group Policy or an RMM tool.

    .LINK
    Unregister-S365SyncTask

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask')]
    param(
        [ValidateRange(5, 1440)]
        [int] $IntervalMinutes = 30,

        [ValidatePattern('^[^\\]+\\[^\\]+\$$')]
        [string] $GroupManagedServiceAccount,

        [ValidateRange(0, 60)]
        [int] $RandomDelayMinutes = 5,

        [ValidateScript({ $_ -gt [TimeSpan]::Zero })]
        [TimeSpan] $ExecutionTimeLimit = (New-TimeSpan -Hours 2),

        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'S365 AD Sync',

        [ValidatePattern('^\\')]
        [string] $TaskPath = '\Signature365\',

        [switch] $Force,

        [string] $ConfigDir
    )

    if (-not (Test-S365IsWindows)) {
        $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'PLATFORM_NOT_SUPPORTED' -TargetObject $TaskName `
                    -Message 'Scheduled tasks are Windows only. Elsewhere run Invoke-S365Sync.ps1 from cron or a systemd timer.'))
    }
    if (-not $TaskPath.EndsWith('\')) { $TaskPath += '\' }

    $configArg = $null
    if ($ConfigDir) { $configArg = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ConfigDir) }
    $xmlParams = @{
        IntervalMinutes            = $IntervalMinutes
        GroupManagedServiceAccount = $GroupManagedServiceAccount
        RandomDelayMinutes         = $RandomDelayMinutes
        ExecutionTimeLimit         = $ExecutionTimeLimit
        ConfigDir                  = $configArg
        TaskUri                    = $TaskPath + $TaskName
    }
    $xml = New-S365SyncTaskXml @xmlParams

    $runAs = 'SYSTEM'
    if ($GroupManagedServiceAccount) { $runAs = $GroupManagedServiceAccount }
    $action = 'Register a scheduled task running the Signature 365 sync every {0} minutes as {1}' -f $IntervalMinutes, $runAs
    if (-not $PSCmdlet.ShouldProcess($TaskPath + $TaskName, $action)) { return }

    # The agent's run events go to the Application log under its source, which only an administrator may
    # register: done here, before the task, so a task never runs without it.
    try {
        $null = Register-S365EventSource
    } catch {
        $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'TASK_REGISTRATION_FAILED' -TargetObject ($TaskPath + $TaskName) `
                    -Message ("Could not register the Event Log source 'S365 AD Connector' (run as an administrator); the task was not registered: {0}" -f $_.Exception.Message)))
    }
    # The configuration directory's ACL (set by the agent) admits SYSTEM and Administrators, and the task's
    # service account when it is a gMSA, by SID: told to the agent here, before the task can run.
    $sid = $null
    if ($GroupManagedServiceAccount) {
        try {
            $sid = Resolve-S365AccountSid -Name $GroupManagedServiceAccount
        } catch {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'TASK_REGISTRATION_FAILED' -TargetObject ($TaskPath + $TaskName) `
                        -Message ("The account '{0}' was not found (Install-ADServiceAccount, and the name as DOMAIN
ame`$); the task was not registered: {1}" -f $GroupManagedServiceAccount, $_.Exception.Message)))
        }
    }
    $null = Set-S365ServiceAccount -Sid $sid -ConfigDir $configArg -Cmdlet $PSCmdlet
    try {
        Register-ScheduledTask -Xml $xml -TaskName $TaskName -TaskPath $TaskPath -Force:$Force -ErrorAction Stop
    } catch {
        $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'TASK_REGISTRATION_FAILED' -TargetObject ($TaskPath + $TaskName) `
                    -Message ("Could not register the scheduled task '{0}{1}': {2}" -f $TaskPath, $TaskName, $_.Exception.Message)))
    }
}
