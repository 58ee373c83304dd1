function Set-S365ServiceAccount {
    <#
    .SYNOPSIS
    Tells the agent which service account the scheduled task runs as (set-service-account), by SID.
    .DESCRIPTION
    With -Sid: the agent admits that account to the configuration directory (and the bridge's runtime
    folders) beside SYSTEM and Administrators, and sets the ACL at once. Without it: no service account
    (the task runs as SYSTEM), and the ACL is set again without one. Needs an administrator, as
    Register-S365SyncTask does. Errors are the agent's, with its code (through -Cmdlet when given).
    Returns the agent's answer: serviceAccountSid (or null) and aclSet.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'Called by Register-S365SyncTask after its own ShouldProcess, for the task it registers.')]
    [CmdletBinding()]
    param(
        [AllowNull()] [AllowEmptyString()] [string] $Sid,
        [AllowNull()] [AllowEmptyString()] [string] $ConfigDir,
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )
    $parameters = @{ clear = $true }
    if ($Sid) { $parameters = @{ sid = $Sid } }
    $outcome = Invoke-S365Agent -Verb 'set-service-account' -Parameters $parameters -ConfigDir $ConfigDir -Cmdlet $Cmdlet -TargetObject $Sid
    if (-not $outcome.Ok) { throw (ConvertTo-S365ErrorRecord -Outcome $outcome -TargetObject $Sid) }
    return $outcome.Data
}
