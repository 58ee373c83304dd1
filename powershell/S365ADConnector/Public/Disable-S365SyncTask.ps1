function Disable-S365SyncTask {
    <#
    .SYNOPSIS
    Pauses the Signature 365 sync: disables its scheduled task without removing it.

    .DESCRIPTION
    Disable-S365SyncTask disables the scheduled task of Register-S365SyncTask, so no scheduled sync runs
    until Enable-S365SyncTask; its settings (interval, account) are kept. A sync already running is not
    stopped. Start-S365Sync still works by hand.

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
    PS C:\> Disable-S365SyncTask -PassThru

    Disables the sync task (pauses the scheduled syncs) and shows it.

    .EXAMPLE
    PS C:\> Disable-S365SyncTask -WhatIf

    Shows what would change, without changing it.

    .EXAMPLE
    PS C:\> Disable-S365SyncTask -Confirm:$false; Set-S365SyncScope -AddGroup Marketing; Start-S365Sync -WhatIf

    Pauses the scheduled syncs while the scope is changed and checked with a dry run.

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
    if (-not $PSCmdlet.ShouldProcess($found.Target, 'Disable the Signature 365 sync scheduled task (no scheduled sync runs until it is enabled)')) { return }
    Invoke-S365SyncTaskChange -Cmdlet $PSCmdlet -Enable $false -TaskName $TaskName -TaskPath $found.TaskPath -PassThru:$PassThru
}
