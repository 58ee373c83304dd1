// The Windows bridge's files that travel inside s365-agent.exe as SEA assets, and their manifest
// (name, sha256, size), which src/platform/windows/addon-assets.ts checks before every load
// (docs/windows.md, "The SEA assets"). The route is .NET Framework 4.7.2 (docs/windows.md, the
// recommendation): edge-js's Node 22 win-x64 edge_nativeclr.node with its node.exe import renamed
// to the executable, the one VC++ runtime DLL it imports, edge-js's loader, and S365.Windows.dll
// built for net472.
//
// Where they come from, offline: edge-js 26.1.0's npm tarball carries the Windows prebuilts
// (lib/native/win32/x64/<node major>/); it is installed with `npm ci --ignore-scripts` from
// build/windows/edge-js/'s lockfile (npm checks the tarball's integrity) into out/.cache, apart from
// the Linux build of setup-edge.sh, so nothing is compiled. The assembly is
// build/windows/build-dotnet.sh's out/windows/net472/, run when it is missing.
//
//   import { windowsAssets } from './windows-assets.mjs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_VERSION, OUT, REPO } from './config.mjs';
import { renameImport } from './pe-imports.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const EDGE_LOCK_DIR = path.join(REPO, 'build', 'windows', 'edge-js');
const NET472_DIR = path.join(OUT, 'windows', 'net472');
/** The SEA asset names; keep in step with addon-assets.ts (MANIFEST_ASSET, FILE_ASSET_PREFIX). */
export const MANIFEST_ASSET = 'runtime-manifest.json';
export const FILE_ASSET_PREFIX = 'runtime/';

/** edge-js from its pinned lockfile, with no install script: its folder (the Windows prebuilts inside). */
export function ensureEdgeJsPackage(log = () => {}) {
  const lock = readFileSync(path.join(EDGE_LOCK_DIR, 'package-lock.json'));
  const dir = path.join(OUT, '.cache', `edge-js-${sha256(lock).slice(0, 12)}`);
  const edge = path.join(dir, 'node_modules', 'edge-js');
  if (existsSync(path.join(dir, '.done'))) return edge;
  log(`npm ci edge-js (--ignore-scripts, its Windows prebuilts) into ${path.relative(REPO, dir)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(EDGE_LOCK_DIR, file), path.join(dir, file));
  const win = process.platform === 'win32';
  const r = spawnSync(win ? 'npm.cmd' : 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir, encoding: 'utf8', shell: win, stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`npm ci of edge-js failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  writeFileSync(path.join(dir, '.done'), '');
  return edge;
}

/** out/windows/net472/S365.Windows.dll, built by build-dotnet.sh when missing, checked against its SHA256SUMS. */
export function ensureNet472Assembly(log = () => {}) {
  const dll = path.join(NET472_DIR, 'S365.Windows.dll');
  if (!existsSync(dll)) {
    log('out/windows/net472/S365.Windows.dll missing: running build/windows/build-dotnet.sh');
    const r = spawnSync('bash', [path.join(REPO, 'build', 'windows', 'build-dotnet.sh')], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`build/windows/build-dotnet.sh failed (exit ${r.status}): the Windows executable needs S365.Windows.dll (net472)`);
  }
  const sums = readFileSync(path.join(NET472_DIR, 'SHA256SUMS'), 'utf8');
  const line = sums.split('\n').find((l) => l.endsWith('  ./S365.Windows.dll'));
  if (!line || line.slice(0, 64) !== sha256(readFileSync(dll))) throw new Error(`${dll} does not match its SHA256SUMS: rebuild with build/windows/build-dotnet.sh`);
  return dll;
}

/**
 * Writes the assets of the Windows executable under workDir and returns the SEA config's `assets`
 * map and the manifest: { assets: { [assetName]: file }, manifest, bytes }.
 */
export function windowsAssets({ workDir, agentVersion, exeName, log = () => {} }) {
  const edge = ensureEdgeJsPackage(log);
  const major = NODE_VERSION.split('.')[0];
  const native = path.join(edge, 'lib', 'native', 'win32', 'x64');
  const addon = renameImport(readFileSync(path.join(native, major, 'edge_nativeclr.node')), 'node.exe', exeName).buf;
  // name in the runtime folder -> content. edge-js's own layout, so its lib/edge.js finds the addon
  // (lib/native/win32/x64/<major>/); the VC++ runtime it imports sits beside it, where the loader
  // looks first for the addon's imports (LoadLibraryEx with LOAD_WITH_ALTERED_SEARCH_PATH).
  const files = new Map([
    ['edge-js/package.json', readFileSync(path.join(edge, 'package.json'))],
    ['edge-js/LICENSE', readFileSync(path.join(edge, 'LICENSE'))],
    ['edge-js/lib/edge.js', readFileSync(path.join(edge, 'lib', 'edge.js'))],
    ['edge-js/tools/checkMono.js', readFileSync(path.join(edge, 'tools', 'checkMono.js'))],
    [`edge-js/lib/native/win32/x64/${major}/edge_nativeclr.node`, addon],
    [`edge-js/lib/native/win32/x64/${major}/vcruntime140.dll`, readFileSync(path.join(native, 'vcruntime140.dll'))],
    ['net472/S365.Windows.dll', readFileSync(ensureNet472Assembly(log))],
  ]);
  const list = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, data]) => ({ name, sha256: sha256(data), size: data.length }));
  const manifest = {
    format: 1,
    id: sha256(Buffer.from(list.map((f) => `${f.sha256}  ${f.name}\n`).join(''))).slice(0, 16),
    agentVersion,
    runtime: 'clr',
    edgeJsDir: 'edge-js',
    assemblyDir: 'net472',
    files: list,
  };
  const root = path.join(workDir, 'windows-assets');
  rmSync(root, { recursive: true, force: true });
  const assets = {};
  for (const [name, data] of files) {
    const file = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    assets[`${FILE_ASSET_PREFIX}${name}`] = file;
  }
  const manifestFile = path.join(root, MANIFEST_ASSET);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  assets[MANIFEST_ASSET] = manifestFile;
  return { assets, manifest, bytes: list.reduce((sum, f) => sum + f.size, 0) };
}
