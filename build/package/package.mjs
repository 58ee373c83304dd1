// Assembles the deliverable from the PowerShell module and the executables of `npm run build:exe`:
//
//   out/package/S365ADConnector/        powershell/S365ADConnector/ without Tests/, plus
//       bin/win-x64/s365-agent.exe
//       bin/linux-x64/s365-agent        (mode 0755)
//       LICENSE.txt  THIRD-PARTY-NOTICES.txt  INSTALL.md
//       CHECKSUMS.sha256                (sha256sum format, every other file)
//   out/S365ADConnector-<version>.zip   reproducible: sorted entries, one fixed mtime, fixed modes
//   out/S365ADConnector-<version>.zip.sha256
//   out/S365ADConnector-<version>.msi   the same folder for Windows Installer (msi.mjs, needs wixl)
//   out/S365ADConnector-<version>.msi.sha256
//
// With S365_SIGN_COMMAND set (sign.mjs), the module's scripts are signed before the checksums, the
// zip and the MSI are made, and the MSI itself after it is built.
//
//   node build/package/package.mjs [--out <dir>] [--exe-dir <dir>]   (defaults out/ and out/exe/)
// The zip's timestamp is SOURCE_DATE_EPOCH (seconds) if set, else 2000-01-01T00:00:00Z.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EXE_DIR, NODE_VERSION, OUT, REPO } from './config.mjs';
import { buildMsi, haveWixl } from './msi.mjs';
import { isModuleScript, SIGN_TARGET, signFile, signing } from './sign.mjs';
import { walk } from './walk.mjs';
import { writeZip } from './zip.mjs';

const t0 = Date.now();
const log = (m) => process.stderr.write(`[package ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${m}\n`);
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const here = path.join(REPO, 'build', 'package');

const { values: opts } = parseArgs({ options: { out: { type: 'string' }, 'exe-dir': { type: 'string' } }, strict: true });
const out = opts.out ? path.resolve(opts.out) : OUT;
const exeDir = opts['exe-dir'] ? path.resolve(opts['exe-dir']) : EXE_DIR;

const MODULE_NAME = 'S365ADConnector';
const moduleSrc = path.join(REPO, 'powershell', MODULE_NAME);
const manifest = path.join(moduleSrc, `${MODULE_NAME}.psd1`);
if (!existsSync(manifest)) throw new Error(`${path.relative(REPO, manifest)} not found`);

const { AGENT_VERSION, AGENT_COMMIT } = await import(pathToFileURL(path.join(REPO, 'dist', 'generated', 'version.js')).href);
const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
if (version !== AGENT_VERSION) throw new Error(`dist/ is stale (version ${AGENT_VERSION}, package.json ${version}): run npm run build:exe`);
const psdVersion = /ModuleVersion\s*=\s*'([^']+)'/.exec(readFileSync(manifest, 'utf8'))?.[1];
if (psdVersion !== version) log(`warning: ${MODULE_NAME}.psd1 ModuleVersion is ${psdVersion}, package.json version is ${version}`);

const exes = [
  { from: path.join(exeDir, 's365-agent.exe'), to: 'bin/win-x64/s365-agent.exe' },
  { from: path.join(exeDir, 's365-agent'), to: 'bin/linux-x64/s365-agent' },
];
for (const e of exes) if (!existsSync(e.from)) throw new Error(`${path.relative(REPO, e.from)} missing: run npm run build:exe`);

// ------------------------------------------------------------------ assemble

const pkgRoot = path.join(out, 'package');
const dest = path.join(pkgRoot, MODULE_NAME);
rmSync(pkgRoot, { recursive: true, force: true });
// A build that fails (a signing error, say) leaves no zip or MSI of an earlier build to be shipped by mistake.
for (const ext of ['zip', 'zip.sha256', 'msi', 'msi.sha256']) rmSync(path.join(out, `${MODULE_NAME}-${version}.${ext}`), { force: true });
mkdirSync(dest, { recursive: true });
cpSync(moduleSrc, dest, {
  recursive: true,
  filter: (src) => {
    const r = path.relative(moduleSrc, src).split(path.sep);
    return r[0] !== 'Tests' && !r.some((part) => part.startsWith('.'));
  },
});
for (const e of exes) {
  mkdirSync(path.dirname(path.join(dest, e.to)), { recursive: true });
  copyFileSync(e.from, path.join(dest, e.to));
}
const rootLicence = ['LICENSE', 'LICENSE.txt', 'LICENSE.md'].map((n) => path.join(REPO, n)).find((p) => existsSync(p));
copyFileSync(rootLicence ?? path.join(here, 'LICENSE.txt'), path.join(dest, 'LICENSE.txt'));
copyFileSync(path.join(exeDir, 'THIRD-PARTY-NOTICES.txt'), path.join(dest, 'THIRD-PARTY-NOTICES.txt'));
writeFileSync(path.join(dest, 'INSTALL.md'), readFileSync(path.join(here, 'INSTALL.md'), 'utf8')
  .replaceAll('{{VERSION}}', version).replaceAll('{{COMMIT}}', AGENT_COMMIT).replaceAll('{{NODE_VERSION}}', NODE_VERSION));
if (!existsSync(path.join(dest, 'Invoke-S365Sync.ps1'))) log('warning: the module has no Invoke-S365Sync.ps1 (INSTALL.md refers to it)');

// Signed before anything records their bytes: the checksums, the zip and the MSI ship the signed files.
if (signing()) {
  const scripts = walk(dest).filter((e) => !e.dir && isModuleScript(e.rel));
  log(`signing ${scripts.length} module scripts with S365_SIGN_COMMAND`);
  for (const { rel } of scripts) signFile(path.join(dest, rel), SIGN_TARGET.moduleScript);
}

// Fixed modes on disk too (after signing, which may write new files), so the folder matches the zip whatever the umask was.
const modeOf = (rel, dir) => (dir || rel === 'bin/linux-x64/s365-agent' ? 0o755 : 0o644);
for (const { rel, dir } of walk(dest)) chmodSync(path.join(dest, rel), modeOf(rel, dir));

const files = walk(dest).filter((e) => !e.dir);
writeFileSync(path.join(dest, 'CHECKSUMS.sha256'),
  files.map(({ rel }) => `${sha256(readFileSync(path.join(dest, rel)))}  ${rel}\n`).join(''));
chmodSync(path.join(dest, 'CHECKSUMS.sha256'), 0o644);
log(`assembled ${path.relative(REPO, dest)}: ${files.length + 1} files`);

// ------------------------------------------------------------------ zip

const epoch = process.env.SOURCE_DATE_EPOCH;
const mtime = epoch ? new Date(Number(epoch) * 1000) : new Date(Date.UTC(2000, 0, 1));
const zipPath = path.join(out, `${MODULE_NAME}-${version}.zip`);
const entries = [{ rel: '', dir: true }, ...walk(dest)].map(({ rel, dir }) => ({
  name: `${MODULE_NAME}/${rel}`,
  data: dir ? undefined : readFileSync(path.join(dest, rel)),
  mode: modeOf(rel, dir),
}));
writeZip(`${zipPath}.tmp`, entries, { mtime });
renameSync(`${zipPath}.tmp`, zipPath);
const zipHash = sha256(readFileSync(zipPath));
writeFileSync(`${zipPath}.sha256`, `${zipHash}  ${path.basename(zipPath)}\n`);
log(`${path.relative(REPO, zipPath)}: ${(statSync(zipPath).size / 1048576).toFixed(1)} MiB, ${entries.length} entries, sha256 ${zipHash}`);

// ------------------------------------------------------------------ msi

if (haveWixl()) {
  buildMsi({ moduleDir: dest, version, mtime, out, log });
} else {
  log('warning: wixl not found, no MSI built (build/package/setup.sh installs it: the [msi] group of build/packages.txt)');
}
