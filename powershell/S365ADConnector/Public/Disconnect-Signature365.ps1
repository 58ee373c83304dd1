function Disconnect-Signature365 {
    <#
    .SYNOPSIS
    Removes the stored Signature 365 integration secret and API settings.

    .DESCRIPTION
    Disconnect-Signature365 deletes the integration secret, the proxy credentials and the API settings from
    the agent's configuration directory. The directory settings, the sync scope and the sync state are
    kept, so Connect-Signature365 can resume where you left off.

    Runs the agent verb 'disconnect' (docs/protocol.md).

    .PARAMETER PassThru
    Returns an object telling whether a secret was stored. By default there is no output.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .PARAMETER WhatIf
    Shows what would happen without removing anything.

    .PARAMETER Confirm
    Asks for confirmation before removing the secret.

    .INPUTS
    None

    .OUTPUTS
    None, or S365ADConnector.DisconnectResult with -PassThru.

    .EXAMPLE
    PS C:\> Disconnect-Signature365

    Removes the stored integration secret.

    .EXAMPLE
    PS C:\> Disconnect-Signature365 -WhatIf

    Shows what would be removed.

    .EXAMPLE
    PS C:\> Disconnect-Signature365 -Confirm:$false -PassThru

    Removes the secret without asking and tells whether one was stored.

    .LINK
    Connect-Signature365
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.DisconnectResult')]
    param(
        [switch] $PassThru,

        [string] $ConfigDir
    )

    $target = Resolve-S365ConfigDir -ConfigDir $ConfigDir
    if (-not $target) { $target = 'the default configuration directory' }
    if (-not $PSCmdlet.ShouldProcess($target, 'Remove the Signature 365 integration secret and API settings')) { return }

    $outcome = Invoke-S365Agent -Verb 'disconnect' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
    $hadSecret = [bool](Get-S365Value $outcome.Data 'hadSecret' -Default $false)
    Write-Verbose ("Disconnected from Signature 365 (a secret was stored: {0})." -f $hadSecret)
    if ($PassThru) {
        [pscustomobject]@{
            PSTypeName   = 'S365ADConnector.DisconnectResult'
            Disconnected = [bool](Get-S365Value $outcome.Data 'disconnected' -Default $false)
            HadSecret    = $hadSecret
        }
    }
}
