function Get-S365AgentCommand {
    <#
    .SYNOPSIS
    Where the s365-agent core is: $env:S365_AGENT_PATH (an executable), else $env:S365_AGENT_NODE_SCRIPT
    (a .js file run with node from PATH, for development), else the executable shipped in the module:
    bin/win-x64/s365-agent.exe on Windows, bin/linux-x64/s365-agent on Linux.
    Returns @{ FileName; Arguments (to put before the agent's own); Source }.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param()

    if (-not [string]::IsNullOrEmpty($env:S365_AGENT_PATH)) {
        if (-not (Test-Path -LiteralPath $env:S365_AGENT_PATH -PathType Leaf)) {
            throw (New-S365ErrorRecord -Code 'AGENT_NOT_FOUND' -TargetObject $env:S365_AGENT_PATH `
                    -Message "S365_AGENT_PATH points to '$($env:S365_AGENT_PATH)', which is not a file.")
        }
        return @{ FileName = (Resolve-Path -LiteralPath $env:S365_AGENT_PATH).ProviderPath; Arguments = @(); Source = 'S365_AGENT_PATH' }
    }

    if (-not [string]::IsNullOrEmpty($env:S365_AGENT_NODE_SCRIPT)) {
        if (-not (Test-Path -LiteralPath $env:S365_AGENT_NODE_SCRIPT -PathType Leaf)) {
            throw (New-S365ErrorRecord -Code 'AGENT_NOT_FOUND' -TargetObject $env:S365_AGENT_NODE_SCRIPT `
                    -Message "S365_AGENT_NODE_SCRIPT points to '$($env:S365_AGENT_NODE_SCRIPT)', which is not a file.")
        }
        $node = Get-Command -Name 'node' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $node) {
            throw (New-S365ErrorRecord -Code 'AGENT_NOT_FOUND' -TargetObject 'node' `
                    -Message 'S365_AGENT_NODE_SCRIPT is set but node was not found on PATH.')
        }
        $script = (Resolve-Path -LiteralPath $env:S365_AGENT_NODE_SCRIPT).ProviderPath
        return @{ FileName = $node.Path; Arguments = @($script); Source = 'S365_AGENT_NODE_SCRIPT' }
    }

    if (Test-S365IsWindows) {
        $relative = Join-Path 'bin' (Join-Path 'win-x64' 's365-agent.exe')
    } else {
        $relative = Join-Path 'bin' (Join-Path 'linux-x64' 's365-agent')
    }
    $path = Join-Path $script:ModuleRoot $relative
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        throw (New-S365ErrorRecord -Code 'AGENT_NOT_FOUND' -TargetObject $path `
                -Message "The s365-agent executable was not found at '$path'. Reinstall the module, or set S365_AGENT_PATH (an executable) or S365_AGENT_NODE_SCRIPT (a .js file run with node).")
    }
    return @{ FileName = $path; Arguments = @(); Source = 'module' }
}
