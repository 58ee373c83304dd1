function New-S365ErrorRecord {
    <#
    .SYNOPSIS
    Builds the ErrorRecord for an agent failure or a module-side error.
    .DESCRIPTION
    ErrorId is the protocol error code (e.g. AUTH_REFUSED), the category follows Get-S365ErrorCategory.
    The exception carries, in its Data dictionary: Code, ExitCode (the agent's exit code), Verb and Details
    (the protocol's error.details object).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)] [string] $Code,
        [Parameter(Mandatory = $true)] [string] $Message,
        [object] $Details,
        [Nullable[int]] $ExitCode,
        [string] $Verb,
        [object] $TargetObject,
        [Nullable[System.Management.Automation.ErrorCategory]] $Category
    )
    switch ($Code) {
        'BAD_REQUEST' { $exception = New-Object System.ArgumentException($Message) }
        'AUTH_REFUSED' { $exception = New-Object System.Security.Authentication.AuthenticationException($Message) }
        'INTEGRATION_DISABLED' { $exception = New-Object System.UnauthorizedAccessException($Message) }
        'PLATFORM_NOT_SUPPORTED' { $exception = New-Object System.PlatformNotSupportedException($Message) }
        'NOT_IMPLEMENTED' { $exception = New-Object System.NotImplementedException($Message) }
        'AGENT_NOT_FOUND' { $exception = New-Object System.IO.FileNotFoundException($Message) }
        default { $exception = New-Object System.InvalidOperationException($Message) }
    }
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
    if ($null -eq $Category) { $Category = Get-S365ErrorCategory -Code $Code }
    $record = New-Object System.Management.Automation.ErrorRecord($exception, $Code, $Category, $TargetObject)
    $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails($Message)
    if ($script:S365RecommendedActions.ContainsKey($Code)) {
        $record.ErrorDetails.RecommendedAction = $script:S365RecommendedActions[$Code]
    }
    return $record
}
