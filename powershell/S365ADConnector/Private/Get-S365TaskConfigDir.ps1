function Get-S365TaskConfigDir {
    <#
    .SYNOPSIS
    The configuration directory a sync task runs with: the -ConfigDir "..." of its action's arguments (as
    New-S365SyncTaskXml writes them), else $null (the agent's default).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [object] $Task)
    foreach ($action in @(Get-S365Value $Task 'Actions' -Default @())) {
        $arguments = [string](Get-S365Value $action 'Arguments')
        if ($arguments -match '-ConfigDir\s+"(?<dir>[^"]+)"') { return $Matches['dir'] }
    }
    return $null
}
