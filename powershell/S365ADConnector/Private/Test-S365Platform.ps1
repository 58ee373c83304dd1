function Test-S365IsWindows {
    <#
    .SYNOPSIS
    True on Windows (Windows PowerShell 5.1 always runs on Windows; $IsWindows exists from PowerShell 6).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    if ($PSVersionTable.PSEdition -ne 'Core') { return $true }
    return [bool](Get-Variable -Name 'IsWindows' -ValueOnly -ErrorAction SilentlyContinue)
}

function Test-S365LegacyWindows {
    <#
    .SYNOPSIS
    True on Windows older than Windows 10 / Server 2016 (e.g. Server 2012 R2), where Node.js needs NODE_SKIP_PLATFORM_CHECK=1.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [version] $OSVersion = [Environment]::OSVersion.Version
    )
    if (-not (Test-S365IsWindows)) { return $false }
    return ($OSVersion.Major -lt 10)
}

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
