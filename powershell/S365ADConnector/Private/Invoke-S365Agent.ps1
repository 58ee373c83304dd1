function Invoke-S365Agent {
    <#
    .SYNOPSIS
    Runs one verb of the s365-agent JSON protocol (docs/protocol.md) and returns its outcome.
    .DESCRIPTION
    Starts the agent with --json (plus --config-dir when a configuration directory is given), writes the
    one request object to its stdin (secrets travel only there, never on the command line), then reads
    NDJSON from stdout line by line as it arrives while draining stderr at the same time:
    progress events become Write-Progress, stderr lines become Write-Verbose, the final result is returned
    as @{Ok; Verb; ExitCode; Data; Error}.
    When -Cmdlet is given and the verb failed, the failure is thrown with $Cmdlet.ThrowTerminatingError
    (ErrorId = protocol code), unless -NoThrow. The agent's exit code is kept in $script:LastAgentExitCode
    and $global:LASTEXITCODE.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true)] [string] $Verb,
        [System.Collections.IDictionary] $Parameters,
        [AllowNull()] [AllowEmptyString()] [string] $ConfigDir,
        [System.Management.Automation.PSCmdlet] $Cmdlet,
        [object] $TargetObject,
        [string] $ProgressActivity,
        [int] $ProgressId = 36500,
        [switch] $NoThrow
    )

    try {
        $agent = Get-S365AgentCommand
    } catch {
        $record = $_
        if ($record.Exception -is [System.Management.Automation.RuntimeException] -and $record.Exception.ErrorRecord) {
            $record = $record.Exception.ErrorRecord
        }
        if ($Cmdlet) { $Cmdlet.ThrowTerminatingError($record) }
        throw $record
    }

    $arguments = New-Object System.Collections.Generic.List[string]
    foreach ($a in $agent.Arguments) { $arguments.Add($a) }
    $arguments.Add('--json')
    $dir = Resolve-S365ConfigDir -ConfigDir $ConfigDir
    if ($dir) {
        $arguments.Add('--config-dir')
        $arguments.Add($dir)
    }
    if ($VerbosePreference -ne [System.Management.Automation.ActionPreference]::SilentlyContinue) {
        $arguments.Add('--verbose')
    }

    $request = [ordered]@{ protocol = 1; verb = $Verb }
    if ($null -ne $Parameters -and $Parameters.Count -gt 0) { $request['params'] = $Parameters }
    $json = ConvertTo-Json -InputObject $request -Depth 10 -Compress

    $utf8 = New-Object System.Text.UTF8Encoding($false)
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $agent.FileName
    $psi.Arguments = ConvertTo-S365ArgumentString -ArgumentList $arguments.ToArray()
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.StandardOutputEncoding = $utf8
    $psi.StandardErrorEncoding = $utf8
    $location = Get-Location
    if ($location.Provider.Name -eq 'FileSystem') { $psi.WorkingDirectory = $location.ProviderPath }
    if (Test-S365LegacyWindows) {
        # Node.js refuses to start on Windows older than 10 / Server 2016 unless told to skip the check.
        $psi.EnvironmentVariables['NODE_SKIP_PLATFORM_CHECK'] = '1'
    }

    Write-Verbose ("Running s365-agent verb '{0}' ({1}: {2} {3})" -f $Verb, $agent.Source, $psi.FileName, $psi.Arguments)
    $process = New-Object System.Diagnostics.Process
    $process.StartInfo = $psi
    $result = $null
    $stderrTail = New-Object System.Collections.Generic.List[string]
    $progressShown = $false
    $lastPhase = $null
    $exitCode = $null
    try {
        try {
            [void]$process.Start()
        } catch {
            $record = New-S365ErrorRecord -Code 'AGENT_START_FAILED' -TargetObject $psi.FileName -Verb $Verb `
                -Message ("Could not start the s365-agent ({0}): {1}" -f $psi.FileName, $_.Exception.Message)
            if ($Cmdlet) { $Cmdlet.ThrowTerminatingError($record) }
            throw $record
        }

        try {
            $writer = New-Object System.IO.StreamWriter($process.StandardInput.BaseStream, $utf8)
            $writer.Write($json)
            $writer.Flush()
            $writer.Close()
        } catch [System.IO.IOException] {
            # The agent stopped reading (it failed early): its result or stderr says why.
            Write-Verbose "s365-agent closed its input early: $($_.Exception.Message)"
        }
        $json = $null

        $outTask = $process.StandardOutput.ReadLineAsync()
        $errTask = $process.StandardError.ReadLineAsync()
        while ($null -ne $outTask -or $null -ne $errTask) {
            $pending = New-Object System.Collections.Generic.List[System.Threading.Tasks.Task]
            if ($null -ne $outTask) { $pending.Add($outTask) }
            if ($null -ne $errTask) { $pending.Add($errTask) }
            # Short waits keep the loop responsive to Ctrl+C (the finally block stops the agent).
            if ([System.Threading.Tasks.Task]::WaitAny($pending.ToArray(), 200) -lt 0) { continue }

            if ($null -ne $errTask -and $errTask.IsCompleted) {
                $line = $errTask.GetAwaiter().GetResult()
                if ($null -eq $line) {
                    $errTask = $null
                } else {
                    if ($line.Length -gt 0) {
                        Write-Verbose "s365-agent: $line"
                        $stderrTail.Add($line)
                        if ($stderrTail.Count -gt 20) { $stderrTail.RemoveAt(0) }
                    }
                    $errTask = $process.StandardError.ReadLineAsync()
                }
            }

            if ($null -ne $outTask -and $outTask.IsCompleted) {
                $line = $outTask.GetAwaiter().GetResult()
                if ($null -eq $line) {
                    $outTask = $null
                    continue
                }
                $outTask = $process.StandardOutput.ReadLineAsync()
                if ($line.Trim().Length -eq 0) { continue }
                try {
                    $message = ConvertFrom-Json -InputObject $line -ErrorAction Stop
                } catch {
                    Write-Verbose "s365-agent (not NDJSON): $line"
                    continue
                }
                if ($message.type -eq 'progress') {
                    if ([string]$message.phase -ne $lastPhase) {
                        $lastPhase = [string]$message.phase
                        Write-Verbose ("s365-agent {0}: {1}" -f $Verb, (Get-S365PhaseLabel -Phase $lastPhase))
                    }
                    Write-S365Progress -ProgressEvent $message -Activity $ProgressActivity -Id $ProgressId
                    $progressShown = $true
                } elseif ($message.type -eq 'result') {
                    $result = $message
                } else {
                    Write-Verbose "s365-agent (unknown message): $line"
                }
            }
        }
        $process.WaitForExit()
        $exitCode = $process.ExitCode
    } finally {
        if ($progressShown) {
            Write-Progress -Activity $(if ($ProgressActivity) { $ProgressActivity } else { 'Signature 365' }) -Id $ProgressId -Completed
        }
        try {
            if (-not $process.HasExited) {
                Write-Verbose 'Stopping s365-agent.'
                $process.Kill()
                $process.WaitForExit(5000) | Out-Null
            }
        } catch {
            Write-Debug "Could not stop s365-agent: $($_.Exception.Message)"
        }
        $process.Dispose()
    }

    $script:LastAgentExitCode = $exitCode
    $global:LASTEXITCODE = $exitCode

    if ($null -eq $result) {
        $tail = ($stderrTail -join [Environment]::NewLine)
        $outcome = [pscustomobject]@{
            Ok       = $false
            Verb     = $Verb
            ExitCode = $exitCode
            Data     = $null
            Error    = [pscustomobject]@{
                code    = 'INTERNAL'
                message = ("s365-agent exited with code {0} without a result.{1}" -f $exitCode, $(if ($tail) { ' ' + $tail } else { '' }))
                details = $null
            }
        }
    } else {
        $ok = ($result.ok -eq $true)
        $outcome = [pscustomobject]@{
            Ok       = $ok
            Verb     = $Verb
            ExitCode = $exitCode
            Data     = $(if ($ok) { $result.data } else { $null })
            Error    = $(if ($ok) { $null } else { $result.error })
        }
        if (-not $ok -and $null -ne $result.exitCode -and $exitCode -ne [int]$result.exitCode) {
            Write-Verbose ("s365-agent exit code {0} differs from the result's exitCode {1}." -f $exitCode, $result.exitCode)
        }
    }

    if (-not $outcome.Ok -and $Cmdlet -and -not $NoThrow) {
        $Cmdlet.ThrowTerminatingError((ConvertTo-S365ErrorRecord -Outcome $outcome -TargetObject $TargetObject))
    }
    return $outcome
}
