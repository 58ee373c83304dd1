function Get-S365DefaultConfigDir {
    <#
    .SYNOPSIS
    The agent's default configuration directory (docs/protocol.md): %ProgramData%\Signature365\ADConnector on
    Windows, /var/lib/s365-agent elsewhere. What a scheduled task without -ConfigDir uses.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    if (Test-S365IsWindows) { return (Join-Path $env:ProgramData (Join-Path 'Signature365' 'ADConnector')) }
    return '/var/lib/s365-agent'
}
