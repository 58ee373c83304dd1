function Select-S365WizardGroup {
    <#
    .SYNOPSIS
    Setup wizard: lets the person pick groups. Asks for part of a name, lists the groups whose name holds it
    (Get-S365Group -Name '*part*'), numbered, and takes the numbers chosen (e.g. 1,3 or 2-4); with
    Out-GridView at hand (Windows, at the console) the list opens there instead. Repeats until an empty
    search. Returns the chosen S365ADConnector.Group objects, each once.
    #>
    [CmdletBinding()]
    [OutputType('S365ADConnector.Group')]
    param(
        [string] $ConfigDir,
        [bool] $UseGridView
    )
    $chosen = New-Object System.Collections.Generic.List[object]
    while ($true) {
        $part = Read-S365WizardAnswer -Prompt '  Part of a group name to search for (Enter when done)'
        if (-not $part) { break }
        $found = @(Get-S365Group -Name ('*{0}*' -f $part.Trim('*')) -ConfigDir $ConfigDir -WarningAction SilentlyContinue)
        if ($found.Count -eq 0) {
            Write-S365WizardLine ("  No group name contains '{0}'." -f $part)
            continue
        }
        $picked = @()
        if ($UseGridView) {
            $picked = @($found | Out-GridView -Title 'Signature 365: groups whose members are synced' -PassThru)
        } else {
            for ($i = 0; $i -lt $found.Count; $i++) {
                $mail = ''
                if ($found[$i].Mail) { $mail = ' <{0}>' -f $found[$i].Mail }
                Write-S365WizardLine ('  {0,3}) {1}{2}' -f ($i + 1), $found[$i].Name, $mail)
            }
            $numbers = Read-S365WizardAnswer -Prompt '  Numbers to add (e.g. 1,3 or 2-4; Enter: none)'
            $picked = @(foreach ($index in (ConvertFrom-S365WizardNumberList -Text $numbers -Count $found.Count)) { $found[$index - 1] })
        }
        foreach ($group in $picked) {
            if (-not ($chosen | Where-Object { $_.ObjectGuid -eq $group.ObjectGuid })) { $chosen.Add($group) }
        }
        Write-S365WizardLine ('  Chosen so far: {0}' -f ((@($chosen | ForEach-Object { $_.Name }) -join ', ')))
    }
    return $chosen.ToArray()
}
