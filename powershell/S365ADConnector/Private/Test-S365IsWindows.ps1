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
