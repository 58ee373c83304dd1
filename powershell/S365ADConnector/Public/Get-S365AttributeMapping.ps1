function Get-S365AttributeMapping {
    <#
    .SYNOPSIS
    Shows which Active Directory attributes fill the Signature 365 fields: custom attributes, field overrides, the email rule.

    .DESCRIPTION
    Get-S365AttributeMapping returns the attribute mapping in effect:

    - CustomAttributes: custom field name -> Active Directory attribute, sent under customAttributes
      (DefaultCustomAttributes is $true while it is the default: extensionAttribute1 to 15).
    - FieldOverrides: fixed field (jobTitle, department, ...) -> the attribute read for it instead of the
      default one.
    - AllowUpnAsEmail: whether users with neither a primary SMTP address nor mail are matched by their
      userPrincipalName.

    Change it with Set-S365AttributeMapping. Get-S365User shows the data a sync sends for one user.

    Runs the agent verb 'get-mapping' (docs/protocol.md).

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.AttributeMapping

    .EXAMPLE
    PS C:\> Get-S365AttributeMapping

    Shows the custom attributes, the field overrides and the email rule.

    .EXAMPLE
    PS C:\> (Get-S365AttributeMapping).CustomAttributes

    Lists each custom field name with the attribute it is read from.

    .EXAMPLE
    PS C:\> (Get-S365AttributeMapping).FieldOverrides['jobTitle']

    Tells which attribute the job title is read from, when it is not the default one.

    .LINK
    Set-S365AttributeMapping

    .LINK
    Get-S365User
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.AttributeMapping')]
    param(
        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'get-mapping' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'attribute mapping'
    ConvertTo-S365AttributeMapping -Data $outcome.Data
}
