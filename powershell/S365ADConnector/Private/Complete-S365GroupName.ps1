function Complete-S365GroupName {
    <#
    .SYNOPSIS
    Argument completer for group names (Set-S365SyncScope -Group, Get-S365Group -Name): asks the agent's
    list-groups verb for up to 50 groups whose name starts with what was typed.
    #>
    [CmdletBinding()]
    param(
        [string] $WordToComplete,
        [System.Collections.IDictionary] $FakeBoundParameters
    )
    $prefix = $WordToComplete
    if ($null -eq $prefix) { $prefix = '' }
    $prefix = $prefix.Trim().Trim('"', "'").TrimEnd('*')
    $configDir = $null
    if ($null -ne $FakeBoundParameters -and $FakeBoundParameters.Contains('ConfigDir')) { $configDir = [string]$FakeBoundParameters['ConfigDir'] }
    $params = [ordered]@{ limit = 50 }
    if ($prefix) { $params['prefix'] = $prefix }
    try {
        $outcome = Invoke-S365Agent -Verb 'list-groups' -Parameters $params -ConfigDir $configDir -ErrorAction Stop -Verbose:$false
    } catch {
        return
    }
    if (-not $outcome.Ok) { return }
    foreach ($group in @(Get-S365Value $outcome.Data 'groups' -Default @())) {
        $name = [string](Get-S365Value $group 'name')
        if (-not $name) { continue }
        $text = $name
        if ($name -match "[\s'`"$;,(){}@&|<>#]") { $text = "'" + $name.Replace("'", "''") + "'" }
        $tip = [string](Get-S365Value $group 'dn')
        New-Object System.Management.Automation.CompletionResult($text, $name, [System.Management.Automation.CompletionResultType]::ParameterValue, $(if ($tip) { $tip } else { $name }))
    }
}
