function Test-S365Interactive {
    <#
    .SYNOPSIS
    True when a person can answer a prompt: a user-interactive session, not started with -NonInteractive,
    stdin not redirected, and a host with a UI.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    if (-not [Environment]::UserInteractive) { return $false }
    foreach ($arg in [Environment]::GetCommandLineArgs()) {
        if ($arg -match '^[-/]noni') { return $false }
    }
    try {
        if ([Console]::IsInputRedirected) { return $false }
    } catch {
        Write-Debug "Console input state unknown: $($_.Exception.Message)"
    }
    if ($null -eq $Host -or $null -eq $Host.UI -or $Host.Name -eq 'Default Host' -or $Host.Name -eq 'ServerRemoteHost') { return $false }
    return $true
}
