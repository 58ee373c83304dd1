// Builds the single-file executables out/exe/s365-agent (linux-x64) and out/exe/s365-agent.exe
// (win-x64) from the compiled core in dist/ (run `npm run build` first; `npm run build:exe` does).
//
// Route: Node's own single executable applications (SEA), no pkg:
//   1. esbuild bundles dist/cli.js and its dependencies into one CommonJS file (SEA runs CJS only);
//   2. the pinned Node binary of the *host* makes the SEA blobs (no code cache, no snapshot, so a
//      blob is valid for every target of that exact Node version): the Windows one also carries the
//      Windows bridge's files and their manifest as assets (windows-assets.mjs);
//   3. per target: copy the pinned Node binary, (Windows) strip Node's Authenticode signature and
//      stamp the version resource, inject the blob with postject, (Windows) fix the PE checksum;
//   4. optional signing hook: S365_SIGN_COMMAND (sign.mjs, docs/packaging.md).
// Same inputs give byte-identical outputs (checked by running the build twice).
//
//   node build/package/build-exe.mjs [--target linux-x64|win-x64]... [--no-sign]
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import postject from 'postject';
import * as ResEdit from 'resedit';
import { AGENT_NODE_FLAGS, EXE_DIR, NODE_VERSION, PRODUCT, REPO, SEA_FUSE, SEA_RESOURCE, TARGETS, WORK_DIR } from './config.mjs';
import { peInfo, setChecksum, stripSignature } from './pe.mjs';
import { ensureRuntime, hostTarget, sha256 } from './runtimes.mjs';
import { signFile, signing } from './sign.mjs';
import { windowsAssets } from './windows-assets.mjs';

const t0 = Date.now();
const log = (m) => process.stderr.write(`[build:exe ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${m}\n`);
const rel = (p) => path.relative(REPO, p);

const { values: opts } = parseArgs({
  options: { target: { type: 'string', multiple: true }, 'no-sign': { type: 'boolean' } },
  strict: true,
});
const targets = opts.target ? opts.target.map((id) => {
  const t = TARGETS.find((x) => x.id === id);
  if (!t) throw new Error(`unknown target ${id}`);
  return t;
}) : TARGETS;

// ------------------------------------------------------------------ 1. bundle

const entry = path.join(REPO, 'dist', 'cli.js');
if (!existsSync(entry)) throw new Error('dist/cli.js missing: run `npm run build` first');
const { AGENT_VERSION, AGENT_COMMIT } = await import(pathToFileURL(path.join(REPO, 'dist', 'generated', 'version.js')).href);

rmSync(WORK_DIR, { recursive: true, force: true });
mkdirSync(WORK_DIR, { recursive: true });
mkdirSync(EXE_DIR, { recursive: true });
const bundlePath = path.join(WORK_DIR, 's365-agent.cjs');

// yargs 18 is ESM-only and uses import.meta.url (to find its locales and make a require); a CJS
// bundle has no import.meta, so it is defined as a file URL of the running file. In a SEA,
// __filename is the executable's path.
const IMPORT_META_URL = '__s365ImportMetaUrl';
const result = await esbuild.build({
  absWorkingDir: REPO,
  entryPoints: [path.relative(REPO, entry)],
  outfile: bundlePath,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // The agent's own code keeps readable names and stack traces; only whitespace goes.
  minifyWhitespace: true,
  legalComments: 'eof',
  sourcemap: false,
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
  define: { 'import.meta.url': IMPORT_META_URL },
  banner: {
    js: `"use strict";const ${IMPORT_META_URL}=require("node:url").pathToFileURL(__filename).href;`,
  },
}).catch(() => {
  // esbuild has printed the errors already.
  log('bundling failed: is dist/ up to date with src/ (npm run build)?');
  process.exit(1);
});
const inputs = Object.keys(result.metafile.inputs);
writeFileSync(path.join(WORK_DIR, 'bundle-inputs.json'), `${JSON.stringify(inputs.sort(), null, 2)}\n`);
writeFileSync(path.join(EXE_DIR, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(inputs));
const bundle = readFileSync(bundlePath);
if (bundle.includes(SEA_FUSE)) throw new Error('the bundle contains the SEA fuse string; postject would refuse it');
log(`bundled ${inputs.length} files into ${rel(bundlePath)} (${(bundle.length / 1024).toFixed(0)} KiB)`);

/** Licence texts of Node.js and of every npm package the bundle took code from. */
function thirdPartyNotices(files) {
  const dirs = new Set();
  for (const f of files) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(f.replaceAll('\\', '/'));
    if (m) dirs.add(m[1]);
  }
  const sections = [];
  for (const dir of [...dirs].sort()) {
    const abs = path.join(REPO, dir);
    const pkg = JSON.parse(readFileSync(path.join(abs, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(abs).sort().find((n) => /^(licen[cs]e|copying)(\.|$)/i.test(n));
    const text = licenceFile ? readFileSync(path.join(abs, licenceFile), 'utf8').trim() : `(no licence file; package.json says ${pkg.license})`;
    sections.push(`${pkg.name} ${pkg.version} (${pkg.license ?? 'see text'})\n\n${text}`);
  }
  const nodeLicence = path.join(path.dirname(path.dirname(ensureRuntime(TARGETS.find((t) => t.id === 'linux-x64'), log))), 'LICENSE');
  sections.push(`Node.js v${NODE_VERSION} (MIT and others)\n\n${readFileSync(nodeLicence, 'utf8').trim()}`);
  const rule = `\n\n${'='.repeat(78)}\n\n`;
  return `The S365 AD Connector executables (bin/*/s365-agent*) contain the following third-party software.${rule}${sections.join(rule)}\n`;
}

// ------------------------------------------------------------------ 2. SEA blob

const runtimes = Object.fromEntries(TARGETS.map((t) => [t.id, null]));
const host = hostTarget();
runtimes[host.id] = ensureRuntime(host, log);

/** One SEA blob: the bundle, and the given assets (the Windows bridge's, for the Windows target only). */
function makeBlob(name, assets) {
  const seaConfig = {
    main: 's365-agent.cjs',
    output: `${name}.blob`,
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
    // NODE_OPTIONS must not change the agent (a machine-wide value meant for another Node program, or
    // --require injection): the executable runs exactly as built. NODE_EXTRA_CA_CERTS still applies.
    execArgvExtension: 'none',
    // The heap's shape (config.mjs, AGENT_NODE_FLAGS): what the benchmark measures with dist/cli.js.
    execArgv: [...AGENT_NODE_FLAGS],
    ...(assets ? { assets } : {}),
  };
  writeFileSync(path.join(WORK_DIR, `${name}.json`), `${JSON.stringify(seaConfig, null, 2)}\n`);
  const r = spawnSync(runtimes[host.id], ['--experimental-sea-config', `${name}.json`], {
    cwd: WORK_DIR, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) throw new Error(`node --experimental-sea-config failed:\n${r.stdout}${r.stderr}`);
  const blob = readFileSync(path.join(WORK_DIR, `${name}.blob`));
  log(`SEA blob ${name} made by Node v${NODE_VERSION} (${host.id}): ${(blob.length / 1024).toFixed(0)} KiB`);
  return blob;
}

const blobs = {};
for (const t of targets) {
  if (t.os !== 'win32') {
    blobs[t.id] = makeBlob('sea-prep', undefined);
    continue;
  }
  // The Windows bridge (edge_nativeclr.node renamed to bind to this executable, S365.Windows.dll
  // for net472) as assets, with their manifest; written out on first use (docs/windows.md).
  const { assets, manifest, bytes } = windowsAssets({ workDir: WORK_DIR, agentVersion: AGENT_VERSION, exeName: t.output, log });
  log(`${t.id}: ${manifest.files.length} bridge assets, ${(bytes / 1024).toFixed(0)} KiB, manifest id ${manifest.id}`);
  const edgeLicence = readFileSync(assets['runtime/edge-js/LICENSE'], 'utf8').trim();
  const edgeVersion = JSON.parse(readFileSync(assets['runtime/edge-js/package.json'], 'utf8')).version;
  appendFileSync(path.join(EXE_DIR, 'THIRD-PARTY-NOTICES.txt'), `\n${'='.repeat(78)}\n\ns365-agent.exe also contains edge-js ${edgeVersion} (MIT), with vcruntime140.dll ` +
    `of the Microsoft Visual C++ Redistributable that edge-js ships beside its addon\n\n${edgeLicence}\n`);
  blobs[t.id] = makeBlob(`sea-prep-${t.id}`, assets);
}

// ------------------------------------------------------------------ 3. executables

/** "1.2.3-beta.4" -> [1, 2, 3, 0] */
function numericVersion(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`version ${v} is not semver`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), 0];
}

function stampVersionResource(buf) {
  const exe = ResEdit.NtExecutable.from(buf, { ignoreCert: false });
  const res = ResEdit.NtExecutableResource.from(exe);
  const infos = ResEdit.Resource.VersionInfo.fromEntries(res.entries);
  if (infos.length !== 1) throw new Error(`expected one version resource in node.exe, found ${infos.length}`);
  const vi = infos[0];
  const [a, b, c, d] = numericVersion(AGENT_VERSION);
  const langs = vi.getAllLanguagesForStringValues();
  if (langs.length === 0) langs.push({ lang: 1033, codepage: 1200 });
  for (const lang of langs) {
    // The numeric versions first: resedit also writes them as "a.b.c.d" strings, which ours replace.
    vi.setFileVersion(a, b, c, d, lang.lang);
    vi.setProductVersion(a, b, c, d, lang.lang);
    // Drop Node's strings, then set ours.
    for (const key of Object.keys(vi.getStringValues(lang))) vi.removeStringValue(lang, key);
    vi.setStringValues(lang, {
      CompanyName: PRODUCT.companyName,
      FileDescription: PRODUCT.fileDescription,
      FileVersion: AGENT_VERSION,
      InternalName: PRODUCT.internalName,
      LegalCopyright: PRODUCT.legalCopyright,
      OriginalFilename: PRODUCT.originalFilename,
      ProductName: PRODUCT.productName,
      ProductVersion: AGENT_VERSION,
      Comments: `commit ${AGENT_COMMIT}; Node.js v${NODE_VERSION}`,
    });
  }
  vi.outputToResourceEntries(res.entries);
  res.outputResource(exe);
  return Buffer.from(exe.generate());
}

/** Runs fn with LIEF's known-benign warnings (postject re-parsing Node's ELF notes) kept off stderr. */
async function quietLief(fn) {
  const benign = /^warning: (?:Can't find string offset for section name '\.note[^']*'|The signature seems corrupted!)\s*$/;
  const write = process.stderr.write;
  process.stderr.write = function (chunk, ...rest) {
    if (benign.test(String(chunk))) {
      const cb = rest.find((x) => typeof x === 'function');
      if (cb) process.nextTick(cb);
      return true;
    }
    return write.call(this, chunk, ...rest);
  };
  try {
    return await fn();
  } finally {
    process.stderr.write = write;
  }
}

mkdirSync(EXE_DIR, { recursive: true });
const built = [];
for (const t of targets) {
  runtimes[t.id] ??= ensureRuntime(t, log);
  const out = path.join(EXE_DIR, t.output);
  const tmp = `${out}.tmp`;
  rmSync(tmp, { force: true });
  if (t.os === 'win32') {
    const stripped = stripSignature(readFileSync(runtimes[t.id]));
    if (!stripped.stripped) log(`warning: ${t.npmPackage} node.exe carried no signature`);
    writeFileSync(tmp, stampVersionResource(stripped.buf));
  } else {
    copyFileSync(runtimes[t.id], tmp);
  }
  chmodSync(tmp, 0o755);
  await quietLief(() => postject.inject(tmp, SEA_RESOURCE, blobs[t.id], { sentinelFuse: SEA_FUSE, overwrite: false }));
  if (t.os === 'win32') {
    const buf = readFileSync(tmp);
    const info = peInfo(buf);
    if (info.certOffset !== 0 || info.certSize !== 0) throw new Error('security directory reappeared after injection');
    setChecksum(buf);
    writeFileSync(tmp, buf);
  }
  chmodSync(tmp, 0o755);
  renameSync(tmp, out);
  const hash = sha256(readFileSync(out));
  built.push({ target: t, out, hash });
  log(`${t.id}: ${rel(out)} ${(readFileSync(out).length / 1048576).toFixed(1)} MiB sha256 ${hash}`);
}

// sha256 of the unsigned, reproducible executables: compare these between builds.
writeFileSync(path.join(EXE_DIR, 'SHA256SUMS.unsigned'),
  TARGETS.filter((t) => existsSync(path.join(EXE_DIR, t.output)))
    .map((t) => `${sha256(readFileSync(path.join(EXE_DIR, t.output)))}  ${t.output}\n`).join(''));

// ------------------------------------------------------------------ 4. signing hook

if (signing() && !opts['no-sign']) {
  for (const { target, out } of built.filter((b) => b.target.os === 'win32')) {
    log(`signing ${rel(out)} with S365_SIGN_COMMAND`);
    signFile(out, target.id);
    log(`signed: sha256 ${sha256(readFileSync(out))}`);
  }
}
log('done');
