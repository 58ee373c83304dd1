// The Windows Installer package: out/S365ADConnector-<version>.msi (npm run package, wixl), inspected
// with msiinfo / msiextract against the zip it must mirror, then installed, upgraded, refused as a
// downgrade and uninstalled by Wine's msiexec in a throwaway prefix.
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, bootWinePrefix, extractMsiFiles, fileDigests, group, MODULE_NAME, MSI_INSTALL_PATH, OUT, PKG, REPO, run, sha256File, skip,
  tempDir, test, unzipModule, WIN_EXE, WINE, wineEnv, which, zPath,
} from './lib.mjs';

const MSI_FILE = path.join(OUT, `${MODULE_NAME}-${PKG.version}.msi`);
const { MSI } = await import(path.join(REPO, 'build', 'package', 'config.mjs'));
const identity = await import(path.join(REPO, 'build', 'package', 'msi-identity.mjs'));
const msiinfo = which('msiinfo');
const msiextract = which('msiextract');
/** What Windows Installer returns when a launch condition fails (ERROR_INSTALL_FAILURE); Wine's exit status keeps its low byte. */
const ERROR_INSTALL_FAILURE = 1603;

function requireMsi() {
  if (!msiinfo || !msiextract) skip('msiinfo / msiextract not installed (build/package/setup.sh: the [msi] group)');
  if (!existsSync(MSI_FILE)) {
    if (!which('wixl')) skip('wixl not installed, so npm run package built no MSI (build/package/setup.sh)');
    throw new Error(`${path.relative(REPO, MSI_FILE)} not found: run npm run package`);
  }
}

/** One table of the MSI as rows of {column: value} (msiinfo export: names, types, key line, rows). */
function table(name, file = MSI_FILE) {
  const r = run(msiinfo, ['export', file, name]);
  assert.equal(r.code, 0, `msiinfo export ${name}: ${r.stderr}`);
  const [header, , , ...rows] = r.stdout.split(/\r?\n/).filter((l) => l !== '');
  const columns = header.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((v, i) => [columns[i], v])));
}
const properties = () => Object.fromEntries(table('Property').map((r) => [r.Property, r.Value]));

/** The summary information stream as {Title: ..., 'Revision number (UUID)': ...}. */
function summary() {
  const r = run(msiinfo, ['suminfo', MSI_FILE], { env: { ...process.env, TZ: 'UTC' } });
  assert.equal(r.code, 0, r.stderr);
  return Object.fromEntries(r.stdout.split(/\r?\n/).filter((l) => l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
}

let extracted = null;
/** The MSI's files, extracted once: the folder holding the module. */
function extractMsi() {
  extracted ??= extractMsiFiles(MSI_FILE);
  return extracted;
}

const sameFiles = (actual, expected, what) => assert.deepEqual([...actual], [...expected], `${what} differ from the zip's ${MODULE_NAME}/ (names and sha256)`);

group('msi', () => {
  test('MSI version mapping: pre-release and build metadata dropped, the MSI ceilings enforced', () => {
    assert.equal(identity.msiVersion('1.2.3'), '1.2.3');
    assert.equal(identity.msiVersion('1.2.3-rc.1'), '1.2.3');
    assert.equal(identity.msiVersion('1.2.3-beta.2+build.7'), '1.2.3');
    assert.throws(() => identity.msiVersion('256.0.0'), /at most 255\.255\.65535/);
    assert.throws(() => identity.msiVersion('1.2'), /not semver/);
    assert.equal(identity.upgradeBoundary('1.2.3'), '1.2.4');
    assert.equal(identity.upgradeBoundary('1.2.65535'), '1.3.0');
    assert.notEqual(identity.productCode(MSI.upgradeCode, '1.2.3-rc.1'), identity.productCode(MSI.upgradeCode, '1.2.3'));
    assert.equal(identity.productCode(MSI.upgradeCode, '1.2.3'), identity.productCode(MSI.upgradeCode, '1.2.3'));
  });

  test('files: exactly the zip\'s module folder, names and sha256', () => {
    requireMsi();
    const fromZip = fileDigests(unzipModule());
    sameFiles(fileDigests(extractMsi()), fromZip, 'the MSI\'s files');
    // The File table names the same files (msiextract could hide a duplicate or a stray entry).
    assert.equal(table('File').length, fromZip.size);
  });

  test('the Windows executable is the very file of the zip and of out/exe', () => {
    requireMsi();
    const rel = ['bin', 'win-x64', 's365-agent.exe'];
    const inMsi = sha256File(path.join(extractMsi(), ...rel));
    assert.equal(inMsi, sha256File(path.join(unzipModule(), ...rel)), 'the MSI\'s s365-agent.exe differs from the zip\'s');
    if (existsSync(WIN_EXE)) assert.equal(inMsi, sha256File(WIN_EXE), 'the MSI\'s s365-agent.exe differs from out/exe/s365-agent.exe');
  });

  test('install directory: ProgramFiles64Folder\\WindowsPowerShell\\Modules\\S365ADConnector, 64-bit components', () => {
    requireMsi();
    const dirs = new Map(table('Directory').map((d) => [d.Directory, d]));
    const chain = (id) => {
      const names = [];
      for (let d = dirs.get(id); d && d.Directory !== 'TARGETDIR'; d = dirs.get(d.Directory_Parent)) {
        names.unshift(d.DefaultDir === '.' ? d.Directory : d.DefaultDir.split('|').pop());
      }
      return names;
    };
    const components = new Map(table('Component').map((c) => [c.Component, c]));
    const manifest = table('File').find((f) => f.FileName.split('|').pop() === `${MODULE_NAME}.psd1`);
    assert.ok(manifest, `no ${MODULE_NAME}.psd1 in the File table`);
    assert.deepEqual(chain(components.get(manifest.Component_).Directory_), MSI_INSTALL_PATH);
    for (const c of components.values()) {
      assert.ok(Number(c.Attributes) & 256, `component ${c.Component} is not 64-bit (it would go to Program Files (x86))`);
      assert.ok(chain(c.Directory_).join('\\').startsWith(MSI_INSTALL_PATH.join('\\')), `component ${c.Component} installs outside the module folder`);
    }
  });

  test('Property table: ProductVersion, Manufacturer, ALLUSERS=1, UpgradeCode, ProductCode, Add/Remove Programs', () => {
    requireMsi();
    const p = properties();
    assert.equal(p.ProductVersion, identity.msiVersion(PKG.version));
    assert.equal(p.ProductName, MSI.productName);
    assert.equal(p.Manufacturer, MSI.manufacturer);
    assert.equal(p.ALLUSERS, '1');
    assert.equal(p.UpgradeCode, MSI.upgradeCode);
    assert.equal(p.ProductCode, identity.productCode(MSI.upgradeCode, PKG.version));
    assert.equal(p.ARPHELPLINK, MSI.helpLink);
    assert.equal(p.ARPNOMODIFY, '1');
    const s = summary();
    assert.equal(s.Template, `x64;${MSI.language}`);
    assert.equal(Number(s.Source) & 8, 0, 'summary Source marks the package per-user (no elevation)');
    // Reproducible: wixl's build-time stamps are pinned to the zip's fixed time (msiinfo prints them like ctime, in TZ).
    const epochMs = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.UTC(2000, 0, 1);
    const parse = (ctime) => Date.parse(`${ctime.replace(/\s+/g, ' ')} GMT`);
    assert.equal(parse(s.Created), epochMs, `Created: ${s.Created}`);
    assert.equal(parse(s['Last saved']), epochMs, `Last saved: ${s['Last saved']}`);
  });

  test('major upgrade: Upgrade rows, RemoveExistingProducts after InstallValidate, downgrade refused by a launch condition', () => {
    requireMsi();
    const version = identity.msiVersion(PKG.version);
    const rows = table('Upgrade').map((r) => ({ ...r, Attributes: Number(r.Attributes) }));
    assert.ok(rows.length > 0 && rows.every((r) => r.UpgradeCode === MSI.upgradeCode), JSON.stringify(rows));
    const ONLY_DETECT = 2, MIN_INCLUSIVE = 256, MAX_INCLUSIVE = 512;
    const cmp = (a, b) => a.split('.').map(Number).reduce((acc, n, i) => acc || n - Number(b.split('.')[i]), 0);
    /** Whether an installed version v falls in an Upgrade row's range, as FindRelatedProducts reads it. */
    const covers = (r, v) => (r.VersionMin === '' || cmp(v, r.VersionMin) > 0 || (cmp(v, r.VersionMin) === 0 && !!(r.Attributes & MIN_INCLUSIVE)))
      && (r.VersionMax === '' || cmp(v, r.VersionMax) < 0 || (cmp(v, r.VersionMax) === 0 && !!(r.Attributes & MAX_INCLUSIVE)));
    const removing = rows.filter((r) => !(r.Attributes & ONLY_DETECT));
    const detecting = rows.filter((r) => r.Attributes & ONLY_DETECT);
    assert.equal(removing.length, 1, 'one row removes the installed older version');
    assert.equal(detecting.length, 1, 'one row detects a newer version');
    const newer = identity.upgradeBoundary(version);
    // This same version counts as older too: a pre-release shares its release's MSI version.
    for (const v of ['0.0.1', version]) assert.ok(covers(removing[0], v), `an installed ${v} would not be replaced`);
    assert.ok(!covers(removing[0], newer), `an installed ${newer} would be removed`);
    assert.ok(covers(detecting[0], newer), `an installed ${newer} is not detected as newer`);
    assert.ok(!covers(detecting[0], version), 'this version counts as newer than itself');

    const secure = properties().SecureCustomProperties.split(';');
    for (const r of rows) assert.ok(secure.includes(r.ActionProperty), `${r.ActionProperty} is not a secure property`);
    const conditions = table('LaunchCondition');
    const downgrade = conditions.find((c) => c.Condition === `NOT ${detecting[0].ActionProperty}`);
    assert.ok(downgrade, `no launch condition on ${detecting[0].ActionProperty}: ${JSON.stringify(conditions)}`);
    assert.match(downgrade.Description, /newer version/);

    const seq = Object.fromEntries(table('InstallExecuteSequence').map((a) => [a.Action, Number(a.Sequence)]));
    assert.ok(seq.FindRelatedProducts < seq.LaunchConditions, 'FindRelatedProducts must run before LaunchConditions');
    assert.ok(seq.InstallValidate < seq.RemoveExistingProducts && seq.RemoveExistingProducts < seq.InstallInitialize,
      `RemoveExistingProducts (${seq.RemoveExistingProducts}) must sit between InstallValidate and InstallInitialize`);
    // No dialogs: a silent install needs none, and there is nothing to click through without /qn either.
    assert.ok(!table('InstallUISequence').some((a) => /Dlg|Dialog/.test(a.Action)));
  });
});

// ------------------------------------------------------------------ under Wine

let winePrefix = null;
/** One throwaway Wine prefix for the Wine tests: its C:\Program Files and registry start empty. */
function freshPrefix() {
  if (!WINE) skip('wine64 not installed (build/package/setup.sh)');
  if (!winePrefix) {
    const prefix = path.join(tempDir('msi-wine'), 'prefix');
    bootWinePrefix(prefix);
    winePrefix = prefix;
  }
  return winePrefix;
}
const installedModule = (prefix) => path.join(prefix, 'drive_c', 'Program Files', 'WindowsPowerShell', 'Modules', MODULE_NAME);
const msiexec = (prefix, args, log) => run(WINE, ['msiexec', ...args, '/qn', ...(log ? ['/l*v', zPath(log)] : [])],
  { env: wineEnv(prefix), timeoutMs: 600_000 });
const UNINSTALL_KEY = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

/** The Add/Remove Programs entries that carry our DisplayName: [{key, values: {Name: data}}]. */
function arpEntries(prefix) {
  const r = run(WINE, ['reg', 'query', UNINSTALL_KEY, '/s'], { env: wineEnv(prefix) });
  const entries = [];
  for (const line of r.stdout.split(/\r?\n/)) {
    if (line.startsWith('HKEY_')) entries.push({ key: line, values: {} });
    const m = /^\s+(\S+)\s+REG_\w+\s+(.*)$/.exec(line);
    if (m && entries.length) entries[entries.length - 1].values[m[1]] = m[2].trim();
  }
  return entries.filter((e) => e.values.DisplayName === MSI.productName);
}

group('msi under Wine', () => {
  test('msiexec /i /qn installs the module into C:\\Program Files\\WindowsPowerShell\\Modules, /x /qn removes it', () => {
    requireMsi();
    const prefix = freshPrefix();
    const target = installedModule(prefix);
    const i = msiexec(prefix, ['/i', zPath(MSI_FILE)]);
    assert.equal(i.code, 0, `msiexec /i exit ${i.code}: ${i.stderr}`);
    sameFiles(fileDigests(target), fileDigests(unzipModule()), 'the installed files');
    const [arp, ...more] = arpEntries(prefix);
    assert.ok(arp, 'no Add/Remove Programs entry');
    assert.equal(more.length, 0, 'more than one Add/Remove Programs entry');
    assert.ok(arp.key.endsWith(identity.productCode(MSI.upgradeCode, PKG.version)), arp.key);
    assert.equal(arp.values.Publisher, MSI.manufacturer);
    assert.equal(arp.values.DisplayVersion, identity.msiVersion(PKG.version));
    assert.equal(arp.values.HelpLink, MSI.helpLink);
    assert.equal(arp.values.NoModify, '0x1');
    const x = msiexec(prefix, ['/x', zPath(MSI_FILE)]);
    assert.equal(x.code, 0, `msiexec /x exit ${x.code}: ${x.stderr}`);
    assert.ok(!existsSync(target), `${target} is still there after /x`);
    assert.deepEqual(arpEntries(prefix), [], 'the Add/Remove Programs entry is still there after /x');
  });

  test('upgrades replace the older version (a pre-release by its release too), a downgrade is refused', async () => {
    if (!which('wixl')) skip('wixl not installed (build/package/setup.sh)');
    if (!WINE) skip('wine64 not installed (build/package/setup.sh)');
    // Small MSIs of the real build (msi.mjs, same UpgradeCode), one marker file each, so the test is quick.
    const { buildMsi } = await import(path.join(REPO, 'build', 'package', 'msi.mjs'));
    const work = tempDir('msi-upgrade');
    const build = (version) => {
      const moduleDir = path.join(work, version, MODULE_NAME);
      mkdirSync(moduleDir, { recursive: true });
      writeFileSync(path.join(moduleDir, 'version.txt'), version);
      writeFileSync(path.join(moduleDir, `only-in-${version}.txt`), version);
      return buildMsi({ moduleDir, version, mtime: new Date(Date.UTC(2000, 0, 1)), out: path.join(work, version) }).msiPath;
    };
    const [older, pre, release] = ['7.0.0', '7.1.0-rc.1', '7.1.0'].map(build);
    const prefix = freshPrefix();
    const target = installedModule(prefix);
    const installed = () => ({ version: readFileSync(path.join(target, 'version.txt'), 'utf8'), products: arpEntries(prefix).map((e) => e.values.DisplayVersion) });
    for (const [msi, version] of [[older, '7.0.0'], [pre, '7.1.0-rc.1'], [release, '7.1.0']]) {
      const r = msiexec(prefix, ['/i', zPath(msi)]);
      assert.equal(r.code, 0, `installing ${version}: exit ${r.code} ${r.stderr}`);
      assert.deepEqual(installed(), { version, products: [identity.msiVersion(version)] }, `after installing ${version}`);
      assert.deepEqual([...fileDigests(target).keys()].sort(), [`only-in-${version}.txt`, 'version.txt'], `files after installing ${version}`);
    }
    const log = path.join(work, 'downgrade.log');
    const down = msiexec(prefix, ['/i', zPath(older)], log);
    assert.equal(down.code, ERROR_INSTALL_FAILURE & 0xff, `the downgrade to 7.0.0 was not refused (exit ${down.code})`);
    assert.deepEqual(installed(), { version: '7.1.0', products: ['7.1.0'] }, 'the refused downgrade changed the installation');
    // Wine shows the launch condition's message in a box and does not log it (the message itself is
    // checked in the LaunchCondition table above); its log does show why: the newer product was found.
    assert.ok(readFileSync(log, 'utf8').includes(`NEWERVERSIONDETECTED = ${identity.productCode(MSI.upgradeCode, '7.1.0')}`),
      'the downgrade was refused, but not because FindRelatedProducts found 7.1.0');
    const x = msiexec(prefix, ['/x', zPath(release)]);
    assert.equal(x.code, 0, `msiexec /x exit ${x.code}`);
    assert.ok(!existsSync(target));
  });
});
