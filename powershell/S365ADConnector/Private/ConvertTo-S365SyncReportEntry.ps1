function ConvertTo-S365SyncReportEntry {
    <#
    .SYNOPSIS
    The S365ADConnector.SyncReportEntry objects of the data of the verb 'report': one per user and finding,
    matched users first, then unmatched, rejected, held back, warnings; every property a scalar, so that
    Export-Csv writes them as they are.
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.SyncReportEntry')]
    param([AllowNull()] [object] $Data)
    $kinds = @(
        @{ Status = 'Matched'; List = 'matched' }
        @{ Status = 'Unmatched'; List = 'unmatched' }
        @{ Status = 'Rejected'; List = 'rejected' }
        @{ Status = 'HeldBack'; List = 'heldBack' }
        @{ Status = 'Warning'; List = 'warnings' }
    )
    foreach ($kind in $kinds) {
        foreach ($item in @(Get-S365Value $Data $kind.List -Default @())) {
            $reason = switch ($kind.Status) {
                'Matched' { 'Linked to the Microsoft 365 user with this email: gets a signature.' }
                'Unmatched' { 'No Microsoft 365 user has this email: no signature until one has (check the primary SMTP address in AD, or the mailbox in Microsoft 365).' }
                'Rejected' { [string](Get-S365Value $item 'reason') }
                default { [string](Get-S365Value $item 'message') }
            }
            $conflicts = @(Get-S365Value $item 'conflictsWith' -Default @()) | ForEach-Object {
                $other = $_
                Get-S365Value $other 'dn' -Default (Get-S365Value $other 'objectGuid')
            }
            [pscustomobject]@{
                PSTypeName        = 'S365ADConnector.SyncReportEntry'
                Status            = $kind.Status
                Email             = [string](Get-S365Value $item 'email')
                DisplayName       = [string](Get-S365Value $item 'displayName' -Default '')
                Reason            = $reason
                Code              = [string](Get-S365Value $item 'code' -Default '')
                ConflictsWith     = (@($conflicts) -join '; ')
                ObjectGuid        = [string](Get-S365Value $item 'objectGuid')
                DistinguishedName = [string](Get-S365Value $item 'dn' -Default '')
                At                = ConvertTo-S365DateTime (Get-S365Value $item 'at')
            }
        }
    }
}
