// The Authenticode hook of the packaging (build/package/sign.mjs, docs/packaging.md "Signing"):
// package.mjs run with a fake S365_SIGN_COMMAND that records each call and appends a signature
// marker, then the zip (unzip) and the MSI (msiextract) read back. The executables are stand-ins:
// signing them is build-exe.mjs's step, and real ones would have wixl compress 200 MiB per build.
import { readFileSync, writeFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  assert, extractMsiFiles, fileDigests, group, MODULE_NAME, PKG, REPO, run, sha256File, skip, tempDir, test, unzipPackage, which,
} from './lib.mjs';

const MARKER = '\r\n# SIG # Begin signature block\r\n';
/** The files PowerShell checks signatures on (the spec of this test, not sign.mjs's list). */
const SCRIPT_EXTENSIONS = ['.ps1', '.psm1', '.psd1', '.ps1xml'];
const isScript = (rel) => SCRIPT_EXTENSIONS.includes(path.extname(rel).toLowerCase());
const MODULE_SRC = path.join(REPO, 'powershell', MODULE_NAME);
const ZIP_NAME = `${MODULE_NAME}-${PKG.version}.zip`;
const MSI_NAME = `${MODULE_NAME}-${PKG.version}.msi`;

function requireTools() {
  if (!which('wixl')) skip('wixl not installed (build/package/setup.sh: the [msi] group)');
}

/** Stand-ins for out/exe: what package.mjs copies from there. */
function standInExes() {
  const dir = tempDir('sign-exe');
  writeFileSync(path.join(dir, 's365-agent'), 'linux stand-in\n');
  writeFileSync(path.join(dir, 's365-agent.exe'), 'MZ windows stand-in\n');
  writeFileSync(path.join(dir, 'THIRD-PARTY-NOTICES.txt'), 'notices\n');
  return dir;
}

/** A sign command that logs "target<TAB>S365_SIGN_FILE<TAB>$1" and appends MARKER; exits 3 for the target in FAKE_SIGN_FAIL. */
function fakeSigner(dir) {
  const script = path.join(dir, 'sign.sh');
  const log = path.join(dir, 'sign.log');
  writeFileSync(script, `#!/bin/sh
set -e
printf '%s\\t%s\\t%s\\n' "$S365_SIGN_TARGET" "$S365_SIGN_FILE" "$1" >> '${log}'
if [ "$S365_SIGN_TARGET" = "$FAKE_SIGN_FAIL" ]; then echo "fake signer: no certificate" >&2; exit 3; fi
printf '${MARKER.replaceAll('\r', '\\r').replaceAll('\n', '\\n')}' >> "$1"
`);
  chmodSync(script, 0o755);
  return { script, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split('\t')) : []) };
}

const ARTEFACTS = [ZIP_NAME, `${ZIP_NAME}.sha256`, MSI_NAME, `${MSI_NAME}.sha256`];

/** Runs package.mjs into a fresh out folder, optionally holding a stale zip and MSI of an "earlier build": {code, stderr, out}. */
function packageInto(prefix, env, { stale = false } = {}) {
  const out = path.join(tempDir(prefix), 'out');
  mkdirSync(out);
  if (stale) for (const f of ARTEFACTS) writeFileSync(path.join(out, f), 'stale\n');
  const r = run(process.execPath, [path.join(REPO, 'build', 'package', 'package.mjs'), '--out', out, '--exe-dir', standInExes()],
    { env: { ...process.env, S365_SIGN_COMMAND: '', ...env } });
  return { ...r, out };
}

let signed = null;
/** One signed build, made once: {out, calls, zipDir, msiDir}. */
function signedBuild() {
  if (signed) return signed;
  requireTools();
  const signer = fakeSigner(tempDir('signer'));
  const r = packageInto('signed', { S365_SIGN_COMMAND: signer.script });
  assert.equal(r.code, 0, `package.mjs exit ${r.code}: ${r.stderr}`);
  signed = {
    out: r.out, calls: signer.calls(), zipDir: unzipPackage(path.join(r.out, ZIP_NAME)), msiDir: extractMsiFiles(path.join(r.out, MSI_NAME)),
  };
  return signed;
}

const endsWithMarker = (file) => readFileSync(file).subarray(-MARKER.length).toString('latin1') === MARKER;
const hashLine = (file) => readFileSync(file, 'utf8').split('  ')[0];

group('signing', () => {
  test('every module script in the zip is its source signed once; nothing else is signed', () => {
    const { zipDir } = signedBuild();
    const scripts = [...fileDigests(zipDir).keys()].filter(isScript);
    const sources = [...fileDigests(MODULE_SRC).keys()].filter((rel) => isScript(rel) && !rel.startsWith('Tests/'));
    assert.deepEqual(scripts, sources, 'the zip\'s scripts are not the module\'s');
    for (const rel of scripts) {
      const expected = Buffer.concat([readFileSync(path.join(MODULE_SRC, rel)), Buffer.from(MARKER, 'latin1')]);
      assert.ok(readFileSync(path.join(zipDir, rel)).equals(expected), `${rel} in the zip is not its source plus one signature`);
    }
    for (const rel of fileDigests(zipDir).keys()) {
      if (!isScript(rel)) assert.ok(!endsWithMarker(path.join(zipDir, rel)), `${rel} was signed`);
    }
  });

  test('the MSI installs the signed scripts: its files are the zip\'s', () => {
    const { zipDir, msiDir } = signedBuild();
    const fromMsi = fileDigests(msiDir);
    assert.deepEqual([...fromMsi], [...fileDigests(zipDir)], 'the MSI\'s files differ from the signed zip\'s');
    for (const rel of fromMsi.keys()) if (isScript(rel)) assert.ok(endsWithMarker(path.join(msiDir, rel)), `${rel} in the MSI is not signed`);
  });

  test('the hook gets each script once as module-script, then the MSI as msi, whose signed bytes are shipped', () => {
    const { out, calls, zipDir } = signedBuild();
    for (const [, file, arg] of calls) assert.equal(arg, file, 'S365_SIGN_FILE and the last argument differ');
    const scriptCalls = calls.filter(([target]) => target === 'module-script').map(([, file]) => file);
    const scripts = [...fileDigests(zipDir).keys()].filter(isScript);
    assert.equal(scriptCalls.length, scripts.length, 'not one call per script');
    const moduleDir = path.join(out, 'package', MODULE_NAME);
    assert.deepEqual(scriptCalls.map((f) => path.relative(moduleDir, f).split(path.sep).join('/')).sort(), [...scripts].sort());
    const msiCalls = calls.filter(([target]) => target === 'msi');
    assert.equal(msiCalls.length, 1, `the MSI was not signed once: ${JSON.stringify(calls.filter(([t]) => t !== 'module-script'))}`);
    assert.equal(calls.length, scriptCalls.length + 1, 'the hook signed something else');
    assert.equal(calls.at(-1)[0], 'msi', 'the MSI was not signed after the scripts it holds');
    assert.equal(path.basename(msiCalls[0][1]), MSI_NAME);
    const msi = path.join(out, MSI_NAME);
    assert.ok(endsWithMarker(msi), 'the shipped MSI is not the signed one');
    assert.equal(hashLine(`${msi}.sha256`), sha256File(msi), 'the .msi.sha256 is not of the signed MSI');
  });

  test('CHECKSUMS.sha256 and the .zip.sha256 are of the signed bytes', () => {
    const { out, zipDir } = signedBuild();
    const digests = fileDigests(zipDir);
    const lines = readFileSync(path.join(zipDir, 'CHECKSUMS.sha256'), 'utf8').trim().split('\n').map((l) => l.split('  '));
    digests.delete('CHECKSUMS.sha256');
    assert.deepEqual(lines.map(([hash, rel]) => [rel, hash]), [...digests], 'CHECKSUMS.sha256 does not list the shipped bytes');
    assert.equal(hashLine(path.join(out, `${ZIP_NAME}.sha256`)), sha256File(path.join(out, ZIP_NAME)));
  });

  for (const target of ['module-script', 'msi']) {
    test(`a failing S365_SIGN_COMMAND (S365_SIGN_TARGET=${target}) fails the packaging, naming the file, and leaves no MSI or earlier zip`, () => {
      requireTools();
      const signer = fakeSigner(tempDir('signer-fail'));
      const r = packageInto('sign-fail', { S365_SIGN_COMMAND: signer.script, FAKE_SIGN_FAIL: target }, { stale: true });
      assert.notEqual(r.code, 0, 'package.mjs succeeded');
      const failed = signer.calls().at(-1);
      assert.equal(failed[0], target);
      assert.ok(r.stderr.includes(`S365_SIGN_COMMAND failed (exit 3) signing ${failed[1]} (S365_SIGN_TARGET=${target})`), r.stderr);
      assert.ok(r.stderr.includes('fake signer: no certificate'), 'the signer\'s own message was not passed on');
      // The zip is made before the MSI: a failure on the MSI leaves this build's zip, a failure before it nothing.
      const left = ARTEFACTS.filter((f) => existsSync(path.join(r.out, f)));
      assert.deepEqual(left, target === 'msi' ? [ZIP_NAME, `${ZIP_NAME}.sha256`] : [], 'artefacts left after the failure');
      for (const f of left) assert.notEqual(readFileSync(path.join(r.out, f), 'utf8'), 'stale\n', `${f} is the earlier build's`);
    });
  }

  test('without S365_SIGN_COMMAND nothing is signed, and two builds, a second apart, give the same zip and MSI bytes', async () => {
    requireTools();
    const a = packageInto('unsigned-a', {});
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a time stamped into either would differ
    const b = packageInto('unsigned-b', {});
    for (const r of [a, b]) assert.equal(r.code, 0, `package.mjs exit ${r.code}: ${r.stderr}`);
    for (const f of [ZIP_NAME, MSI_NAME]) assert.equal(sha256File(path.join(a.out, f)), sha256File(path.join(b.out, f)), `${f} differs between two builds`);
    const zipDir = unzipPackage(path.join(a.out, ZIP_NAME));
    for (const rel of fileDigests(zipDir).keys()) {
      if (isScript(rel)) assert.ok(readFileSync(path.join(zipDir, rel)).equals(readFileSync(path.join(MODULE_SRC, rel))), `${rel} changed`);
    }
  });
});
