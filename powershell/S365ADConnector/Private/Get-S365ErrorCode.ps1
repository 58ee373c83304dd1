function Get-S365ErrorCode {
    <#
    .SYNOPSIS
    The one table of error codes: the agent's protocol error codes (docs/protocol.md) and the module's own,
    each with its ErrorCategory, the exception type of its ErrorRecord and the caller's recommended action.
    .DESCRIPTION
    With -Code: that code's row; a code not in the table gets a row with category NotSpecified,
    InvalidOperationException and no recommended action. Without -Code: every row, in table order.
    With -Problem (the agent's error.details.problem): the recommended action of that problem of the
    code when it has its own (a stored secret that does not unseal is not cured by removing a file).
    .PARAMETER Code
    The protocol's error code, or the module's own.
    .PARAMETER Problem
    The agent's details.problem, e.g. secret-unreadable, secrets-exposed, sealer-unavailable.
    Each row: @{ Code; Category ([ErrorCategory]); ExceptionType ([type]); RecommendedAction ($null: none) }.
    Everything that maps a code (New-S365ErrorRecord, the tests) reads this table.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [string] $Code,
        [string] $Problem
    )
    $table = [ordered]@{
        # The agent's codes (docs/protocol.md, "Errors").
        'BAD_REQUEST'              = @('InvalidArgument', [System.ArgumentException], 'Fix the parameters of the command (see error details).')
        'NOT_CONFIGURED'           = @('ObjectNotFound', [System.InvalidOperationException], 'Run Connect-Signature365 and Set-S365Directory first.')
        'CONFIG_CORRUPT'           = @('InvalidData', [System.IO.InvalidDataException], 'A file or folder in the configuration directory is damaged (see the message and Details.file): remove it as the message says, then run the command again.')
        'CONFIG_UNWRITABLE'        = @('WriteError', [System.IO.IOException], 'The configuration directory could not be written (Details.problem: full, read-only or denied): free space on its volume, make it writable, or run as an administrator or SYSTEM, then run the command again.')
        'AUTH_REFUSED'             = @('AuthenticationError', [System.Security.Authentication.AuthenticationException], 'Copy the integration secret from the Signature 365 portal again and run Connect-Signature365.')
        'INTEGRATION_DISABLED'     = @('PermissionDenied', [System.UnauthorizedAccessException], 'Enable the Active Directory integration in the Signature 365 portal.')
        'DIRECTORY_ERROR'          = @('ReadError', [System.InvalidOperationException], 'Check the settings of Set-S365Directory (account, password, search base) and the sync scope.')
        'DIRECTORY_UNREACHABLE'    = @('ConnectionError', [System.InvalidOperationException], 'Check the network path to the domain controllers (DNS, firewall, LDAPS port 636).')
        'API_ERROR'                = @('InvalidResult', [System.InvalidOperationException], 'See the error details (status, code); retry later or contact Signature 365 support.')
        'API_UNREACHABLE'          = @('ConnectionError', [System.InvalidOperationException], 'Check the proxy and firewall rules for HTTPS to Signature 365.')
        'GUARD_TRIPPED'            = @('LimitsExceeded', [System.InvalidOperationException], 'Review the removals; if intended, run Start-S365Sync -AllowRemovals <count> once.')
        'PLAN_STALE'               = @('InvalidData', [System.InvalidOperationException], 'The directory or the sync state changed since the plan was made: run Start-S365Sync -WhatIf -PlanFile <file> again, review, then apply the new plan.')
        'LOCKED'                   = @('ResourceBusy', [System.InvalidOperationException], 'Another sync is running on this configuration directory; retry later.')
        'INTERNAL'                 = @('NotSpecified', [System.InvalidOperationException], 'Report the problem to Signature 365 support with the agent log file (logs/agent.log in the configuration directory).')
        # The module's own codes (raised before or instead of calling the agent).
        'NOT_IMPLEMENTED'          = @('NotImplemented', [System.NotImplementedException], $null)
        'PLATFORM_NOT_SUPPORTED'   = @('NotImplemented', [System.PlatformNotSupportedException], $null)
        'AGENT_NOT_FOUND'          = @('ObjectNotFound', [System.IO.FileNotFoundException], $null)
        'AGENT_START_FAILED'       = @('OpenError', [System.InvalidOperationException], $null)
        'TASK_NOT_FOUND'           = @('ObjectNotFound', [System.InvalidOperationException], $null)
        'TASK_REGISTRATION_FAILED' = @('WriteError', [System.InvalidOperationException], $null)
        'TASK_REMOVAL_FAILED'      = @('WriteError', [System.InvalidOperationException], $null)
        'TASK_CHANGE_FAILED'       = @('WriteError', [System.InvalidOperationException], $null)
    }
    # Advice of one problem of a code (docs/protocol.md, details.problem), where the code's own would mislead.
    $byProblem = @{
        'CONFIG_CORRUPT/secret-unreadable'     = 'A stored secret cannot be unsealed on this server (Details.secret; sealed on another machine, damaged, or the .NET Framework 4.7.2 missing): do not remove secrets.json, give that secret again: Connect-Signature365 for apiSecret and proxyAuth, Set-S365Directory -Credential for bindPassword.'
        'CONFIG_CORRUPT/secrets-exposed'       = 'The secrets file or its folder admits other accounts, so the agent does not read it: close it as the message says (chmod 600 on Linux; on Windows run once as SYSTEM or an administrator, or icacls), then rotate the integration secret in the Signature 365 portal, run Connect-Signature365 with the new one, and change the directory bind password.'
        'CONFIG_UNWRITABLE/sealer-unavailable' = 'Secrets are sealed with DPAPI through the .NET Framework 4.7.2, which this server lacks or cannot start: install the .NET Framework 4.7.2 or later, then run the command again. No secret was written.'
    }
    $codes = @($table.Keys)
    if ($PSBoundParameters.ContainsKey('Code')) { $codes = @($Code) }
    foreach ($name in $codes) {
        $row = $table[$name]
        if ($null -eq $row) { $row = @('NotSpecified', [System.InvalidOperationException], $null) }
        $action = $row[2]
        if ($Problem -and $byProblem.ContainsKey("$name/$Problem")) { $action = $byProblem["$name/$Problem"] }
        @{
            Code              = $name
            Category          = [System.Management.Automation.ErrorCategory]$row[0]
            ExceptionType     = $row[1]
            RecommendedAction = $action
        }
    }
}
