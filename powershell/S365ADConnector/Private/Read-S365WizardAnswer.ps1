function Read-S365WizardAnswer {
    <#
    .SYNOPSIS
    Asks the person one question of the setup wizard (Read-Host) and returns the answer trimmed, or the
    default when the answer is empty. -AsSecureString reads without echo (masked) and returns a SecureString.
    Only called when Test-S365CanPrompt is true; a function so tests can answer for the person.
    #>
    [CmdletBinding()]
    [OutputType([string], [System.Security.SecureString])]
    param(
        [Parameter(Mandatory = $true)] [string] $Prompt,
        [string] $Default = '',
        [switch] $AsSecureString
    )
    if ($AsSecureString) { return (Read-Host -Prompt $Prompt -AsSecureString) }
    $shown = $Prompt
    if ($Default) { $shown = '{0} [{1}]' -f $Prompt, $Default }
    $answer = [string](Read-Host -Prompt $shown)
    if ([string]::IsNullOrWhiteSpace($answer)) { return $Default }
    return $answer.Trim()
}
