function ConvertTo-S365RunChartSvg {
    <#
    .SYNOPSIS
    Inline SVG bar charts of the last runs (oldest on the left): users synced, matched, unmatched and removed
    per run, then each run's duration. Every run is one <g class="run"> per chart with a <title> (the
    tooltip) and one <rect> per series carrying data-series and data-value: no script, no external asset.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowEmptyCollection()] [object[]] $Run = @())
    $invariant = [Globalization.CultureInfo]::InvariantCulture
    $series = @(
        @{ Name = 'synced'; Label = 'Synced'; Color = '#2b6cb0' }
        @{ Name = 'matched'; Label = 'Matched'; Color = '#2f855a' }
        @{ Name = 'unmatched'; Label = 'Unmatched'; Color = '#c05621' }
        @{ Name = 'removed'; Label = 'Removed'; Color = '#718096' }
    )
    $width = 760; $height = 220; $left = 56; $bottom = 40; $top = 12
    $plotWidth = $width - $left - 8; $plotHeight = $height - $bottom - $top
    $count = [Math]::Max(1, $Run.Count)
    $slot = $plotWidth / $count
    $labelEvery = [Math]::Max(1, [Math]::Ceiling($Run.Count / 8))

    $sb = New-Object System.Text.StringBuilder
    foreach ($chart in 'counts', 'duration') {
        $max = 0.0
        foreach ($r in $Run) {
            if ($chart -eq 'counts') {
                foreach ($s in $series) { $max = [Math]::Max($max, [double](Get-S365Value $r $s.Name -Default 0)) }
            } else {
                $max = [Math]::Max($max, [double](Get-S365Value $r 'durationMs' -Default 0) / 1000)
            }
        }
        if ($max -le 0) { $max = 1 }
        $caption = if ($chart -eq 'counts') { 'Users per run' } else { 'Duration per run (seconds)' }
        [void]$sb.AppendFormat($invariant, '<svg class="chart" id="chart-{0}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {1} {2}" width="{1}" height="{2}" role="img" aria-label="{3}">', $chart, $width, $height, $caption)
        [void]$sb.AppendFormat($invariant, '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="axis"/><line x1="{0}" y1="{2}" x2="{3}" y2="{2}" class="axis"/>', $left, $top, ($top + $plotHeight), ($width - 8))
        [void]$sb.AppendFormat($invariant, '<text x="{0}" y="{1}" class="tick" text-anchor="end">{2}</text><text x="{0}" y="{3}" class="tick" text-anchor="end">0</text>', ($left - 4), ($top + 8), $max.ToString('0.#', $invariant), ($top + $plotHeight))
        for ($i = 0; $i -lt $Run.Count; $i++) {
            $r = $Run[$i]
            $started = Format-S365ReportTime (Get-S365Value $r 'startedAt')
            $status = [string](Get-S365Value $r 'status')
            $seconds = [double](Get-S365Value $r 'durationMs' -Default 0) / 1000
            $tip = '{0} {1} {2}: synced {3}, matched {4}, unmatched {5}, removed {6}, {7} s' -f $started, (Get-S365Value $r 'mode'), $status,
            (Get-S365Value $r 'synced' -Default 0), (Get-S365Value $r 'matched' -Default 0), (Get-S365Value $r 'unmatched' -Default 0), (Get-S365Value $r 'removed' -Default 0), $seconds.ToString('0.0', $invariant)
            [void]$sb.AppendFormat($invariant, '<g class="run run-{0}" data-run="{1}" data-started="{2}"><title>{3}</title>', (ConvertTo-S365HtmlText $status), $i, (ConvertTo-S365HtmlText $started), (ConvertTo-S365HtmlText $tip))
            $bars = @(if ($chart -eq 'counts') { $series } else { @{ Name = 'duration'; Label = 'Duration'; Color = '#553c9a' } })
            $barWidth = [Math]::Max(1.0, ($slot * 0.8) / $bars.Count)
            for ($b = 0; $b -lt $bars.Count; $b++) {
                $value = if ($chart -eq 'counts') { [double](Get-S365Value $r $bars[$b].Name -Default 0) } else { $seconds }
                $barHeight = $plotHeight * $value / $max
                $x = $left + $i * $slot + $slot * 0.1 + $b * $barWidth
                [void]$sb.AppendFormat($invariant, '<rect data-series="{0}" data-value="{1}" x="{2:0.##}" y="{3:0.##}" width="{4:0.##}" height="{5:0.##}" fill="{6}"/>',
                    $bars[$b].Name, $value.ToString('0.###', $invariant), $x, ($top + $plotHeight - $barHeight), $barWidth, $barHeight, $bars[$b].Color)
            }
            [void]$sb.Append('</g>')
            if ($i % $labelEvery -eq 0) {
                [void]$sb.AppendFormat($invariant, '<text x="{0:0.##}" y="{1}" class="tick" text-anchor="middle">{2}</text>', ($left + ($i + 0.5) * $slot), ($height - $bottom + 16), (ConvertTo-S365HtmlText ($started -replace ' UTC$', '')))
            }
        }
        [void]$sb.Append('</svg>')
    }
    [void]$sb.Append('<ul class="legend">')
    foreach ($s in $series + @(@{ Name = 'duration'; Label = 'Duration (s)'; Color = '#553c9a' })) {
        [void]$sb.AppendFormat('<li><span class="swatch" style="background:{0}"></span>{1}</li>', $s.Color, $s.Label)
    }
    [void]$sb.Append('</ul>')
    return $sb.ToString()
}
