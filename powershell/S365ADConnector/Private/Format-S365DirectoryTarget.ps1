function Format-S365DirectoryTarget {
    <#
    .SYNOPSIS
    The setup wizard's words for a directory setting: "<servers or domain> as <account>", where no account
    means integrated authentication (the identity of the process that runs the agent).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyCollection()] [string[]] $Servers = @(),
        [AllowEmptyString()] [string] $Domain,
        [AllowEmptyString()] [string] $BindDn
    )
    $where = 'this computer''s domain'
    if (@($Servers | Where-Object { $_ }).Count -gt 0) {
        $where = ($Servers | Where-Object { $_ }) -join ', '
    } elseif ($Domain) {
        $where = 'the domain controllers of {0}' -f $Domain
    }
    $who = 'this server''s own identity (integrated)'
    if ($BindDn) { $who = $BindDn }
    return ('{0} as {1}' -f $where, $who)
}
