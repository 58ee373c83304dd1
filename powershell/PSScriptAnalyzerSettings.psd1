# PSScriptAnalyzer settings of the S365ADConnector module, used by Tests/ScriptAnalyzer.Tests.ps1 (which
# asserts zero findings in the shipped module, i.e. everything but Tests/) and by hand:
#   Invoke-ScriptAnalyzer -Path powershell/S365ADConnector -Recurse -Settings powershell/PSScriptAnalyzerSettings.psd1
#
# Every default rule runs, at every severity (no Severity key), and no rule is excluded. Where one rule is
# wrong for one function, the function says so itself with
# [Diagnostics.CodeAnalysis.SuppressMessageAttribute(<rule>, '', Justification = <why>)], and the test
# checks that every such suppression gives its justification. Today there are two, both
# PSUseShouldProcessForStateChangingFunctions on New-* helpers that only build an object in memory
# (New-S365ErrorRecord, New-S365SyncTaskXml): ShouldProcess there would guard nothing.
@{
    IncludeDefaultRules = $true

    # Exclusions: none. Any added here must carry its reason in a comment beside it.
    ExcludeRules        = @()

    Rules               = @{
        # Off by default. The module must also run on Windows PowerShell 5.1 (PowerShellVersion '5.1' in
        # the manifest): syntax newer than 5.1 (?:, ??, &&, ?., clean {}) is a finding. 7.0 stands for
        # PowerShell 7, the other edition the module supports.
        PSUseCompatibleSyntax  = @{
            Enable         = $true
            TargetVersions = @('5.1', '7.0')
        }

        # A default rule that does nothing until given profiles: every command used must exist in Windows
        # PowerShell 5.1 on Windows. There is no profile of PowerShell 7 in this analyzer (its newest core
        # profile is 6.1, which lacks Windows modules such as ScheduledTasks that 7 loads); the Pester suite
        # running the module in pwsh 7 covers that edition.
        PSUseCompatibleCmdlets = @{
            Compatibility = @('desktop-5.1.14393.206-windows')
        }
    }
}
