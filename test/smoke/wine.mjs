// The Windows executable (out/exe/s365-agent.exe): its PE properties, and running it under Wine
// with the Windows version set to 8.1 (= Server 2012 R2, 6.3) and 8 (= Server 2012, 6.2).
// Node 22 checks IsWindows8Point1OrGreater() at start-up: 6.3 starts, 6.2 refuses (exit 216) unless
// NODE_SKIP_PLATFORM_CHECK=1. I/O goes through files, never pipes (Wine 8 breaks on pipes).
// Wine only talks to the emulator on 127.0.0.1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  agentJson, assert, bootWinePrefix, group, NODE_VERSION, OUT, PKG, REPO, requireFile, run, startEmulator, tempDir, test, WIN_EXE, WINE,
  wineEnv as prefixEnv, zPath,
} from './lib.mjs';

const pre = () => requireFile(WIN_EXE, 'run npm run build:exe');
const PREFIX = process.env.S365_SMOKE_WINEPREFIX ?? path.join(OUT, '.cache', 'wine-prefix');
const wine = WINE;
const wineEnv = (extra = {}) => prefixEnv(PREFIX, extra);

let ready = false;
let currentVersion = null;
function prepareWine() {
  if (ready) return;
  bootWinePrefix(PREFIX);
  ready = true;
}

function setWindowsVersion(v) {
  prepareWine();
  if (currentVersion === v) return;
  const r = run(wine, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', v, '/f'], { env: wineEnv() });
  assert.equal(r.code, 0, `reg add failed: ${r.stderr}`);
  currentVersion = v;
}

const winExe = () => [wine, WIN_EXE];

group('win-x64', () => {
  test('PE: x64, Node\'s Authenticode signature stripped, checksum valid, version resource stamped', async () => {
    pre();
    const { peInfo, computeChecksum } = await import(path.join(REPO, 'build', 'package', 'pe.mjs'));
    const buf = readFileSync(WIN_EXE);
    const info = peInfo(buf);
    assert.equal(info.machine, 0x8664);
    if (process.env.S365_SIGN_COMMAND) {
      assert.ok(info.certSize > 0, 'S365_SIGN_COMMAND is set but the executable carries no signature');
    } else {
      // Node's own signature was stripped (injection had invalidated it) and nothing re-signed it.
      assert.equal(info.certOffset, 0);
      assert.equal(info.certSize, 0);
      assert.equal(info.checksum, computeChecksum(buf));
    }
    assert.ok(buf.includes(Buffer.from('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1')), 'SEA fuse not flipped');
    let ResEdit;
    try {
      ResEdit = await import('resedit');
    } catch {
      return; // devDependencies not installed: the rest needs resedit
    }
    const exe = ResEdit.NtExecutable.from(buf);
    const [vi] = ResEdit.Resource.VersionInfo.fromEntries(ResEdit.NtExecutableResource.from(exe).entries);
    const [lang] = vi.getAllLanguagesForStringValues();
    const strings = vi.getStringValues(lang);
    assert.equal(strings.ProductVersion, PKG.version);
    assert.equal(strings.OriginalFilename, 's365-agent.exe');
    assert.equal(strings.ProductName, 'S365 AD Connector');
  });

  test('Windows 8.1 / Server 2012 R2: version starts without NODE_SKIP_PLATFORM_CHECK', () => {
    pre();
    setWindowsVersion('win81');
    const r = agentJson(winExe(), { protocol: 1, verb: 'version' }, { env: wineEnv() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.result.ok, true);
    assert.equal(r.result.data.node, NODE_VERSION);
    assert.equal(r.result.data.version, PKG.version);
    assert.equal(r.result.data.platform, 'win32-x64');
    assert.equal(r.stderr.trim(), '', 'stderr must be empty (no SEA warning)');
  });

  test('Windows 8.1: malformed request exits 2 with ok:false', () => {
    pre();
    setWindowsVersion('win81');
    const r = agentJson(winExe(), '{"protocol":1,"verb":', { env: wineEnv() });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.result.ok, false);
    assert.equal(r.result.error.code, 'BAD_REQUEST');
  });

  test('Windows 8.1: connect + test-auth against the emulator on 127.0.0.1', async () => {
    pre();
    setWindowsVersion('win81');
    const emu = await startEmulator();
    const configDir = zPath(tempDir('wine-cfg'));
    const c = agentJson(winExe(), { protocol: 1, verb: 'connect', params: { secret: emu.tenant.secret, apiUrl: emu.url } },
      { configDir, env: wineEnv() });
    assert.equal(c.code, 0, `${JSON.stringify(c.result)}\n${c.stderr}`);
    const t = agentJson(winExe(), { protocol: 1, verb: 'test-auth' }, { configDir, env: wineEnv() });
    assert.equal(t.code, 0, `${JSON.stringify(t.result)}\n${t.stderr}`);
    assert.equal(t.result.data.tenantName, emu.tenant.tenantName);
  });

  test('Windows 8 / Server 2012: Node refuses to start, NODE_SKIP_PLATFORM_CHECK=1 overrides', () => {
    pre();
    setWindowsVersion('win8');
    const refused = run(wine, [WIN_EXE, '--json'], { input: '{"protocol":1,"verb":"version"}', env: wineEnv() });
    assert.equal(refused.code, 216, `expected ERROR_EXE_MACHINE_TYPE_MISMATCH (216), got ${refused.code}: ${refused.stdout}${refused.stderr}`);
    assert.match(refused.stderr, /only supported on Windows 8\.1, Windows Server 2012 R2, or higher/);
    assert.equal(refused.stdout, '');
    const forced = agentJson(winExe(), { protocol: 1, verb: 'version' }, { env: wineEnv({ NODE_SKIP_PLATFORM_CHECK: '1' }) });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.result.data.node, NODE_VERSION);
    setWindowsVersion('win81');
  });
});
