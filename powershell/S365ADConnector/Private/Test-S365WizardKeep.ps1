function Test-S365WizardKeep {
    <#
    .SYNOPSIS
    Setup wizard: whether a step keeps what it found configured. Without a person, yes (a value not given
    is kept); with one, the answer to "Keep this <What>? (y/n) [y]".
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory = $true)] [string] $What,
        [bool] $Interactive
    )
    if (-not $Interactive) { return $true }
    return (Test-S365WizardYes (Read-S365WizardAnswer -Prompt ('  Keep this {0}? (y/n)' -f $What) -Default 'y'))
}
