function Write-S365SyncLog {
    <#
    .SYNOPSIS
    Appends lines to the run log of Invoke-S365Sync.ps1, each prefixed with the UTC time (ISO 8601), creating
    its folder; past 5 MB the file is first moved to <name>.1 (one old file is kept). Returns nothing;
    throws when the file cannot be written (the caller decides what that means for the run).
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [string[]] $Line,
        [datetime] $Time = [datetime]::UtcNow,
        [long] $MaxBytes = 5MB
    )
    $folder = Split-Path -Parent $Path
    if ($folder -and -not (Test-Path -LiteralPath $folder -PathType Container)) {
        $null = New-Item -ItemType Directory -Path $folder -Force -ErrorAction Stop
    }
    $file = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue
    if ($file -and $file.Length -ge $MaxBytes) {
        Move-Item -LiteralPath $Path -Destination ($Path + '.1') -Force -ErrorAction Stop
    }
    $stamp = $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
    $text = (@($Line) | ForEach-Object { '{0} {1}' -f $stamp, ($_ -replace '[\r\n]+', ' ') }) -join [Environment]::NewLine
    [System.IO.File]::AppendAllText($Path, $text + [Environment]::NewLine, (New-Object System.Text.UTF8Encoding($false)))
}
