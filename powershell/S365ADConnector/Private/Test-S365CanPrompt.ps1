function Test-S365CanPrompt {
    <#
    .SYNOPSIS
    True when the setup wizard may ask questions: a person at the console (Test-S365Interactive), or a remote
    session entered with Enter-PSSession, whose host (ServerRemoteHost) forwards Read-Host to the person's
    console. Test-S365Interactive refuses that host, because a sync run through Invoke-Command must never
    wait on a prompt; the wizard is only ever started by someone who means to answer it.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    if (Test-S365Interactive) { return $true }
    if ($null -eq $Host -or $Host.Name -ne 'ServerRemoteHost') { return $false }
    foreach ($arg in [Environment]::GetCommandLineArgs()) {
        if ($arg -match '^[-/]noni') { return $false }
    }
    return ($null -ne (Get-Variable -Name 'PSSenderInfo' -Scope Global -ValueOnly -ErrorAction SilentlyContinue))
}
