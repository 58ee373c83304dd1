function Write-S365WizardLine {
    <#
    .SYNOPSIS
    Writes one line of the setup wizard's screen to the information stream, shown by default (so it reaches a
    person's console and an RMM tool's captured output alike, and tests can read it with 6>&1).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [AllowEmptyString()] [string] $Text = ''
    )
    Write-Information -MessageData $Text -Tags 'S365ADConnector', 'Setup' -InformationAction Continue
}
