function Get-S365User {
    <#
    .SYNOPSIS
    Explains one Active Directory user: in the sync scope or not and why, which email is used, what a sync would send.

    .DESCRIPTION
    Get-S365User looks the user up in the directory (with the settings of Set-S365Directory) and judges it
    against the sync scope exactly as a sync does:

    - InScope and Reason: whether the user is synced, and why not (disabled, outside the search bases, not
      a member of the scope groups, excluded through a group, no email). Reasons holds each reason with its
      code (DISABLED, OUTSIDE_SEARCH_BASES, NOT_A_MEMBER, EXCLUDED, NO_EMAIL), ReasonCodes just the codes.
    - GroupPath: the chain of groups, from the scope group down to the user's own group, through which the
      user is a member (nested groups included); ExcludedPath the same for an excluding group.
    - Email and EmailSource: the address Signature 365 matches the user by, and where it came from
      (proxyAddresses: the primary SMTP address; mail; userPrincipalName when the mapping allows it);
      EmailReason says why in words.
    - Payload: the data a sync would send for the user (a photo is shown by its size and hash only).
    - Synced, SyncedEmail, SyncOutcome, ChangedSinceSync, WouldSend: what Signature 365 last confirmed for
      the user, and whether the next sync sends it.

    Nothing is changed and nothing is sent. A user that is not found, or an identity matching several users,
    is a non-terminating error with the error id BAD_REQUEST ($_.Exception.Data['Details'].candidates lists
    the matches); the other identities are still explained.

    Runs the agent verb 'explain' (docs/protocol.md) once per identity.

    .PARAMETER Identity
    The user: sAMAccountName (or DOMAIN\sAMAccountName), userPrincipalName, mail or SMTP proxy address,
    distinguished name or objectGUID. Accepts strings and objects, also from the pipeline: of an object the
    first property present of ObjectGUID, DistinguishedName, UserPrincipalName and SamAccountName is used,
    so the output of Get-ADUser can be piped in.

    .PARAMETER ConfigDir
    Configuration directory of the agent (settings, secrets, state, logs). Default: $env:S365_CONFIG_DIR,
    else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.

    .INPUTS
    System.String
    System.Management.Automation.PSObject
    User identities, or objects with an ObjectGUID, DistinguishedName, UserPrincipalName or SamAccountName
    property, such as the output of Get-ADUser.

    .OUTPUTS
    S365ADConnector.UserExplanation

    .EXAMPLE
    PS C:\> Get-S365User -Identity jsmith

    Shows whether jsmith is synced, why or why not, and the email Signature 365 knows the user by.

    .EXAMPLE
    PS C:\> (Get-S365User alice.johnson@contoso.com).Payload

    Shows the data the next sync sends for Alice.

    .EXAMPLE
    PS C:\> Get-ADUser -Filter "Department -eq 'Sales'" | Get-S365User | Where-Object { -not $_.InScope } | Format-Table SamAccountName, ReasonCodes, Reason

    Lists the Sales users that are not synced, and why.

    .EXAMPLE
    PS C:\> Get-S365User 'CN=Bob Lee,OU=Staff,DC=contoso,DC=com' | Format-List InScope, GroupPath, Email, EmailSource, EmailReason

    Shows through which nested groups Bob is in scope and where his email comes from.

    .LINK
    Set-S365SyncScope

    .LINK
    Start-S365Sync
    #>
    [CmdletBinding(HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.UserExplanation')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()]
        [object[]] $Identity,

        [string] $ConfigDir
    )

    process {
        foreach ($item in $Identity) {
            $id = Resolve-S365Identity -InputObject $item -PropertyName 'ObjectGUID', 'DistinguishedName', 'UserPrincipalName', 'SamAccountName'
            if ([string]::IsNullOrWhiteSpace($id)) { continue }
            $outcome = Invoke-S365Agent -Verb 'explain' -Parameters ([ordered]@{ identity = $id }) -ConfigDir $ConfigDir -Cmdlet $PSCmdlet -TargetObject $id -NoThrow
            if (-not $outcome.Ok) {
                $record = ConvertTo-S365ErrorRecord -Outcome $outcome -TargetObject $id
                # An unknown or ambiguous user only fails this identity; anything else (not configured, DC
                # unreachable...) would fail every one: stop.
                if ([string]$outcome.Error.code -eq 'BAD_REQUEST') {
                    $PSCmdlet.WriteError($record)
                    continue
                }
                $PSCmdlet.ThrowTerminatingError($record)
            }
            ConvertTo-S365UserExplanation -Data $outcome.Data -Identity $id
        }
    }
}
