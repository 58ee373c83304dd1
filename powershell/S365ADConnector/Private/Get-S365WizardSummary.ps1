function Get-S365WizardSummary {
    <#
    .SYNOPSIS
    The setup wizard's closing screen: what is configured, and the commands to check on it later.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory = $true)] [object] $Result,
        [string] $ConfigDir
    )
    $dirArg = ''
    if ($ConfigDir) { $dirArg = " -ConfigDir '{0}'" -f $ConfigDir }
    $lines = New-Object System.Collections.Generic.List[string]
    $lines.Add('')
    $lines.Add('Setup complete.')
    $lines.Add(('  Tenant:    {0}' -f $Result.TenantName))
    $lines.Add(('  Directory: {0}' -f (Format-S365DirectoryTarget -Servers $Result.Servers -Domain $Result.Domain -BindDn $Result.BindDn)))
    $lines.Add(('  Scope:     {0}' -f $Result.Scope))
    $lines.Add(('  Schedule:  {0}' -f $Result.Schedule))
    if ($null -ne $Result.FirstSync) {
        $lines.Add(('  First sync: {0}, {1} users sent, {2} matched, {3} without a Microsoft 365 user' -f $Result.FirstSync.Status, ($Result.FirstSync.Added + $Result.FirstSync.Updated), $Result.FirstSync.Matched, $Result.FirstSync.Unmatched))
    } else {
        $lines.Add('  First sync: not run yet')
    }
    $lines.Add('To check on it later:')
    $lines.Add(('  Get-S365SyncStatus{0}        # last run, synced users, watermark' -f $dirArg))
    $lines.Add(('  Get-S365SyncHistory{0}       # the last runs, with their error codes' -f $dirArg))
    $lines.Add('  Get-S365SyncTask                # the scheduled task: last result, next run (Windows)')
    $lines.Add(('  Get-S365User <name>{0}       # why a user is (not) synced' -f $dirArg))
    $lines.Add(('  Initialize-S365Connector{0}  # run this setup again: every step shows what it finds' -f $dirArg))
    return $lines.ToArray()
}
