function Find-S365SyncTask {
    <#
    .SYNOPSIS
    The registered sync task to change, for Enable-/Disable-/Unregister-S365SyncTask: PLATFORM_NOT_SUPPORTED off Windows,
    TASK_NOT_FOUND when it is not registered (both thrown through the calling cmdlet). Returns TaskPath (with
    its trailing \) and Target (path + name, for ShouldProcess and errors).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [Parameter(Mandatory = $true)] [string] $TaskName,
        [Parameter(Mandatory = $true)] [string] $TaskPath
    )
    if (-not (Test-S365IsWindows)) {
        $Cmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'PLATFORM_NOT_SUPPORTED' -TargetObject $TaskName -Message 'Scheduled tasks are Windows only.'))
    }
    if (-not $TaskPath.EndsWith('\')) { $TaskPath += '\' }
    $target = $TaskPath + $TaskName
    if (-not (Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction SilentlyContinue)) {
        $Cmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'TASK_NOT_FOUND' -TargetObject $target `
                    -Message ("There is no scheduled task '{0}'; Register-S365SyncTask creates it." -f $target)))
    }
    [pscustomobject]@{ TaskPath = $TaskPath; Target = $target }
}
