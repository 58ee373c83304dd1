# Helpers shared by the test files (dot-sourced from BeforeAll / BeforeDiscovery). Windows PowerShell 5.1 syntax.

function Test-TestHostIsWindows {
    if ($PSVersionTable.PSEdition -ne 'Core') { return $true }
    return [bool](Get-Variable -Name 'IsWindows' -ValueOnly -ErrorAction SilentlyContinue)
}

function Get-TestRepoRoot {
    # <repo>/powershell/S365ADConnector/Tests -> <repo>
    return (Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)))
}

function New-TestDirectory {
    param([string] $Prefix = 's365-test')
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ('{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 12))
    New-Item -ItemType Directory -Path $path -Force | Out-Null
    return $path
}

function Remove-TestDirectory {
    param([string] $Path)
    if ($Path -and (Test-Path -LiteralPath $Path)) { Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction SilentlyContinue }
}

function New-FakeAgent {
    <#
    A stand-in for s365-agent (POSIX shell): records its arguments, stdin and NODE_SKIP_PLATFORM_CHECK in
    $Directory, writes one stderr line, prints the NDJSON of $Directory/stdout.ndjson and exits with the code in
    $Directory/exitcode. Set-FakeAgentOutput prepares the answer.
    #>
    param([Parameter(Mandatory = $true)] [string] $Directory)
    $path = Join-Path $Directory 'fake-agent'
    $script = @'
#!/bin/sh
dir="$(dirname "$0")"
n=$(cat "$dir/calls" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > "$dir/calls"
: > "$dir/args"
for a in "$@"; do printf '%s\n' "$a" >> "$dir/args"; done
cat > "$dir/stdin"
cp "$dir/stdin" "$dir/stdin.$n"
printf '%s' "${NODE_SKIP_PLATFORM_CHECK:-unset}" > "$dir/env-node-skip"
echo "fake agent: stderr line" >&2
if [ -f "$dir/stdout.$n.ndjson" ]; then cat "$dir/stdout.$n.ndjson"; else cat "$dir/stdout.ndjson"; fi
code=0
if [ -f "$dir/exitcode.$n" ]; then code=$(cat "$dir/exitcode.$n"); elif [ -f "$dir/exitcode" ]; then code=$(cat "$dir/exitcode"); fi
exit "$code"
'@
    [System.IO.File]::WriteAllText($path, $script.Replace("`r`n", "`n"))
    & chmod +x $path
    return $path
}

function Set-FakeAgentOutput {
    param(
        [Parameter(Mandatory = $true)] [string] $Directory,
        [string[]] $Lines = @(),
        [int] $ExitCode = 0,
        [int] $Call = 0
    )
    $suffix = ''
    if ($Call -gt 0) { $suffix = ".$Call" }
    [System.IO.File]::WriteAllText((Join-Path $Directory "stdout$suffix.ndjson"), (($Lines -join "`n") + "`n"))
    [System.IO.File]::WriteAllText((Join-Path $Directory "exitcode$suffix"), [string]$ExitCode)
}

function Reset-FakeAgent {
    param([Parameter(Mandatory = $true)] [string] $Directory)
    Get-ChildItem -LiteralPath $Directory -File | Where-Object { $_.Name -ne 'fake-agent' } | Remove-Item -Force
}

function Get-FakeAgentRequest {
    param([Parameter(Mandatory = $true)] [string] $Directory, [int] $Call = 0)
    $file = 'stdin'
    if ($Call -gt 0) { $file = "stdin.$Call" }
    return (Get-Content -LiteralPath (Join-Path $Directory $file) -Raw | ConvertFrom-Json)
}

function Get-FakeAgentCallCount {
    param([Parameter(Mandatory = $true)] [string] $Directory)
    $path = Join-Path $Directory 'calls'
    if (-not (Test-Path -LiteralPath $path)) { return 0 }
    return [int](Get-Content -LiteralPath $path -Raw)
}

function New-ResultLine {
    param([string] $Verb, [object] $Data)
    return (ConvertTo-Json -InputObject ([ordered]@{ type = 'result'; ok = $true; verb = $Verb; protocol = 1; data = $Data }) -Depth 10 -Compress)
}

function New-FailureLine {
    param([string] $Verb, [string] $Code, [int] $ExitCode, [string] $Message = 'failed', [object] $Details)
    $errorBody = [ordered]@{ code = $Code; message = $Message }
    if ($null -ne $Details) { $errorBody['details'] = $Details }
    return (ConvertTo-Json -InputObject ([ordered]@{ type = 'result'; ok = $false; verb = $Verb; protocol = 1; exitCode = $ExitCode; error = $errorBody }) -Depth 10 -Compress)
}

function Read-TestDcEnv {
    <# KEY='value' lines of build/test-dc.sh's env file as a hashtable. #>
    param([Parameter(Mandatory = $true)] [string] $Path)
    $values = @{}
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match "^\s*([A-Za-z_][A-Za-z0-9_]*)='(.*)'\s*$") {
            $values[$Matches[1]] = $Matches[2].Replace("'\''", "'")
        } elseif ($line -match '^\s*([A-Za-z_][A-Za-z0-9_]*)="?(.*?)"?\s*$') {
            $values[$Matches[1]] = $Matches[2]
        }
    }
    return $values
}

function Get-TestDcEnvPath {
    if ($env:S365_TEST_DC_ENV) { return $env:S365_TEST_DC_ENV }
    return (Join-Path (Join-Path (Join-Path (Get-TestRepoRoot) '.run') 'test-dc') 'env')
}

function Get-FreeTcpPort {
    $listener = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    $listener.Stop()
    return $port
}

function Start-TestEmulator {
    <# Starts node dist/emulator/main.js --port 0 with a tenant file; returns @{Url; Process; Directory; Secret...}. #>
    param(
        [Parameter(Mandatory = $true)] [string] $RepoRoot,
        [Parameter(Mandatory = $true)] [hashtable] $Tenant
    )
    $dir = New-TestDirectory -Prefix 's365-emulator'
    $tenantFile = Join-Path $dir 'tenant.json'
    [System.IO.File]::WriteAllText($tenantFile, (ConvertTo-Json -InputObject $Tenant -Depth 10 -Compress))
    $node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $main = Join-Path (Join-Path (Join-Path $RepoRoot 'dist') 'emulator') 'main.js'
    $stdout = Join-Path $dir 'stdout.txt'
    $stderr = Join-Path $dir 'stderr.txt'
    $process = Start-Process -FilePath $node -ArgumentList @($main, '--port', '0', '--tenant-file', $tenantFile, '--state-file', (Join-Path $dir 'state.json')) `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 100
        if (Test-Path -LiteralPath $stdout) {
            $text = [System.IO.File]::ReadAllText($stdout)
            if ($text -match 'listening on (\S+)') { $url = $Matches[1].TrimEnd('/') }
        }
        if ($process.HasExited) { break }
    }
    if (-not $url) {
        $err = ''
        if (Test-Path -LiteralPath $stderr) { $err = [System.IO.File]::ReadAllText($stderr) }
        try { $process.Kill() } catch { Write-Verbose 'emulator already gone' }
        throw "The API emulator did not start: $err"
    }
    return [pscustomobject]@{ Url = $url; Process = $process; Directory = $dir }
}

function Stop-TestEmulator {
    param([object] $Emulator)
    if ($null -eq $Emulator) { return }
    try {
        if (-not $Emulator.Process.HasExited) {
            $Emulator.Process.Kill()
            $Emulator.Process.WaitForExit(5000) | Out-Null
        }
    } catch {
        Write-Verbose "emulator stop: $($_.Exception.Message)"
    }
    Remove-TestDirectory -Path $Emulator.Directory
}

function Invoke-Emulator {
    param(
        [Parameter(Mandatory = $true)] [object] $Emulator,
        [Parameter(Mandatory = $true)] [string] $Path,
        [string] $Method = 'GET',
        [object] $Body
    )
    $request = @{ Uri = $Emulator.Url + $Path; Method = $Method; UseBasicParsing = $true }
    if ($null -ne $Body) {
        $request['Body'] = ConvertTo-Json -InputObject $Body -Depth 10 -Compress
        $request['ContentType'] = 'application/json'
    }
    return Invoke-RestMethod @request
}

function ConvertTo-TestText {
    <# Everything a stream record carries, as text, to look for a secret in. #>
    param([object] $Record)
    if ($null -eq $Record) { return '' }
    $parts = New-Object System.Collections.Generic.List[string]
    $parts.Add(($Record | Out-String -Width 4096))
    if ($Record -is [System.Management.Automation.ErrorRecord]) {
        $parts.Add($Record.Exception.ToString())
        $parts.Add([string]$Record.TargetObject)
        if ($Record.ErrorDetails) { $parts.Add($Record.ErrorDetails.Message); $parts.Add($Record.ErrorDetails.RecommendedAction) }
        foreach ($key in $Record.Exception.Data.Keys) {
            try { $parts.Add((ConvertTo-Json -InputObject $Record.Exception.Data[$key] -Depth 10 -Compress)) } catch { $parts.Add([string]$Record.Exception.Data[$key]) }
        }
        $parts.Add($Record.ScriptStackTrace)
    } elseif ($Record -is [System.Management.Automation.InformationRecord]) {
        $parts.Add([string]$Record.MessageData)
    } elseif ($Record -is [System.Management.Automation.VerboseRecord] -or $Record -is [System.Management.Automation.WarningRecord] -or $Record -is [System.Management.Automation.DebugRecord]) {
        $parts.Add($Record.Message)
    } else {
        try { $parts.Add((ConvertTo-Json -InputObject $Record -Depth 10 -Compress -WarningAction SilentlyContinue)) } catch { $parts.Add([string]$Record) }
    }
    return ($parts -join "`n")
}
