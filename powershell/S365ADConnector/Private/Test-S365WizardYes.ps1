function Test-S365WizardYes {
    <#
    .SYNOPSIS
    True when a yes/no answer of the setup wizard means yes (y, yes, any case); an empty answer was already
    replaced by the question's default.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([AllowEmptyString()] [string] $Answer)
    return ($Answer -match '^\s*(y|yes)\s*$')
}
