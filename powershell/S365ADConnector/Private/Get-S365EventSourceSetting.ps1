function Get-S365EventSourceSetting {
    <#
    .SYNOPSIS
    What Register-S365EventSource registers: the source, its log and the message file Event Viewer reads.

    .DESCRIPTION
    The message file is the .NET Framework 4.x's EventLogMessages.dll
    (%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319), present wherever the .NET Framework 4.7.2 the
    product requires is, and not moved by an upgrade of PowerShell; whatever PowerShell registers the
    source, it points there. Without that file MessageResourceFile is $null: the runtime registering the
    source then names its own (PowerShell 7's System.Diagnostics.EventLog.Messages.dll, which a
    PowerShell upgrade moves). Returns @{ Source; LogName; MessageResourceFile }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory = $true)] [string] $Source,
        [Parameter(Mandatory = $true)] [string] $LogName,
        [AllowEmptyString()] [AllowNull()] [string] $SystemRoot = $env:SystemRoot
    )
    $messageFile = $null
    if ($SystemRoot) {
        $candidate = $SystemRoot
        foreach ($part in 'Microsoft.NET', 'Framework64', 'v4.0.30319', 'EventLogMessages.dll') { $candidate = Join-Path $candidate $part }
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { $messageFile = $candidate }
    }
    return @{ Source = $Source; LogName = $LogName; MessageResourceFile = $messageFile }
}
