# Root module: only dot-sources the private helpers and the public functions (one file per function
# under Public/). What is exported is decided by FunctionsToExport in S365ADConnector.psd1.
foreach ($folder in @('Private', 'Public')) {
    foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' -File -ErrorAction SilentlyContinue)) {
        . $file.FullName
    }
}
