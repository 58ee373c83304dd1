function Get-S365PhaseLabel {
    <#
    .SYNOPSIS
    What a protocol progress phase (connect, scope, read, send-users, send-groups, send-removals) is doing, in words.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowEmptyString()] [string] $Phase)
    switch ($Phase) {
        'connect' { return 'Connecting to the domain controller and Signature 365' }
        'scope' { return 'Resolving the sync scope (groups and their nested groups)' }
        'read' { return 'Reading users from Active Directory' }
        'send-users' { return 'Sending users to Signature 365' }
        'send-groups' { return 'Sending groups to Signature 365' }
        'send-removals' { return 'Sending removals to Signature 365' }
    }
    return $Phase
}
