function Initialize-S365Connector {
    <#
    .SYNOPSIS
    Sets up the AD Connector step by step: the Configuration Utility, in PowerShell.
    .DESCRIPTION
    Initialize-S365Connector walks through the setup in six steps, each showing what it finds and each safe to
    run again: the integration secret (pasted without echo and tested: the tenant name is shown), the
    directory (on Windows, by default, this server's own identity with its domain and a domain controller of
    its site found by the agent, Enter to accept; or a domain controller and a service account, the only
    choice off Windows), who is synced (all users, or the members of groups found by part of their name and picked from a
    numbered list, or Out-GridView where it exists), a preview from a dry run (users in scope and the first
    of them named; nothing is sent), the schedule (Register-S365SyncTask; off Windows it says that scheduled
    tasks are Windows only and goes on), and the first sync with its progress. It closes with a summary and
    the commands to check on the connector later.

    With a person at the console (also in a session entered with Enter-PSSession) it asks for what the
    parameters do not give, and offers to keep what is already configured. Otherwise (a scheduled task, an
    RMM tool, pwsh -NonInteractive, redirected input) it never prompts: the parameters given are applied,
    what is already configured is kept, and what is missing is a BAD_REQUEST error; on Windows a directory
    neither given nor configured is integrated authentication with the domain located (no -Server, no
    -Credential needed). So an RMM one-liner with -Secret and -All or -Group (plus -Server and -Credential
    for a service account) gets the same result as a person clicking through.
    Errors keep the ErrorId of the step that failed (AUTH_REFUSED, DIRECTORY_UNREACHABLE, BAD_REQUEST, ...).
    .PARAMETER Secret
    The integration secret from the Signature 365 portal: a SecureString, a PSCredential (its password) or a
    string. Without it a person is asked (masked); without a person the stored secret is kept.
    .PARAMETER ApiUrl
    Base URL of the Signature 365 agent API (as Connect-Signature365 -ApiUrl). Only when support says so.
    .PARAMETER Server
    Domain controllers to read, host names or ldap(s):// URLs (as Set-S365Directory -Server). Without it the
    agent finds the domain of this computer and the domain controllers of its site.
    .PARAMETER Credential
    The service account the agent binds with (as Set-S365Directory -Credential). Without it the agent binds
    as the identity of its process (integrated authentication: as SYSTEM, the computer account).
    .PARAMETER CaFile
    A PEM file with the CA that issued the domain controllers' LDAPS certificates (as Set-S365Directory -CaFile).
    .PARAMETER All
    Syncs all users (Set-S365SyncScope -All).
    .PARAMETER Group
    Syncs the members of these groups: names, GUIDs or group objects (Set-S365SyncScope -Group).
    .PARAMETER IntervalMinutes
    Minutes between scheduled syncs (1..1440, default 30); a person is asked with this as the default.
    .PARAMETER Force
    Replaces a sync task that is already registered (Register-S365SyncTask -Force).
    .PARAMETER ConfigDir
    Configuration directory of the agent. Default: $env:S365_CONFIG_DIR, else the agent's default.
    .INPUTS
    None.
    .OUTPUTS
    S365ADConnector.SetupResult
    The tenant, directory, scope, preview, schedule and first sync of the setup.
    .EXAMPLE
    PS C:\> Initialize-S365Connector

    Asks for each step at the console, showing what is already configured.
    .EXAMPLE
    PS C:\> Initialize-S365Connector -Secret $secret -Group 'Signature Users' -IntervalMinutes 60

    On a domain member: sets everything up without a question (e.g. from an RMM tool), reading AD as this
    server (integrated, the domain found by the agent), and runs the first sync.
    .EXAMPLE
    PS C:\> Initialize-S365Connector -Secret $secret -Server dc1.corp.contoso.com -Credential $svc -Group 'Signature Users'

    The same with a service account, e.g. on a server that is not a domain member.
    .EXAMPLE
    PS C:\> powershell.exe -NoProfile -NonInteractive -Command "Initialize-S365Connector -Secret '<secret>' -All; exit $LASTEXITCODE"

    The RMM one-liner: never prompts; a missing value fails with BAD_REQUEST. Run as SYSTEM (as RMM agents
    run), its bind test reads AD as the computer account, as the scheduled task will.
    .EXAMPLE
    PS C:\> Initialize-S365Connector -Group 'Sales Team','Marketing'

    Keeps the connection and directory already configured (a person is asked whether to keep them) and changes the scope.
    .LINK
    Connect-Signature365
    .LINK
    Set-S365SyncScope
    .LINK
    Register-S365SyncTask
    .LINK
    about_S365ADConnector
    #>
    [CmdletBinding(DefaultParameterSetName = 'Keep', HelpUri = 'https://app.signature365.com/integrations/active-directory-agent')]
    [OutputType('S365ADConnector.SetupResult')]
    param(
        [ValidateScript({ Test-S365SecretInput -Value $_ })]
        [object] $Secret,
        [ValidateNotNullOrEmpty()]
        [string] $ApiUrl,
        [ValidateNotNullOrEmpty()]
        [string[]] $Server,
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,
        [ValidateNotNullOrEmpty()]
        [string] $CaFile,
        [Parameter(ParameterSetName = 'All', Mandatory = $true)]
        [switch] $All,
        [Parameter(ParameterSetName = 'Group', Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [object[]] $Group,
        [ValidateRange(1, 1440)]
        [int] $IntervalMinutes = 30,
        [switch] $Force,
        [string] $ConfigDir
    )
    $interactive = Test-S365CanPrompt
    $useGridView = $interactive -and $Host.Name -ne 'ServerRemoteHost' -and [bool](Get-Command -Name 'Out-GridView' -ErrorAction SilentlyContinue)
    $askInterval = $interactive
    $credentialGiven = ($null -ne $Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty)
    $account = $null
    if ($credentialGiven) { $account = $Credential }
    if ($ConfigDir) { $ConfigDir = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ConfigDir) }

    Write-S365WizardLine 'Signature 365 AD Connector setup'
    if ($interactive) {
        Write-S365WizardLine 'Each step shows what is configured; press Enter to take the answer in [brackets].'
    } else {
        Write-S365WizardLine 'No one to ask in this session: the parameters given are applied, the rest is kept as configured.'
    }
    try {
        $connection = Invoke-S365WizardConnect -Secret $Secret -ApiUrl $ApiUrl -ConfigDir $ConfigDir -Interactive $interactive
        $directory = Invoke-S365WizardDirectory -Server $Server -Credential $account -CaFile $CaFile -ConfigDir $ConfigDir -Interactive $interactive -OnWindows (Test-S365IsWindows)
        $scope = Invoke-S365WizardScope -All:$All -Group $Group -ConfigDir $ConfigDir -Interactive $interactive -UseGridView $useGridView
        $preview = Invoke-S365WizardPreview -ConfigDir $ConfigDir
        $schedule = Invoke-S365WizardSchedule -IntervalMinutes $IntervalMinutes -ConfigDir $ConfigDir -Interactive $askInterval -Force ([bool]$Force)
        $firstSync = Invoke-S365WizardFirstSync -ConfigDir $ConfigDir -Interactive $interactive
    } catch {
        $caught = $_
        $code = [string]$caught.Exception.Data['Code']
        if (-not $code) { $code = ([string]$caught.FullyQualifiedErrorId -split ',')[0] }
        $record = New-Object System.Management.Automation.ErrorRecord($caught.Exception, $code, $caught.CategoryInfo.Category, $caught.TargetObject)
        if ($caught.ErrorDetails) { $record.ErrorDetails = $caught.ErrorDetails }
        Write-S365WizardLine ('Setup stopped: {0} ({1}). Fix it and run Initialize-S365Connector again: the steps done are kept.' -f $caught.Exception.Message, $code)
        $PSCmdlet.ThrowTerminatingError($record)
    }
    $result = [pscustomobject]@{
        PSTypeName = 'S365ADConnector.SetupResult'
        TenantName = $connection.TenantName
        TenantId   = $connection.TenantId
        ApiUrl     = $connection.ApiUrl
        Servers    = [string[]]@($directory.Servers)
        Domain     = [string]$directory.Domain
        BindDn     = $directory.BindDn
        Scope      = $scope.Scope
        InScope    = $preview.InScope
        Preview    = $preview
        Scheduled  = [bool]$schedule.Registered
        Schedule   = $schedule.Message
        FirstSync  = $firstSync
        ConfigDir  = $ConfigDir
    }
    foreach ($line in (Get-S365WizardSummary -Result $result -ConfigDir $ConfigDir)) { Write-S365WizardLine $line }
    $result
}
