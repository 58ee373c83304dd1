function Enable-S365SyncTask {
    <#
    .SYNOPSIS
    Enables the Signature 365 sync scheduled task again, so scheduled syncs run.

    .DESCRIPTION
    Enable-S365SyncTask turns the scheduled task of Register-S365SyncTask back on after Disable-S365SyncTask;
    the next run is at its next scheduled time (Get-S365SyncTask shows NextRunTime).

    Windows only: elsewhere it fails with PLATFORM_NOT_SUPPORTED. A task that is not registered fails with
    TASK_NOT_FOUND; one Task Scheduler refuses to change with TASK_CHANGE_FAILED.

    .PARAMETER TaskName
    Name of the task. Default 'S365 AD Sync'.

    .PARAMETER TaskPath
    Folder of the task in Task Scheduler. Default '\Signature365\'.

    .PARAMETER PassThru
    Returns the task as Get-S365SyncTask shows it. By default there is no output.

    .PARAMETER WhatIf
    Shows what would change without changing it.

    .PARAMETER Confirm
    Asks for confirmation before changing the task.

    .INPUTS
    None

    .OUTPUTS
    None, or S365ADConnector.SyncTask with -PassThru.

    .EXAMPLE
    PS C:\> Enable-S365SyncTask -PassThru

    Enables the sync task and shows it.

    .EXAMPLE
    PS C:\> Enable-S365SyncTask -WhatIf

    Shows what would change, without changing it.

    .EXAMPLE
    PS C:\> Invoke-Command -ComputerName (Get-Content servers.txt) { Enable-S365SyncTask -Confirm:$false }

    Resumes the scheduled syncs on many servers without prompting.

    .LINK
    Get-S365SyncTask
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncTask')]
    param(
        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'S365 AD Sync',

        [ValidatePattern('^\\')]
        [string] $TaskPath = '\Signature365\',

        [switch] $PassThru
    )
    $found = Find-S365SyncTask -Cmdlet $PSCmdlet -TaskName $TaskName -TaskPath $TaskPath
    if (-not $PSCmdlet.ShouldProcess($found.Target, 'Enable the Signature 365 sync scheduled task (scheduled syncs run again)')) { return }
    Invoke-S365SyncTaskChange -Cmdlet $PSCmdlet -Enable $true -TaskName $TaskName -TaskPath $found.TaskPath -PassThru:$PassThru
}
