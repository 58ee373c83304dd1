function ConvertFrom-S365WizardNumberList {
    <#
    .SYNOPSIS
    The numbers a person typed to pick from a numbered list of -Count entries: '1,3', '2-4', '1 3'; each
    once, in the order given; numbers outside 1..Count and words are ignored.
    #>
    [CmdletBinding()]
    [OutputType([int[]])]
    param(
        [AllowEmptyString()] [string] $Text,
        [Parameter(Mandatory = $true)] [int] $Count
    )
    $numbers = New-Object System.Collections.Generic.List[int]
    foreach ($part in ($Text -split '[,;\s]+')) {
        $from = 0
        $to = 0
        if ($part -match '^(\d+)-(\d+)$') {
            $from = [int]$Matches[1]
            $to = [int]$Matches[2]
        } elseif ($part -match '^\d+$') {
            $from = [int]$part
            $to = $from
        }
        if ($from -lt 1) { continue }
        for ($n = $from; $n -le $to; $n++) {
            if ($n -le $Count -and -not $numbers.Contains($n)) { $numbers.Add($n) }
        }
    }
    return $numbers.ToArray()
}
