// The Linux executable as a black box: out/exe/s365-agent (npm run build:exe).
import { accessSync, constants, copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  agentJson, assert, group, LINUX_EXE, NODE_VERSION, PKG, REPO, requireFile, run, skip, startEmulator, tempDir, test, testDcEnv,
} from './lib.mjs';

import { AGENT_NODE_FLAGS } from '../../build/package/config.mjs';

const exe = [LINUX_EXE];
const pre = () => requireFile(LINUX_EXE, 'run npm run build:exe');
const { AGENT_COMMIT } = await import(pathToFileURL(path.join(REPO, 'dist', 'generated', 'version.js')).href).catch(() => ({}));

group('linux-x64', () => {
  test('executable, one file, mode 0755', () => {
    pre();
    accessSync(LINUX_EXE, constants.X_OK);
    const head = readFileSync(LINUX_EXE).subarray(0, 4);
    assert.deepEqual([...head], [0x7f, 0x45, 0x4c, 0x46], 'not an ELF file');
  });

  test('version over --json: one ok result, Node 22 embedded, nothing on stderr', () => {
    pre();
    const r = agentJson(exe, { protocol: 1, verb: 'version' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines.length, 1);
    assert.equal(r.result.ok, true);
    assert.equal(r.result.data.node, NODE_VERSION);
    assert.equal(r.result.data.version, PKG.version);
    assert.equal(r.result.data.platform, 'linux-x64');
    if (AGENT_COMMIT) assert.equal(r.result.data.commit, AGENT_COMMIT);
    assert.equal(r.stderr, '', 'stderr must be empty (no SEA warning)');
  });

  test('runs on its own: copied elsewhere, no node on PATH, empty environment', () => {
    pre();
    const dir = tempDir('standalone');
    const copy = path.join(dir, 's365-agent');
    copyFileSync(LINUX_EXE, copy);
    const r = run(copy, ['version'], { cwd: dir, env: { PATH: '/usr/bin:/bin' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^s365-agent ${PKG.version.replaceAll('.', '\\.')} .*Node\\.js ${NODE_VERSION}`));
  });

  test('NODE_OPTIONS is ignored (execArgvExtension none)', () => {
    pre();
    const r = run(LINUX_EXE, ['version'], { env: { ...process.env, NODE_OPTIONS: '--require /nonexistent/s365-inject.js' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  test('runs with the built-in heap flags, which NODE_OPTIONS cannot change', () => {
    pre();
    for (const env of [process.env, { ...process.env, NODE_OPTIONS: '--max-semi-space-size=64' }]) {
      const r = agentJson(exe, { protocol: 1, verb: 'version' }, { env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.result.data.runtimeFlags, [...AGENT_NODE_FLAGS]);
    }
  });

  test('malformed request: exit 2, ok:false BAD_REQUEST', () => {
    pre();
    const r = agentJson(exe, '{"protocol":1,"verb":');
    assert.equal(r.code, 2);
    assert.equal(r.result.ok, false);
    assert.equal(r.result.error.code, 'BAD_REQUEST');
    const unknown = agentJson(exe, { protocol: 1, verb: 'no-such-verb' });
    assert.equal(unknown.code, 2);
    assert.equal(unknown.result.error.code, 'BAD_REQUEST');
  });

  test('flag mode: --help lists the verbs (yargs works in the bundle)', () => {
    pre();
    const r = run(LINUX_EXE, ['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const verb of ['version', 'connect', 'test-auth', 'set-directory', 'sync']) assert.match(r.stdout, new RegExp(`s365-agent ${verb}`));
    const bad = run(LINUX_EXE, ['no-such-verb']);
    assert.equal(bad.code, 2);
  });

  test('connect + test-auth against the API emulator', async () => {
    pre();
    const emu = await startEmulator();
    const configDir = tempDir('cfg');
    const wrong = agentJson(exe, { protocol: 1, verb: 'connect', params: { secret: 'wrong-secret', apiUrl: emu.url } }, { configDir });
    assert.equal(wrong.code, 3, JSON.stringify(wrong.result));
    assert.equal(wrong.result.error.code, 'AUTH_REFUSED');
    const c = agentJson(exe, { protocol: 1, verb: 'connect', params: { secret: emu.tenant.secret, apiUrl: emu.url } }, { configDir });
    assert.equal(c.code, 0, JSON.stringify(c.result));
    const t = agentJson(exe, { protocol: 1, verb: 'test-auth' }, { configDir });
    assert.equal(t.code, 0, JSON.stringify(t.result));
    assert.equal(t.result.data.tenantId, emu.tenant.tenantId);
    assert.equal(t.result.data.tenantName, emu.tenant.tenantName);
    assert.ok(!JSON.stringify(t).includes(emu.tenant.secret), 'the secret leaked into the output');
  });

  test('full sync of the Samba test domain into the emulator', async () => {
    pre();
    const dc = testDcEnv();
    if (!dc) skip('no test DC env file (.run/test-dc/env): run build/test-dc.sh start');
    const emu = await startEmulator();
    const configDir = tempDir('cfg');
    const call = (verb, params) => {
      const r = agentJson(exe, { protocol: 1, verb, ...(params ? { params } : {}) }, { configDir, timeoutMs: 300_000 });
      assert.equal(r.code, 0, `${verb}: ${JSON.stringify(r.result)}\n${r.stderr}`);
      return r;
    };
    call('connect', { secret: emu.tenant.secret, apiUrl: emu.url });
    const d = agentJson(exe, { protocol: 1, verb: 'set-directory', params: {
      servers: [dc.S365_TEST_LDAPS_URL], baseDn: dc.S365_TEST_BASE_DN, bindDn: dc.S365_TEST_BIND_DN,
      bindPassword: dc.S365_TEST_BIND_PASSWORD, caFile: dc.S365_TEST_CA_FILE,
    } }, { configDir });
    if (d.result.error?.code === 'DIRECTORY_UNREACHABLE') {
      throw new Error(`the test DC in .run/test-dc does not answer: run build/test-dc.sh start (${d.result.error.message})`);
    }
    assert.equal(d.code, 0, JSON.stringify(d.result));
    call('set-scope', { all: true });
    const s = call('sync', { mode: 'full' });
    const { counts, status } = s.result.data;
    assert.equal(status, 'succeeded', JSON.stringify(s.result.data));
    assert.ok(counts.read > 0 && counts.added > 0, JSON.stringify(counts));
    assert.ok(s.lines.some((l) => l.type === 'progress'), 'no progress events');
    const state = await emu.state();
    assert.ok(Array.isArray(state.users) && state.users.length > 0, 'the emulator holds no users');
    assert.equal(state.users.length, counts.added, `emulator users ${state.users.length} vs counts ${JSON.stringify(counts)}`);
    // A second run sends nothing new.
    const again = call('sync', { mode: 'full' });
    assert.equal(again.result.data.counts.added, 0, JSON.stringify(again.result.data.counts));
  });
});
