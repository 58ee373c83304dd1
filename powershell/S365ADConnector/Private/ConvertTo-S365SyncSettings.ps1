function ConvertTo-S365SyncSettings {
    <#
    .SYNOPSIS
    The effective sync settings: the given protocol object (set-sync-settings data, or get-config's possibly
    partial 'sync' section) over the documented defaults ($script:S365SyncSettingDefaults).
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Data)
    $value = { param($name) Get-S365Value $Data $name $script:S365SyncSettingDefaults[$name] }
    [pscustomobject]@{
        PSTypeName         = 'S365ADConnector.SyncSettings'
        MaxRemovals        = [int](& $value 'maxRemovals')
        MaxRemovalPercent  = [double](& $value 'maxRemovalPercent')
        FullSyncAfterDays  = [int](& $value 'fullSyncAfterDays')
        MaxRejectedPercent = [double](& $value 'maxRejectedPercent')
    }
}
