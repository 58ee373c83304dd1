function Write-S365Progress {
    <#
    .SYNOPSIS
    Shows one protocol progress event ({phase, done, total?, rate?, sent?}) as a progress bar. `sent`: the
    users Signature 365 confirmed while a full sync still reads.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $ProgressEvent,
        [string] $Activity,
        [int] $Id = 36500
    )
    if ([string]::IsNullOrEmpty($Activity)) { $Activity = "Signature 365 ($($ProgressEvent.verb))" }
    $phase = [string]$ProgressEvent.phase
    $label = Get-S365PhaseLabel -Phase $phase
    $done = 0
    if ($null -ne $ProgressEvent.done) { $done = [long]$ProgressEvent.done }
    $status = '{0}: {1}' -f $label, $done
    $percent = -1
    if ($null -ne $ProgressEvent.total -and [long]$ProgressEvent.total -gt 0) {
        $total = [long]$ProgressEvent.total
        $status = '{0}: {1} of {2}' -f $label, $done, $total
        $percent = [int][Math]::Min(100, [Math]::Floor(100 * $done / $total))
    }
    if ($null -ne $ProgressEvent.rate -and [double]$ProgressEvent.rate -gt 0) {
        $status += (' ({0:N0}/s)' -f [double]$ProgressEvent.rate)
    }
    if ($null -ne $ProgressEvent.sent) {
        $status += ('; {0} sent to Signature 365' -f [long]$ProgressEvent.sent)
    }
    $progress = @{ Activity = $Activity; Status = $status; Id = $Id; CurrentOperation = $phase }
    if ($percent -ge 0) { $progress['PercentComplete'] = $percent }
    Write-Progress @progress
}
