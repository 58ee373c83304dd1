# Root module: only dot-sources the private helpers (Private/: one file per function, named after it, plus
# ModuleState.ps1 for the module-wide variables) and the public functions (Public/: one file per function).
# What is exported is decided by FunctionsToExport in S365ADConnector.psd1.
foreach ($folder in @('Private', 'Public')) {
    foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' -File -ErrorAction SilentlyContinue)) {
        . $file.FullName
    }
}
