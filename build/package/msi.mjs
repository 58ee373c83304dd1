// Builds out/S365ADConnector-<version>.msi from the assembled module folder (out/package/S365ADConnector,
// the zip's content) with wixl (Debian package `wixl`, build/packages.txt [msi]); package.mjs calls it
// after the zip. See docs/packaging.md, "The MSI".
//
//   node build/package/msi.mjs        # after package.mjs, to rebuild the MSI alone
//
// Reproducible: derived ProductCode, package code and component GUIDs, files in a fixed order with
// one fixed mtime (the cabinet records it), and the summary information's Created / Last Saved times,
// which wixl sets to the time of the build, rewritten to that same fixed time. With S365_SIGN_COMMAND
// set (sign.mjs), the finished MSI is signed before it is hashed and moved into place.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MSI, OUT, REPO } from './config.mjs';
import { msiVersion, packageCode, productCode, upgradeBoundary } from './msi-identity.mjs';
import { wixSource } from './msi-wxs.mjs';
import { sha256 } from './runtimes.mjs';
import { SIGN_TARGET, signFile } from './sign.mjs';
import { walk } from './walk.mjs';

const FILETIME_EPOCH_OFFSET_S = 11_644_473_600n; // 1601-01-01 to 1970-01-01
const fileTime = (seconds) => (BigInt(seconds) + FILETIME_EPOCH_OFFSET_S) * 10_000_000n;
const VT_FILETIME = Buffer.from([0x40, 0, 0, 0]);

/**
 * Rewrites, in place, the summary information's two timestamps (Created, Last Saved) that wixl wrote
 * as a whole second between fromS and toS, to fixedS. They are found as VT_FILETIME values of those
 * exact seconds (a property value is the 4-byte type then the 8-byte FILETIME); exactly two must be.
 */
function pinSummaryTimes(buf, fromS, toS, fixedS) {
  const hits = [];
  for (let t = fromS; t <= toS; t++) {
    const needle = Buffer.concat([VT_FILETIME, Buffer.alloc(8)]);
    needle.writeBigUInt64LE(fileTime(t), 4);
    for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) hits.push(i + 4);
  }
  if (hits.length !== 2) throw new Error(`expected wixl's 2 summary timestamps in the MSI, found ${hits.length}`);
  for (const at of hits) buf.writeBigUInt64LE(fileTime(fixedS), at);
}

function tool(cmd, args, what, cwd = REPO) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error?.code === 'ENOENT') throw new Error(`${cmd} not found: install it with build/package/setup.sh (the [msi] group)`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** True when wixl is on PATH (package.mjs skips the MSI, with a warning, when it is not). */
export function haveWixl() {
  return spawnSync('wixl', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * moduleDir: the assembled module folder; version: package.json's; mtime: the Date stamped on every
 * file (the zip's). Writes <out>/S365ADConnector-<version>.msi (signed, when S365_SIGN_COMMAND is set) and
 * .msi.sha256; returns {msiPath, sha256}.
 */
export function buildMsi({ moduleDir, version, mtime, out = OUT, log = () => {} }) {
  const entries = walk(moduleDir).map(({ rel }) => ({ rel, source: path.join(moduleDir, rel) }));
  for (const e of entries) utimesSync(e.source, mtime, mtime);
  utimesSync(moduleDir, mtime, mtime);

  const v = msiVersion(version);
  const product = {
    name: MSI.productName,
    manufacturer: MSI.manufacturer,
    helpLink: MSI.helpLink,
    upgradeCode: MSI.upgradeCode,
    productCode: productCode(MSI.upgradeCode, version),
    version: v,
    upgradeBoundary: upgradeBoundary(v),
    language: MSI.language,
    codepage: MSI.codepage,
    moduleName: MSI.moduleName,
    description: `${MSI.productName} ${version}`,
    comments: `The ${MSI.moduleName} PowerShell module and the s365-agent executables, for all users.`,
    downgradeMessage: `A newer version of ${MSI.productName} is already installed. Uninstall it first to install ${version}.`,
  };
  // wixl takes sources relative to its working directory (it refuses absolute ones): the module folder.
  const wxs = wixSource(product, entries.map((e) => ({ rel: e.rel, source: e.rel })));

  const workDir = path.join(out, 'msi', '.work');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const wxsPath = path.join(workDir, `${MSI.moduleName}.wxs`);
  writeFileSync(wxsPath, wxs);

  const msiPath = path.join(out, `${MSI.moduleName}-${version}.msi`);
  const tmp = path.join(workDir, path.basename(msiPath));
  const startS = Math.floor(Date.now() / 1000) - 1;
  tool('wixl', ['--arch', 'x64', '--output', tmp, wxsPath], 'wixl', moduleDir);

  // The package code identifies this exact .msi: a digest of the source and of every file shipped.
  const inputs = createHash('sha256').update(wxs);
  for (const e of entries) if (!e.rel.endsWith('/')) inputs.update(`${e.rel}\0${sha256(readFileSync(e.source))}\n`);
  const template = `x64;${MSI.language}`;
  tool('msibuild', [tmp, '-s', product.description, MSI.manufacturer, template, packageCode(MSI.upgradeCode, inputs.digest('hex'))],
    'msibuild -s (package code)');
  const built = readFileSync(tmp);
  pinSummaryTimes(built, startS, Math.ceil(Date.now() / 1000) + 1, Math.floor(mtime.getTime() / 1000));
  writeFileSync(tmp, built);
  signFile(tmp, SIGN_TARGET.msi);

  rmSync(msiPath, { force: true });
  renameSync(tmp, msiPath);
  const hash = sha256(readFileSync(msiPath));
  writeFileSync(`${msiPath}.sha256`, `${hash}  ${path.basename(msiPath)}\n`);
  log(`${path.relative(REPO, msiPath)}: ${(statSync(msiPath).size / 1048576).toFixed(1)} MiB, ProductVersion ${v}, `
    + `ProductCode ${product.productCode}, sha256 ${hash}`);
  return { msiPath, sha256: hash };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const epoch = process.env.SOURCE_DATE_EPOCH;
  buildMsi({
    moduleDir: path.join(OUT, 'package', MSI.moduleName),
    version,
    mtime: epoch ? new Date(Number(epoch) * 1000) : new Date(Date.UTC(2000, 0, 1)),
    log: (m) => process.stderr.write(`[msi] ${m}\n`),
  });
}
