function Invoke-S365SyncTaskChange {
    <#
    .SYNOPSIS
    Enables or disables the sync scheduled task (after Find-S365SyncTask and the caller's ShouldProcess):
    Enable-/Disable-ScheduledTask, TASK_CHANGE_FAILED (thrown through the calling cmdlet) when Task Scheduler
    refuses; with -PassThru the task as Get-S365SyncTask shows it.
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.SyncTask')]
    param(
        [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [Parameter(Mandatory = $true)] [bool] $Enable,
        [Parameter(Mandatory = $true)] [string] $TaskName,
        [Parameter(Mandatory = $true)] [string] $TaskPath,
        [switch] $PassThru
    )
    try {
        if ($Enable) {
            $null = Enable-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction Stop
        } else {
            $null = Disable-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction Stop
        }
    } catch {
        $Cmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'TASK_CHANGE_FAILED' -TargetObject ($TaskPath + $TaskName) `
                    -Message ("Could not {0} the scheduled task '{1}{2}': {3}" -f $(if ($Enable) { 'enable' } else { 'disable' }), $TaskPath, $TaskName, $_.Exception.Message)))
    }
    if ($PassThru) { Get-S365SyncTask -TaskName $TaskName -TaskPath $TaskPath }
}
