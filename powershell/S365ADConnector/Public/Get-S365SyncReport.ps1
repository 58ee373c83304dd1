function Get-S365SyncReport {
    <#
    .SYNOPSIS
    Reports who is synced and matched to a Microsoft 365 user, who has no Microsoft 365 user (no signature),
    who was rejected or held back, and the warnings; as objects, CSV (Export-Csv) or an HTML page.

    .DESCRIPTION
    Get-S365SyncReport answers the most common support question, "why has this user no signature?", from
    what the agent recorded: the outcome Signature 365 gave for every synced user and the findings of the
    recent runs. It asks neither the directory nor Signature 365, takes no lock and works while a sync runs.

    By default it returns one S365ADConnector.SyncReportEntry per user and finding, with a Status of:
    Matched (synced and linked to the Microsoft 365 user with that email: gets a signature), Unmatched
    (synced, but no Microsoft 365 user has that email: no signature until one has), Rejected (refused by
    Signature 365, with its reason), HeldBack (not sent: another user has the same email) or Warning (sent
    without its photo or its manager's email; Code says which). Every property is a plain value, so
    'Get-S365SyncReport | Export-Csv -Path report.csv -NoTypeInformation' writes the CSV: the module has
    no CSV parameter of its own.

    With -Html it writes one self-contained page instead (inline CSS and SVG, no script, nothing fetched):
    the counts, a chart of the last runs (users synced, matched, unmatched and removed, and the duration of
    each run) and a table per status; it returns the file.

    A user's outcome is the one Signature 365 gave when it last accepted the user: an unchanged user is not
    sent again, so a mailbox created later shows once the user changes or a full sync (Start-S365Sync -Full)
    sends it. Rejections and warnings are those of the runs since the last successful full sync.

    Runs the agent verb 'report' (docs/protocol.md).

    .PARAMETER Status
    Only the entries of these statuses: Matched, Unmatched, Rejected, HeldBack, Warning. Default all.

    .PARAMETER Html
    Path of the HTML page to write (replaced if it exists; a relative path is resolved against the current
    location). The command then returns the file instead of the entries.

    .PARAMETER RunCount
    How many past runs the HTML page charts, 1 to 100. Default 20.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.SyncReportEntry
    System.IO.FileInfo

    .EXAMPLE
    PS C:\> Get-S365SyncReport -Status Unmatched

    Lists the users in scope that have no Microsoft 365 user, so no signature.

    .EXAMPLE
    PS C:\> Get-S365SyncReport | Export-Csv -Path C:\Reports\s365-users.csv -NoTypeInformation -Encoding UTF8

    Writes every entry to a CSV file (Status, Email, DisplayName, Reason, Code, ConflictsWith, ObjectGuid,
    DistinguishedName, At).

    .EXAMPLE
    PS C:\> Get-S365SyncReport -Html C:\Reports\s365-sync.html -RunCount 50

    Writes the HTML page with a chart of the last 50 runs, to open in a browser or attach to a mail.

    .EXAMPLE
    PS C:\> Get-S365SyncReport | Group-Object Status -NoElement

    Counts the users of each status.

    .LINK
    Get-S365User

    .LINK
    Get-S365SyncHistory
    #>
    [CmdletBinding(DefaultParameterSetName = 'Objects', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SyncReportEntry', ParameterSetName = 'Objects')]
    [OutputType([System.IO.FileInfo], ParameterSetName = 'Html')]
    param(
        [Parameter(ParameterSetName = 'Objects')]
        [ValidateSet('Matched', 'Unmatched', 'Rejected', 'HeldBack', 'Warning')]
        [string[]] $Status,

        [Parameter(Mandatory = $true, ParameterSetName = 'Html')]
        [ValidateNotNullOrEmpty()]
        [string] $Html,

        [ValidateRange(1, 100)]
        [int] $RunCount = 20,

        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'report' -Parameters ([ordered]@{ runs = $RunCount }) -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'report'
    $entries = @(ConvertTo-S365SyncReportEntry -Data $outcome.Data)
    if ($PSCmdlet.ParameterSetName -eq 'Objects') {
        foreach ($entry in $entries) {
            if (-not $Status -or $Status -contains $entry.Status) { $entry }
        }
        return
    }
    $path = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Html)
    $page = ConvertTo-S365SyncReportHtml -Data $outcome.Data -Entry $entries
    [System.IO.File]::WriteAllText($path, $page, (New-Object System.Text.UTF8Encoding($false)))
    Get-Item -LiteralPath $path
}
