function Get-S365DirectoryInfo {
    <#
    .SYNOPSIS
    Describes the Active Directory the AD Connector reads: domain, domain controllers, functional levels, capabilities.

    .DESCRIPTION
    Get-S365DirectoryInfo connects to the directory with the settings of Set-S365Directory (failing over
    across the servers, or the domain controllers DNS lists for -Domain) and reports what it found: the
    domain and forest, the naming contexts, the domain controller that answered (and its site), every
    domain controller registered in the forest, the domain, forest and DC functional levels, the LDAP
    versions, controls, capabilities and SASL mechanisms the DC supports, and its highest committed USN.

    Two answers matter most for the sync: PagedResults (reading large directories needs the paged results
    control) and NestedGroupQuery (whether the DC answered a real query with the nested-group matching
    rule LDAP_MATCHING_RULE_IN_CHAIN; without it nested group members are found by walking member lists).

    Read-only: nothing is changed. Use it to check a new installation or to collect facts for support.

    Runs the agent verb 'discover' (docs/protocol.md).

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    None

    .OUTPUTS
    S365ADConnector.DirectoryInfo

    .EXAMPLE
    PS C:\> Get-S365DirectoryInfo

    Shows the domain, the domain controller that answered, the functional level and whether nested group
    queries work.

    .EXAMPLE
    PS C:\> (Get-S365DirectoryInfo).DomainControllers | Format-Table Name, DnsHostName, Site

    Lists every domain controller of the forest by site.

    .EXAMPLE
    PS C:\> Get-S365DirectoryInfo | Format-List *

    Shows everything the agent found, for a support case.

    .EXAMPLE
    PS C:\> (Get-S365DirectoryInfo).SupportedControls | Sort-Object Name

    Lists the LDAP controls the domain controller supports.

    .LINK
    Set-S365Directory

    .LINK
    Get-S365Configuration
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.DirectoryInfo')]
    param(
        [string] $ConfigDir
    )
    $outcome = Invoke-S365Agent -Verb 'discover' -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject 'directory'
    ConvertTo-S365DirectoryInfo -Data $outcome.Data
}
