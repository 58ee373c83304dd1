function ConvertTo-S365SyncSetting {
    <#
    .SYNOPSIS
    The S365ADConnector.SyncSettings of the sync settings in effect as the agent returns them (the data of
    set-sync-settings, get-config's effective.sync): complete, the agent has filled in its defaults.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Data)
    if ($null -eq $Data) {
        throw (New-S365ErrorRecord -Code 'INTERNAL' -TargetObject 'sync settings' `
                -Message 'The s365-agent did not return the sync settings in effect (get-config: effective.sync); the module and its agent do not match.')
    }
    [pscustomobject]@{
        PSTypeName           = 'S365ADConnector.SyncSettings'
        MaxRemovals          = [int](Get-S365Value $Data 'maxRemovals')
        MaxRemovalPercent    = [double](Get-S365Value $Data 'maxRemovalPercent')
        RemovalGuardMinCount = [int](Get-S365Value $Data 'removalGuardMinCount')
        FullSyncAfterDays    = [int](Get-S365Value $Data 'fullSyncAfterDays')
        MaxRejectedPercent   = [double](Get-S365Value $Data 'maxRejectedPercent')
        ApiConcurrency       = [int](Get-S365Value $Data 'apiConcurrency')
    }
}
