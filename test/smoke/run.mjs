#!/usr/bin/env node
// Smoke tests of the packaged agent (docs/packaging.md):
//   linux   out/exe/s365-agent as a black box (version, bad request, emulator, test DC sync)
//   wine    out/exe/s365-agent.exe under Wine with Windows 8.1 / 8 (platform check, version, bad request,
//           the Windows bridge's assets: extraction, manifest check, the renamed addon loaded up to the CLR)
//   module  out/S365ADConnector-<version>.zip unzipped, imported in pwsh, Test-S365Auth via the bundled exe
//   msi     out/S365ADConnector-<version>.msi against the zip (msiinfo, msiextract), and under Wine's msiexec
//   signing package.mjs with a fake S365_SIGN_COMMAND: the zip's and the MSI's scripts and the MSI signed
// Build first: npm run package. Prerequisites: build/package/setup.sh (wine64, unzip, wixl, msitools),
// powershell/install-tools.sh (pwsh), build/test-dc.sh start (the DC test). A missing prerequisite
// skips its tests, or fails them when CI is set.
//
//   node test/smoke/run.mjs [linux|wine|module|msi|signing]...   (default: all)
// Ends with "N passed, N failed, N skipped"; exits 1 if any failed.
import { runAll } from './lib.mjs';

const SUITES = ['linux', 'wine', 'module', 'msi', 'signing'];
const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!SUITES.includes(w)) {
    console.error(`unknown suite ${w}; use ${SUITES.join(', ')}`);
    process.exit(2);
  }
}
for (const s of wanted.length ? wanted : SUITES) await import(`./${s}.mjs`);
process.exitCode = await runAll();
