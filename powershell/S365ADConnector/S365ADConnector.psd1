@{
    RootModule           = 'S365ADConnector.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '1f4d9a15-33b5-4670-9045-4ef3ffab00b9'
    Author               = 'Signature 365'
    CompanyName          = 'Signature 365'
    Copyright            = '(c) Signature 365. All rights reserved.'
    Description          = 'Signature 365 AD Connector: reads users and groups from Active Directory and synchronizes them to Signature 365. Drives the s365-agent core shipped in the module''s bin folder.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')

    FormatsToProcess     = @('Formats/S365ADConnector.Format.ps1xml')
    TypesToProcess       = @('Types/S365ADConnector.Types.ps1xml')

    # Explicit list: never '*'. Must match the files under Public/ (checked by Tests/Manifest.Tests.ps1).
    FunctionsToExport    = @(
        'Connect-Signature365'
        'Disable-S365SyncTask'
        'Disconnect-Signature365'
        'Enable-S365SyncTask'
        'Get-S365AttributeMapping'
        'Get-S365Configuration'
        'Get-S365DirectoryInfo'
        'Get-S365Group'
        'Get-S365SyncScope'
        'Get-S365SyncHistory'
        'Get-S365SyncReport'
        'Get-S365SyncSetting'
        'Get-S365SyncStatus'
        'Get-S365SyncTask'
        'Get-S365User'
        'Initialize-S365Connector'
        'Register-S365SyncTask'
        'Set-S365AttributeMapping'
        'Set-S365Directory'
        'Set-S365SyncScope'
        'Set-S365SyncSetting'
        'Start-S365Sync'
        'Test-S365Auth'
        'Unregister-S365SyncTask'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        # Where Get-Help <command> -Online goes: the HelpUri of every exported command's CmdletBinding.
        # An attribute takes only a constant, so each Public/ file repeats it; this is the value they must
        # equal (checked by Tests/Commands.Tests.ps1). There is no public help site for the connector: this
        # is its page in the Signature 365 portal, the only public URL it has (docs/powershell.md, "Online help").
        HelpUri = 'https://app.signature365.com/integrations/active-directory-agent'

        PSData  = @{
            Tags         = @('Signature365', 'ActiveDirectory', 'EmailSignature', 'Microsoft365', 'Sync', 'Windows', 'Linux')
            ProjectUri   = 'https://www.signature365.com'
            ReleaseNotes = 'Connect, directory (servers or DNS domain), scope (groups, OUs, exclusions, disabled accounts), attribute mapping, user explanation, directory discovery, sync settings, full and delta sync with plans, status with watermark, scheduled task.'
        }
    }
}
