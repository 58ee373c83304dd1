function Set-S365AttributeMapping {
    <#
    .SYNOPSIS
    Chooses which Active Directory attributes fill the Signature 365 fields: custom attributes, field overrides, the email rule.

    .DESCRIPTION
    Set-S365AttributeMapping changes how users' Active Directory attributes become the data sent to
    Signature 365 (the field table is in docs/mapping.md):

    - -CustomAttribute: the custom attributes sent under customAttributes, usable in signature templates.
      Each entry is '<adAttribute>=<fieldName>' (or just '<adAttribute>' to keep its name). The list
      replaces the current one; an empty list (-CustomAttribute @()) sends none. Default: Exchange's
      extensionAttribute1 to extensionAttribute15 under their own names.
    - -FieldOverride: fixed fields read from another attribute, each '<adAttribute>=<field>', for example
      'extensionAttribute3=jobTitle'. The list replaces the current one; @() clears it.
    - -AllowUpnAsEmail: users with neither a primary SMTP address nor a mail attribute are matched by their
      userPrincipalName (otherwise they are skipped). -AllowUpnAsEmail:$false turns it off again.
    - -Reset: back to the default mapping.

    Settings not given keep their current value. The attribute names are checked against the directory
    schema (they must exist and hold text) unless -SkipTest; a name that is not in the schema, a binary
    attribute or a malformed entry fails with BAD_REQUEST and nothing is changed. The schema's spelling of
    each name is stored.

    A new mapping changes what is sent: the next sync sends every user whose data changed through it.

    Runs the agent verb 'set-mapping' (docs/protocol.md).

    .PARAMETER CustomAttribute
    Custom attributes, each '<adAttribute>=<fieldName>' or '<adAttribute>'. Replaces the current list;
    @() sends no custom attribute.

    .PARAMETER FieldOverride
    Fixed fields filled from another attribute, each '<adAttribute>=<field>' (field: jobTitle, department,
    phone, ...). Replaces the current list; @() clears it.

    .PARAMETER AllowUpnAsEmail
    Uses the userPrincipalName as the email of users with neither a primary SMTP address nor a mail
    attribute. -AllowUpnAsEmail:$false turns it off.

    .PARAMETER Reset
    Goes back to the default mapping. Cannot be combined with the other mapping parameters.

    .PARAMETER SkipTest
    Saves without checking the attribute names against the directory schema.

    .PARAMETER PassThru
    Returns the mapping in effect after the change. By default there is no output.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .PARAMETER WhatIf
    Shows what would change without changing it (the agent is not called).

    .PARAMETER Confirm
    Asks for confirmation before changing the mapping.

    .INPUTS
    None

    .OUTPUTS
    None, or S365ADConnector.AttributeMapping with -PassThru.

    .EXAMPLE
    PS C:\> Set-S365AttributeMapping -CustomAttribute 'extensionAttribute5=CostCenter', 'extensionAttribute6=Pronouns' -PassThru

    Sends two custom attributes under the names CostCenter and Pronouns (and no other), checked against the schema.

    .EXAMPLE
    PS C:\> Set-S365AttributeMapping -FieldOverride 'extensionAttribute3=jobTitle'

    Takes the job title from extensionAttribute3 instead of the title attribute.

    .EXAMPLE
    PS C:\> Set-S365AttributeMapping -AllowUpnAsEmail

    Matches users without a mailbox address by their userPrincipalName.

    .EXAMPLE
    PS C:\> Set-S365AttributeMapping -Reset -Confirm:$false

    Goes back to the default mapping.

    .LINK
    Get-S365AttributeMapping

    .LINK
    Get-S365User
    #>
    [CmdletBinding(DefaultParameterSetName = 'Set', SupportsShouldProcess = $true, ConfirmImpact = 'Medium', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.AttributeMapping')]
    param(
        [Parameter(ParameterSetName = 'Set')]
        [AllowEmptyCollection()]
        [string[]] $CustomAttribute,

        [Parameter(ParameterSetName = 'Set')]
        [AllowEmptyCollection()]
        [string[]] $FieldOverride,

        [Parameter(ParameterSetName = 'Set')]
        [switch] $AllowUpnAsEmail,

        [Parameter(Mandatory = $true, ParameterSetName = 'Reset')]
        [switch] $Reset,

        [Parameter(ParameterSetName = 'Set')]
        [switch] $SkipTest,

        [switch] $PassThru,

        [string] $ConfigDir
    )

    $params = [ordered]@{}
    $changes = New-Object System.Collections.Generic.List[string]
    if ($PSCmdlet.ParameterSetName -eq 'Reset') {
        $params['reset'] = $true
        $changes.Add('back to the default mapping')
    } else {
        if ($PSBoundParameters.ContainsKey('CustomAttribute')) {
            $entries = [string[]]@($CustomAttribute | Where-Object { -not [string]::IsNullOrWhiteSpace($_) })
            $params['customAttributes'] = $entries
            $changes.Add('custom attributes ' + $(if ($entries.Count -gt 0) { $entries -join ', ' } else { 'none' }))
        }
        if ($PSBoundParameters.ContainsKey('FieldOverride')) {
            $entries = [string[]]@($FieldOverride | Where-Object { -not [string]::IsNullOrWhiteSpace($_) })
            $params['fieldOverrides'] = $entries
            $changes.Add('field overrides ' + $(if ($entries.Count -gt 0) { $entries -join ', ' } else { 'none' }))
        }
        if ($PSBoundParameters.ContainsKey('AllowUpnAsEmail')) {
            $params['allowUpnAsEmail'] = [bool]$AllowUpnAsEmail
            $changes.Add('userPrincipalName as email ' + $(if ($AllowUpnAsEmail) { 'allowed' } else { 'not allowed' }))
        }
        if ($params.Count -eq 0) {
            $PSCmdlet.ThrowTerminatingError((New-S365ErrorRecord -Code 'BAD_REQUEST' -TargetObject 'attribute mapping' -ExitCode 2 `
                        -Message 'Give at least one of -CustomAttribute, -FieldOverride, -AllowUpnAsEmail, or -Reset.'))
        }
        if ($SkipTest) { $params['skipTest'] = $true }
    }

    $target = Resolve-S365ConfigDir -ConfigDir $ConfigDir
    if (-not $target) { $target = 'Signature 365 attribute mapping' }
    if (-not $PSCmdlet.ShouldProcess($target, 'Set the attribute mapping: ' + ($changes -join '; '))) { return }

    $outcome = Invoke-S365Agent -Verb 'set-mapping' -Parameters $params -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $target
    $mapping = ConvertTo-S365AttributeMapping -Data $outcome.Data
    Write-Verbose ('Attribute mapping saved{0}.' -f $(if ($mapping.Checked) { ', checked against the directory schema' } else { '' }))
    if ($PassThru) { $mapping }
}
