function Resolve-S365ConfigDir {
    <#
    .SYNOPSIS
    The configuration directory to pass to the agent as --config-dir: -ConfigDir, else $env:S365_CONFIG_DIR,
    else $null (the agent's platform default). Relative paths are resolved against the current PowerShell
    location (the child process would otherwise resolve them against the .NET current directory).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [AllowEmptyString()] [string] $ConfigDir
    )
    $dir = $ConfigDir
    if ([string]::IsNullOrEmpty($dir)) { $dir = $env:S365_CONFIG_DIR }
    if ([string]::IsNullOrEmpty($dir)) { return $null }
    return $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($dir)
}
