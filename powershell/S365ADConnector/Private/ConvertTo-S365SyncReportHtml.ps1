function ConvertTo-S365SyncReportHtml {
    <#
    .SYNOPSIS
    The self-contained HTML page of a sync report: inline CSS and SVG, no script, no external asset. The
    counts, the chart of the last runs (ConvertTo-S365RunChartSvg) and one table per status, built from the same
    SyncReportEntry objects Get-S365SyncReport returns.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [object] $Data,
        [AllowEmptyCollection()] [object[]] $Entry = @()
    )
    $counts = Get-S365Value $Data 'counts'
    $runs = @(Get-S365Value $Data 'runs' -Default @())
    $generated = Format-S365ReportTime (Get-S365Value $Data 'generatedAt')
    $sections = @(
        @{ Status = 'Unmatched'; Count = 'unmatched'; Title = 'In scope, no Microsoft 365 user: no signature'; Columns = @('Email', 'DisplayName')
            Hint = 'Synced, but no Microsoft 365 user has this email. Check the primary SMTP address in AD, or the mailbox in Microsoft 365.'
        }
        @{ Status = 'Rejected'; Count = 'rejected'; Title = 'Rejected by Signature 365'; Columns = @('Email', 'DisplayName', 'Reason', 'At') }
        @{ Status = 'HeldBack'; Count = 'heldBack'; Title = 'Held back: the same email as another user'; Columns = @('Email', 'DisplayName', 'DistinguishedName', 'ConflictsWith') }
        @{ Status = 'Warning'; Count = 'warnings'; Title = 'Warnings (sent without the photo or the manager)'; Columns = @('Email', 'DisplayName', 'Code', 'Reason') }
        @{ Status = 'Matched'; Count = 'matched'; Title = 'Synced and matched to a Microsoft 365 user'; Columns = @('Email', 'DisplayName') }
    )
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signature 365 sync report</title><style>')
    [void]$sb.Append('body{font-family:"Segoe UI",DejaVu Sans,Arial,sans-serif;margin:24px;color:#1a202c}h1{font-size:22px}h2{font-size:17px;margin-top:28px}')
    [void]$sb.Append('.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #cbd5e0;border-radius:6px;padding:10px 16px;min-width:110px}')
    [void]$sb.Append('.card .n{font-size:26px;font-weight:bold}.card.Unmatched .n{color:#c05621}.card.Matched .n{color:#2f855a}.card.Rejected .n,.card.HeldBack .n{color:#c53030}')
    [void]$sb.Append('table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #e2e8f0;padding:3px 8px;text-align:left}th{background:#edf2f7}')
    [void]$sb.Append('.axis{stroke:#4a5568}.tick{font-size:10px;fill:#4a5568}.legend{list-style:none;padding:0;display:flex;gap:16px;font-size:13px}')
    [void]$sb.Append('.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}.none{color:#718096}.meta{color:#4a5568;font-size:13px}')
    [void]$sb.Append('</style></head><body><h1>Signature 365 sync report</h1>')
    [void]$sb.AppendFormat('<p class="meta">Generated {0}.', (ConvertTo-S365HtmlText $generated))
    $lastRun = Get-S365Value $Data 'lastRun'
    if ($null -ne $lastRun) {
        [void]$sb.AppendFormat(' Last run: {0}, {1}, {2}.', (ConvertTo-S365HtmlText (Format-S365ReportTime (Get-S365Value $lastRun 'startedAt'))),
            (ConvertTo-S365HtmlText (Get-S365Value $lastRun 'mode')), (ConvertTo-S365HtmlText (Get-S365Value $lastRun 'status')))
    } else {
        [void]$sb.Append(' No sync has run yet.')
    }
    [void]$sb.Append('</p><div class="cards">')
    $cards = @(
        @{ Status = 'Synced'; Count = 'synced'; Label = 'Synced' }, @{ Status = 'Matched'; Count = 'matched'; Label = 'Matched' },
        @{ Status = 'Unmatched'; Count = 'unmatched'; Label = 'No Microsoft 365 user' }, @{ Status = 'Rejected'; Count = 'rejected'; Label = 'Rejected' },
        @{ Status = 'HeldBack'; Count = 'heldBack'; Label = 'Held back' }, @{ Status = 'Warning'; Count = 'warnings'; Label = 'Warnings' }
    )
    foreach ($card in $cards) {
        [void]$sb.AppendFormat('<div class="card {0}" id="count-{1}"><div class="n">{2}</div><div>{3}</div></div>', $card.Status, $card.Count, [int](Get-S365Value $counts $card.Count -Default 0), $card.Label)
    }
    [void]$sb.AppendFormat('</div><h2>The last {0} run(s)</h2><figure id="runs">', $runs.Count)
    [void]$sb.Append((ConvertTo-S365RunChartSvg -Run $runs))
    [void]$sb.Append('</figure>')
    foreach ($section in $sections) {
        $rows = @($Entry | Where-Object { $_.Status -eq $section.Status })
        [void]$sb.AppendFormat('<h2>{0} ({1})</h2>', (ConvertTo-S365HtmlText $section.Title), $rows.Count)
        if ($section.Hint) { [void]$sb.AppendFormat('<p class="meta">{0}</p>', (ConvertTo-S365HtmlText $section.Hint)) }
        if ($rows.Count -eq 0) {
            [void]$sb.AppendFormat('<p class="none" id="none-{0}">None.</p>', $section.Status)
            continue
        }
        [void]$sb.AppendFormat('<table id="table-{0}"><thead><tr>', $section.Status)
        foreach ($column in $section.Columns) { [void]$sb.AppendFormat('<th>{0}</th>', $column) }
        [void]$sb.Append('</tr></thead><tbody>')
        foreach ($row in $rows) {
            [void]$sb.AppendFormat('<tr data-status="{0}" data-guid="{1}">', $section.Status, (ConvertTo-S365HtmlText $row.ObjectGuid))
            foreach ($column in $section.Columns) {
                $value = if ($column -eq 'At') { Format-S365ReportTime $row.At } else { $row.$column }
                [void]$sb.AppendFormat('<td>{0}</td>', (ConvertTo-S365HtmlText $value))
            }
            [void]$sb.Append('</tr>')
        }
        [void]$sb.Append('</tbody></table>')
    }
    [void]$sb.Append('</body></html>')
    return $sb.ToString()
}
