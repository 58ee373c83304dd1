function Get-S365ErrorCategory {
    <#
    .SYNOPSIS
    The PowerShell ErrorCategory of a protocol error code (docs/protocol.md).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorCategory])]
    param(
        [Parameter(Mandatory = $true)] [string] $Code
    )
    switch ($Code) {
        'BAD_REQUEST' { return [System.Management.Automation.ErrorCategory]::InvalidArgument }
        'NOT_CONFIGURED' { return [System.Management.Automation.ErrorCategory]::ObjectNotFound }
        'AUTH_REFUSED' { return [System.Management.Automation.ErrorCategory]::AuthenticationError }
        'INTEGRATION_DISABLED' { return [System.Management.Automation.ErrorCategory]::PermissionDenied }
        'DIRECTORY_ERROR' { return [System.Management.Automation.ErrorCategory]::ReadError }
        'DIRECTORY_UNREACHABLE' { return [System.Management.Automation.ErrorCategory]::ConnectionError }
        'API_ERROR' { return [System.Management.Automation.ErrorCategory]::InvalidResult }
        'API_UNREACHABLE' { return [System.Management.Automation.ErrorCategory]::ConnectionError }
        'GUARD_TRIPPED' { return [System.Management.Automation.ErrorCategory]::LimitsExceeded }
        'PLAN_STALE' { return [System.Management.Automation.ErrorCategory]::InvalidData }
        'LOCKED' { return [System.Management.Automation.ErrorCategory]::ResourceBusy }
        'INTERNAL' { return [System.Management.Automation.ErrorCategory]::NotSpecified }
        'NOT_IMPLEMENTED' { return [System.Management.Automation.ErrorCategory]::NotImplemented }
        'PLATFORM_NOT_SUPPORTED' { return [System.Management.Automation.ErrorCategory]::NotImplemented }
        'AGENT_NOT_FOUND' { return [System.Management.Automation.ErrorCategory]::ObjectNotFound }
        default { return [System.Management.Automation.ErrorCategory]::NotSpecified }
    }
}
