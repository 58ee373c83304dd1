function Unregister-S365SyncTask {
    <#
    .SYNOPSIS
    Removes the scheduled task created by Register-S365SyncTask.

    .DESCRIPTION
    Unregister-S365SyncTask deletes the Signature 365 sync scheduled task. The configuration and the sync
    state are kept. Windows only: elsewhere it fails with the error id PLATFORM_NOT_SUPPORTED.

    .PARAMETER TaskName
    Name of the task. Default 'S365 AD Sync'.

    .PARAMETER TaskPath
    Task Scheduler folder of the task. Default '\Signature365\'.

    .PARAMETER WhatIf
    Shows what would be removed without removing it.

    .PARAMETER Confirm
    Asks for confirmation before removing the task.

    .INPUTS
    None

    .OUTPUTS
    None

    .EXAMPLE
    PS C:\> Unregister-S365SyncTask

    Removes the sync task.

    .EXAMPLE
    PS C:\> Unregister-S365SyncTask -TaskName 'S365 AD Sync (test)' -Confirm:$false

    Removes a task registered under another name without asking.

    .EXAMPLE
    PS C:\> Unregister-S365SyncTask -WhatIf

    Shows which task would be removed.

    .LINK
    Register-S365SyncTask
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType([void])]
    param(
        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'S365 AD Sync',

        [ValidatePattern('^\\')]
        [string] $TaskPath = '\Signature365\'
    )

    $found = Find-S365SyncTask -Cmdlet $PSCmdlet -TaskName $TaskName -TaskPath $TaskPath
    $TaskPath = $found.TaskPath
    if (-not $PSCmdlet.ShouldProcess($TaskPath + $TaskName, 'Remove the Signature 365 sync scheduled task')) { return }
    try {
        Unregister-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Confirm:$false -ErrorAction Stop
    } catch {
        $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'TASK_REMOVAL_FAILED' -TargetObject ($TaskPath + $TaskName) `
                    -Message ("Could not remove the scheduled task '{0}{1}': {2}" -f $TaskPath, $TaskName, $_.Exception.Message)))
    }
}
