function Get-S365HostUI {
    <#
    .SYNOPSIS
    The host's user interface ($Host.UI), the one place prompts go through: a function so tests can give a
    fake one and see how the module asks.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Host.PSHostUserInterface])]
    param()
    return $Host.UI
}
