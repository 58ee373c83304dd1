#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.7.1' }
# Windows PowerShell 5.1 compatibility: every file of the module (tests included) is scanned for syntax,
# commands and parameters that only exist in PowerShell 6 or 7.

BeforeDiscovery {
    $moduleRoot = Split-Path -Parent $PSScriptRoot
    $files = @(Get-ChildItem -Path $moduleRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
            ForEach-Object { @{ Path = $_.FullName; Relative = $_.FullName.Substring($moduleRoot.Length + 1) } })
}

BeforeAll {
    # Finds PowerShell-6+-only constructs in one file; returns "line: what" strings.
    function Find-S365ModernSyntax {
        param([string] $Path)
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        $found = New-Object System.Collections.Generic.List[string]
        foreach ($e in $errors) { $found.Add(('{0}: parse error {1}' -f $e.Extent.StartLineNumber, $e.Message)) }

        $badTokens = @{
            'QuestionQuestion'       = "'??' null-coalescing operator"
            'QuestionQuestionEquals' = "'??=' operator"
            'AndAnd'                 = "'&&' pipeline chain"
            'OrOr'                   = "'||' pipeline chain"
            'QuestionDot'            = "'?.' null-conditional member access"
            'QuestionLBracket'       = "'?[' null-conditional index"
            'Clean'                  = "'clean' block"
        }
        foreach ($token in $tokens) {
            $kind = $token.Kind.ToString()
            if ($badTokens.ContainsKey($kind)) { $found.Add(('{0}: {1}' -f $token.Extent.StartLineNumber, $badTokens[$kind])) }
        }

        $astChecks = @(
            @{ Type = 'TernaryExpressionAst'; What = "'?:' ternary operator" }
            @{ Type = 'PipelineChainAst'; What = "'&&'/'||' pipeline chain" }
        )
        foreach ($check in $astChecks) {
            $type = "System.Management.Automation.Language.$($check.Type)" -as [type]
            if ($null -eq $type) { continue }
            foreach ($node in $ast.FindAll({ param($n) $n.GetType() -eq $type }.GetNewClosure(), $true)) {
                $found.Add(('{0}: {1}' -f $node.Extent.StartLineNumber, $check.What))
            }
        }
        foreach ($sb in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.ScriptBlockAst] }, $true)) {
            if ($sb.PSObject.Properties['CleanBlock'] -and $null -ne $sb.CleanBlock) { $found.Add(('{0}: clean block' -f $sb.CleanBlock.Extent.StartLineNumber)) }
        }
        foreach ($node in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.MemberExpressionAst] -or $n -is [System.Management.Automation.Language.IndexExpressionAst] }, $true)) {
            if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { $found.Add(('{0}: null-conditional access' -f $node.Extent.StartLineNumber)) }
        }
        foreach ($node in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.VariableExpressionAst] }, $true)) {
            $name = $node.VariablePath.UserPath
            if (@('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR') -contains $name) {
                $found.Add(('{0}: ${1} (not defined in Windows PowerShell 5.1)' -f $node.Extent.StartLineNumber, $name))
            }
        }

        # Commands and parameters that PowerShell 5.1 does not have.
        $newCommands = @('Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown', 'Get-Uptime', 'Remove-Alias', 'Start-ThreadJob', 'ForEach-Object -Parallel')
        $newParameters = @{
            'ForEach-Object'    = @('Parallel', 'ThrottleLimit', 'AsJob')
            'ConvertFrom-Json'  = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
            'ConvertTo-Json'    = @('AsArray', 'EscapeHandling', 'EnumsAsStrings')
            'Get-Content'       = @('AsByteStream')
            'Set-Content'       = @('AsByteStream')
            'Add-Content'       = @('AsByteStream')
            'Join-Path'         = @('AdditionalChildPath')
            'Split-Path'        = @('LeafBase', 'Extension')
            'Invoke-RestMethod' = @('SkipCertificateCheck', 'Authentication', 'StatusCodeVariable', 'ResponseHeadersVariable', 'SkipHttpErrorCheck', 'Token', 'NoProxy')
            'Invoke-WebRequest' = @('SkipCertificateCheck', 'Authentication', 'SkipHttpErrorCheck', 'Token', 'NoProxy')
            'Start-Process'     = @('Environment')
            'Get-ChildItem'     = @('FollowSymlink')
            'Select-Object'     = @('SkipIndex')
            'Where-Object'      = @('Not')
        }
        foreach ($command in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $command.GetCommandName()
            if (-not $name) { continue }
            if ($newCommands -contains $name) { $found.Add(('{0}: {1} (PowerShell 6+)' -f $command.Extent.StartLineNumber, $name)) }
            $parameterNames = @($command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
            foreach ($key in $newParameters.Keys) {
                if ($name -ne $key) { continue }
                foreach ($p in $parameterNames) {
                    # Exact names that exist in 5.1 and are prefixes of newer parameters (-Skip, -Leaf) are fine.
                    if (@('Skip', 'Leaf') -contains $p) { continue }
                    foreach ($bad in $newParameters[$key]) {
                        if ($p.Length -ge 3 -and $bad.StartsWith($p, [StringComparison]::OrdinalIgnoreCase)) {
                            $found.Add(('{0}: {1} -{2} (PowerShell 6+)' -f $command.Extent.StartLineNumber, $name, $bad))
                        }
                    }
                }
            }
            if ($name -eq 'Join-Path') {
                $positional = @($command.CommandElements | Select-Object -Skip 1 | Where-Object { $_ -isnot [System.Management.Automation.Language.CommandParameterAst] })
                $named = @($parameterNames | Where-Object { 'Path', 'ChildPath' -contains $_ })
                if (($positional.Count + $named.Count) -gt 2) { $found.Add(('{0}: Join-Path with more than two paths (PowerShell 6+)' -f $command.Extent.StartLineNumber)) }
            }
            if ($name -eq 'ConvertTo-Json') {
                foreach ($needed in 'Depth', 'Compress') {
                    if (-not ($parameterNames | Where-Object { $needed.StartsWith($_, [StringComparison]::OrdinalIgnoreCase) -and $_.Length -ge 1 })) {
                        $found.Add(('{0}: ConvertTo-Json without -{1} (default depth 2 truncates; always pass -Depth 10 -Compress)' -f $command.Extent.StartLineNumber, $needed))
                    }
                }
            }
            if (@('Out-File', 'Set-Content', 'Add-Content') -contains $name) {
                $text = $command.Extent.Text
                if ($text -match '(?i)utf8NoBOM|utf8BOM') { $found.Add(('{0}: {1} encoding utf8NoBOM/utf8BOM (PowerShell 6+)' -f $command.Extent.StartLineNumber, $name)) }
            }
        }
        return , $found.ToArray()
    }
}

Describe 'Windows PowerShell 5.1 compatibility of <Relative>' -ForEach $files {
    It 'uses no PowerShell 6/7-only syntax, commands or parameters' {
        $problems = Find-S365ModernSyntax -Path $Path
        $problems | Should -BeNullOrEmpty -Because ($problems -join '; ')
    }

    It 'is ASCII or has a byte order mark (Windows PowerShell reads BOM-less files as ANSI)' {
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $hasBom = ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF) -or ($bytes.Length -ge 2 -and $bytes[0] -eq 0xFF -and $bytes[1] -eq 0xFE)
        $nonAscii = @($bytes | Where-Object { $_ -gt 127 }).Count
        ($hasBom -or $nonAscii -eq 0) | Should -BeTrue -Because "$nonAscii non-ASCII bytes without a BOM"
    }
}

Describe 'The scanner itself' {
    BeforeAll {
        $script:sample = Join-Path ([System.IO.Path]::GetTempPath()) ("s365-scan-{0}.ps1" -f [guid]::NewGuid())
    }
    AfterAll {
        Remove-Item -LiteralPath $sample -Force -ErrorAction SilentlyContinue
    }

    It 'catches <What>' -ForEach @(
        @{ What = 'null-coalescing'; Code = '$a = $b ?? 1' }
        @{ What = 'null-coalescing assignment'; Code = '$a ??= 1' }
        @{ What = 'ternary'; Code = '$a = $true ? 1 : 2' }
        @{ What = 'pipeline chain &&'; Code = 'Get-Date && Get-Date' }
        @{ What = 'pipeline chain ||'; Code = 'Get-Date || Get-Date' }
        @{ What = 'ForEach-Object -Parallel'; Code = '1..2 | ForEach-Object -Parallel { $_ }' }
        @{ What = 'ConvertFrom-Json -AsHashtable'; Code = '"{}" | ConvertFrom-Json -AsHashtable' }
        @{ What = 'ConvertFrom-Json -Depth'; Code = '"{}" | ConvertFrom-Json -Depth 5' }
        @{ What = 'ConvertTo-Json without -Depth'; Code = '@{} | ConvertTo-Json -Compress' }
        @{ What = '$IsWindows'; Code = 'if ($IsWindows) { 1 }' }
        @{ What = 'Join-Path with three paths'; Code = 'Join-Path a b c' }
        @{ What = 'clean block'; Code = 'function f { process { 1 } clean { 2 } }' }
        @{ What = 'Split-Path -LeafBase'; Code = 'Split-Path -LeafBase a/b.txt' }
    ) {
        Set-Content -LiteralPath $sample -Value $Code -Encoding Ascii
        Find-S365ModernSyntax -Path $sample | Should -Not -BeNullOrEmpty
    }

    It 'accepts Windows PowerShell 5.1 code' {
        Set-Content -LiteralPath $sample -Value '$a = if ($b) { 1 } else { 2 }; $c = [pscustomobject]@{ A = 1 } | ConvertTo-Json -Depth 10 -Compress; Join-Path a b; Split-Path -Leaf a/b; 1..3 | Select-Object -Skip 1' -Encoding Ascii
        Find-S365ModernSyntax -Path $sample | Should -BeNullOrEmpty
    }
}
