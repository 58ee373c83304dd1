function ConvertTo-S365ErrorRecord {
    <#
    .SYNOPSIS
    The ErrorRecord of a failed Invoke-S365Agent outcome.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)] [object] $Outcome,
        [object] $TargetObject
    )
    $code = [string]$Outcome.Error.code
    if ([string]::IsNullOrEmpty($code)) { $code = 'INTERNAL' }
    $message = [string]$Outcome.Error.message
    if ([string]::IsNullOrEmpty($message)) { $message = "s365-agent failed with $code." }
    return (New-S365ErrorRecord -Code $code -Message $message -Details $Outcome.Error.details -ExitCode $Outcome.ExitCode `
            -Verb $Outcome.Verb -TargetObject $TargetObject)
}
