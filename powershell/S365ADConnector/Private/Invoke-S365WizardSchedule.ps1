function Invoke-S365WizardSchedule {
    <#
    .SYNOPSIS
    Setup wizard, step 5: the scheduled sync. Asks for the interval (default 30 minutes, or -IntervalMinutes)
    and, on Windows, the account (SYSTEM, or a gMSA), then registers the task (Register-S365SyncTask). Off
    Windows Register-S365SyncTask raises PLATFORM_NOT_SUPPORTED: the wizard says so, shows the cron line to
    use instead, and goes on. Returns @{ Registered; IntervalMinutes; Account; Message }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [int] $IntervalMinutes,
        [string] $ConfigDir,
        [bool] $Interactive,
        [bool] $Force
    )
    Write-S365WizardLine ''
    Write-S365WizardLine 'Step 5 of 6: Schedule'
    $interval = $IntervalMinutes
    if ($interval -le 0) { $interval = 30 }
    $account = ''
    if ($Interactive) {
        $answer = ''
        while ($answer -notmatch '^\d+$' -or [int]$answer -lt 1 -or [int]$answer -gt 1440) {
            $answer = Read-S365WizardAnswer -Prompt '  Sync every how many minutes (1..1440)' -Default ([string]$interval)
        }
        $interval = [int]$answer
        if (Test-S365IsWindows) {
            $account = Read-S365WizardAnswer -Prompt '  Run as (Enter: SYSTEM; or a gMSA, DOMAIN\name$)'
        }
    }
    $register = @{ IntervalMinutes = $interval; Confirm = $false; Force = $Force }
    if ($ConfigDir) { $register['ConfigDir'] = $ConfigDir }
    if ($account) { $register['GroupManagedServiceAccount'] = $account }
    $who = 'SYSTEM'
    if ($account) { $who = $account }
    try {
        $null = Register-S365SyncTask @register -ErrorAction Stop
    } catch {
        if ([string]$_.Exception.Data['Code'] -ne 'PLATFORM_NOT_SUPPORTED') { throw }
        $script = Join-Path $script:ModuleRoot 'Invoke-S365Sync.ps1'
        if ($ConfigDir) { $script = "{0} -ConfigDir {1}" -f $script, $ConfigDir }
        Write-S365WizardLine '  Not scheduled: scheduled tasks are Windows only (PLATFORM_NOT_SUPPORTED). Run the sync from'
        # cron's minute field stops at 59: whole hours go in the hour field, anything else wants a systemd timer.
        if ($interval -lt 60) {
            $when = '*/{0} * * * *' -f $interval
        } elseif ($interval % 60 -eq 0) {
            $when = '0 */{0} * * *' -f ($interval / 60)
        } else {
            $when = $null
        }
        if ($when) {
            Write-S365WizardLine ('  cron or a systemd timer instead, e.g.: {0} pwsh -NoProfile -NonInteractive -File {1}' -f $when, $script)
        } else {
            Write-S365WizardLine ('  cron or a systemd timer instead, e.g. a timer with OnUnitActiveSec={0}min running: pwsh -NoProfile -NonInteractive -File {1}' -f $interval, $script)
        }
        return @{ Registered = $false; IntervalMinutes = $interval; Account = ''; Message = 'not scheduled (PLATFORM_NOT_SUPPORTED)' }
    }
    Write-S365WizardLine ('  Scheduled: every {0} minutes as {1}.' -f $interval, $who)
    return @{ Registered = $true; IntervalMinutes = $interval; Account = $who; Message = ('every {0} minutes as {1}' -f $interval, $who) }
}
