function ConvertTo-S365ArgumentString {
    <#
    .SYNOPSIS
    Joins arguments into one command line string quoted the way the Microsoft C runtime (and .NET on every
    platform) splits it again. ProcessStartInfo.ArgumentList does not exist on Windows PowerShell 5.1.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyCollection()] [string[]] $ArgumentList = @()
    )
    $parts = foreach ($arg in $ArgumentList) {
        if ($null -eq $arg) { $arg = '' }
        if ($arg.Length -gt 0 -and $arg -notmatch '[\s"]') {
            $arg
            continue
        }
        $sb = New-Object System.Text.StringBuilder
        [void]$sb.Append('"')
        $backslashes = 0
        foreach ($ch in $arg.ToCharArray()) {
            if ($ch -eq '\') {
                $backslashes++
                continue
            }
            if ($ch -eq '"') {
                [void]$sb.Append('\', (2 * $backslashes + 1))
                [void]$sb.Append('"')
            } else {
                if ($backslashes -gt 0) { [void]$sb.Append('\', $backslashes) }
                [void]$sb.Append($ch)
            }
            $backslashes = 0
        }
        if ($backslashes -gt 0) { [void]$sb.Append('\', (2 * $backslashes)) }
        [void]$sb.Append('"')
        $sb.ToString()
    }
    return (@($parts) -join ' ')
}
