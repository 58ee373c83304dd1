#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Get-S365SyncReport with the agent mocked: the entries of every status, the filter, and the HTML page
# (escaping, counts, one bar group per run, no script). The real agent, DC and Chromium: Integration.Tests.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    Get-Module S365ADConnector | Remove-Module -Force
    Import-Module (Join-Path $moduleRoot 'S365ADConnector.psd1') -Force

    function New-ReportRun {
        param([string] $StartedAt, [string] $Status = 'succeeded', [int] $Synced = 0, [int] $Removed = 0, [int] $DurationMs = 1500)
        [pscustomobject]@{ startedAt = $StartedAt; mode = 'full'; status = $Status; durationMs = $DurationMs; synced = $Synced; matched = 1; unmatched = ($Synced - 1); rejected = 0; removed = $Removed }
    }
    $script:report = [pscustomobject]@{
        generatedAt = '2026-12-02T08:00:00.000Z'
        counts      = [pscustomobject]@{ synced = 2; matched = 1; unmatched = 1; rejected = 1; heldBack = 1; warnings = 1 }
        matched     = @([pscustomobject]@{ objectGuid = 'g1'; email = 'alice@contoso.com'; displayName = 'Alice'; outcome = 'matched' })
        unmatched   = @([pscustomobject]@{ objectGuid = 'g2'; email = 'bob@contoso.com'; displayName = 'Bob <script>alert(1)</script>'; outcome = 'unmatched' })
        rejected    = @([pscustomobject]@{ objectGuid = 'g3'; email = 'carol@contoso.com'; displayName = 'Carol'; reason = 'photo too large: 120000 bytes'; at = '2026-12-01T07:00:00.000Z' })
        heldBack    = @([pscustomobject]@{ objectGuid = 'g4'; email = 'same@contoso.com'; dn = 'CN=Dan,DC=corp'; message = 'same email'; conflictsWith = @([pscustomobject]@{ objectGuid = 'g5'; dn = 'CN=Eve,DC=corp' }, [pscustomobject]@{ objectGuid = 'g6' }) })
        warnings    = @([pscustomobject]@{ objectGuid = 'g7'; email = 'fay@contoso.com'; code = 'MANAGER_NOT_FOUND'; message = 'manager not found'; dn = 'CN=Fay,DC=corp'; at = '2026-12-01T07:00:00.000Z' })
        lastRun     = [pscustomobject]@{ startedAt = '2026-12-02T07:00:00.000Z'; mode = 'delta'; status = 'failed' }
        runs        = @((New-ReportRun '2026-11-30T07:00:00.000Z' -Synced 5), (New-ReportRun '2026-12-01T07:00:00.000Z' -Synced 2 -Removed 1), (New-ReportRun '2026-12-02T07:00:00.000Z' -Status 'failed' -DurationMs 30000))
    }
    Mock -ModuleName S365ADConnector Invoke-S365Agent { [pscustomobject]@{ Ok = $true; Verb = 'report'; ExitCode = 0; Error = $null; Data = $script:report } }
}

AfterAll {
    Get-Module S365ADConnector | Remove-Module -Force
}

Describe 'Get-S365SyncReport' {
    It 'asks the agent for the report with the number of runs to chart' {
        $null = Get-S365SyncReport -RunCount 7
        Should -Invoke -ModuleName S365ADConnector Invoke-S365Agent -Times 1 -Exactly -ParameterFilter { $Verb -eq 'report' -and $Parameters['runs'] -eq 7 }
    }

    It 'returns one SyncReportEntry per user and finding, in the order matched, unmatched, rejected, held back, warnings' {
        $entries = @(Get-S365SyncReport)
        @($entries | ForEach-Object Status) | Should -Be @('Matched', 'Unmatched', 'Rejected', 'HeldBack', 'Warning')
        @($entries | ForEach-Object { $_.PSObject.TypeNames[0] } | Sort-Object -Unique) | Should -Be @('S365ADConnector.SyncReportEntry')
        $entries[1].Reason | Should -Match 'No Microsoft 365 user has this email'
        $entries[2].Reason | Should -Be 'photo too large: 120000 bytes'
        $entries[2].At | Should -BeOfType ([datetime])
        $entries[3].ConflictsWith | Should -Be 'CN=Eve,DC=corp; g6'
        $entries[3].DistinguishedName | Should -Be 'CN=Dan,DC=corp'
        $entries[4].Code | Should -Be 'MANAGER_NOT_FOUND'
        $entries[0].At | Should -BeNullOrEmpty
    }

    It 'keeps only the statuses asked for with -Status' {
        @(Get-S365SyncReport -Status Rejected, HeldBack | ForEach-Object Email) | Should -Be @('carol@contoso.com', 'same@contoso.com')
    }

    It 'writes the HTML page to a path relative to the current location and returns the file' {
        $dir = New-TestDirectory -Prefix 's365-report'
        try {
            Push-Location -LiteralPath $dir
            try { $file = Get-S365SyncReport -Html 'page.html' } finally { Pop-Location }
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -Be (Join-Path $dir 'page.html')
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            $bytes[0] | Should -Be ([byte][char]'<') -Because 'UTF-8 without a byte order mark'
        } finally {
            Remove-TestDirectory -Path $dir
        }
    }

    Context 'the HTML page' {
        BeforeAll {
            $dir = New-TestDirectory -Prefix 's365-report'
            $script:html = [System.IO.File]::ReadAllText((Get-S365SyncReport -Html (Join-Path $dir 'r.html')).FullName)
            Remove-TestDirectory -Path $dir
        }

        It 'is self-contained: no script, no link, nothing fetched' {
            $html | Should -Not -Match '<script|<link |@import|src=|https?://(?!www\.w3\.org/2000/svg)'
        }

        It 'escapes what comes from the directory' {
            $html | Should -Match 'Bob &lt;script&gt;alert\(1\)&lt;/script&gt;'
        }

        It 'shows every count, and a table per status with its users' {
            foreach ($count in @{ synced = 2; matched = 1; unmatched = 1; rejected = 1; heldBack = 1; warnings = 1 }.GetEnumerator()) {
                $html | Should -Match ('id="count-{0}"><div class="n">{1}</div>' -f $count.Key, $count.Value)
            }
            $html | Should -Match '<tr data-status="Rejected" data-guid="g3"><td>carol@contoso.com</td><td>Carol</td><td>photo too large: 120000 bytes</td><td>2026-12-01 07:00 UTC</td></tr>'
            $html | Should -Match '<tr data-status="HeldBack" data-guid="g4"><td>same@contoso.com</td><td></td><td>CN=Dan,DC=corp</td><td>CN=Eve,DC=corp; g6</td></tr>'
            $html | Should -Match 'Last run: 2026-12-02 07:00 UTC, delta, failed\.'
            $html | Should -Match '<h2>In scope, no Microsoft 365 user: no signature \(1\)</h2><p class="meta">Synced, but no Microsoft 365 user has this email\.'
        }

        It 'charts one bar group per run, oldest first, with the values of each series and the duration in seconds' {
            foreach ($chart in 'counts', 'duration') {
                $svg = [regex]::Match($html, ('<svg[^>]*id="chart-{0}".*?</svg>' -f $chart), 'Singleline').Value
                @([regex]::Matches($svg, '<g class="run [^"]*" data-run="(\d)"') | ForEach-Object { $_.Groups[1].Value }) | Should -Be @('0', '1', '2')
            }
            $html | Should -Match '<g class="run run-succeeded" data-run="1" data-started="2026-12-01 07:00 UTC"><title>[^<]*synced 2, matched 1, unmatched 1, removed 1, 1\.5 s</title><rect data-series="synced" data-value="2"'
            $html | Should -Match '<g class="run run-failed" data-run="2"[^>]*><title>[^<]*</title><rect data-series="duration" data-value="30"'
        }

        It 'says None for a status without users, and charts nothing before the first run' {
            $full = $script:report
            $script:report = [pscustomobject]@{ generatedAt = '2026-12-02T08:00:00.000Z'; counts = [pscustomobject]@{ synced = 0 }; matched = @(); unmatched = @(); rejected = @(); heldBack = @(); warnings = @(); lastRun = $null; runs = @() }
            $dir = New-TestDirectory -Prefix 's365-report'
            try {
                $empty = [System.IO.File]::ReadAllText((Get-S365SyncReport -Html (Join-Path $dir 'e.html')).FullName)
            } finally {
                $script:report = $full
                Remove-TestDirectory -Path $dir
            }
            $empty | Should -Match 'id="none-Unmatched">None\.'
            $empty | Should -Match 'No sync has run yet\.'
            $empty | Should -Not -Match '<g class="run '
        }
    }
}
