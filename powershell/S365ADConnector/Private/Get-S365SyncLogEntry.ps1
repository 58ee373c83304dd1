function Get-S365SyncLogEntry {
    <#
    .SYNOPSIS
    The last run recorded in the run log of Invoke-S365Sync.ps1: Time ([datetime], UTC), ExitCode, ErrorCode
    ($null on success) and Message (the run's one line); $null when the file is missing or holds no run.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)] [string] $Path
    )
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { return $null }
    $lines = @(Get-Content -LiteralPath $Path -Tail 50 -Encoding UTF8 -ErrorAction Stop)
    [array]::Reverse($lines)
    foreach ($line in $lines) {
        if ($line -notmatch '^(?<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (?<message>S365 sync(?<failed> failed)?: (?<rest>.*))$') { continue }
        $time = [datetime]::ParseExact($Matches['time'], 'yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture,
            [Globalization.DateTimeStyles]::AdjustToUniversal -bor [Globalization.DateTimeStyles]::AssumeUniversal)
        $message = $Matches['message']
        $failed = [bool]$Matches['failed']
        $rest = $Matches['rest']
        $exitCode = 0
        $errorCode = $null
        if ($failed) {
            $exitCode = 1
            if ($rest -match '^(?<code>\S+) \(exit (?<exit>\d+)\)') {
                $errorCode = $Matches['code']
                $exitCode = [int]$Matches['exit']
            }
        }
        return [pscustomobject]@{ Time = $time; ExitCode = $exitCode; ErrorCode = $errorCode; Message = $message }
    }
    return $null
}
