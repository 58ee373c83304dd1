function New-S365ErrorRecord {
    <#
    .SYNOPSIS
    Builds the ErrorRecord for an agent failure or a module-side error.
    .DESCRIPTION
    ErrorId is the protocol error code (e.g. AUTH_REFUSED); the exception type, the category and the
    recommended action come from the code's row in Get-S365ErrorCode (the action of Details.problem's
    row when the problem has its own).
    The exception carries, in its Data dictionary: Code, ExitCode (the agent's exit code), Verb and Details
    (the protocol's error.details object).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'Builds an ErrorRecord in memory and returns it; it changes no state, so -WhatIf/-Confirm would have nothing to guard.')]
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)] [string] $Code,
        [Parameter(Mandatory = $true)] [string] $Message,
        [object] $Details,
        [Nullable[int]] $ExitCode,
        [string] $Verb,
        [object] $TargetObject
    )
    # details.problem, from the agent's JSON (a PSCustomObject) or a hashtable of the module's own.
    $problem = $null
    if ($Details -is [System.Collections.IDictionary]) { $problem = $Details['problem'] }
    elseif ($null -ne $Details -and $Details.PSObject.Properties['problem']) { $problem = $Details.problem }
    $known = Get-S365ErrorCode -Code $Code -Problem ([string]$problem)
    $exception = New-Object -TypeName $known.ExceptionType.FullName -ArgumentList $Message
    $exception.Data['Code'] = $Code
    if ($null -ne $ExitCode) { $exception.Data['ExitCode'] = [int]$ExitCode }
    if ($Verb) { $exception.Data['Verb'] = $Verb }
    if ($null -ne $Details) {
        try {
            $exception.Data['Details'] = $Details
        } catch {
            # .NET Framework only accepts serializable values in Exception.Data: keep the JSON text then.
            $exception.Data['Details'] = ConvertTo-Json -InputObject $Details -Depth 10 -Compress
        }
    }
    $record = New-Object System.Management.Automation.ErrorRecord($exception, $Code, $known.Category, $TargetObject)
    $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails($Message)
    if ($known.RecommendedAction) { $record.ErrorDetails.RecommendedAction = $known.RecommendedAction }
    return $record
}
