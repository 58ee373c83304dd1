import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, open, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { StateDb } from '../../src/state/state-db.js';
import { AGENT_SCRIPT, agentData, freshConfigDir, runAgent, type AgentRun } from './helpers/agent.js';

/** A config dir that is connected and has a directory, neither tested: enough to reach the lock and the state. */
async function configuredDir(): Promise<string> {
  const dir = await freshConfigDir();
  await agentData(dir, 'connect', { secret: 'secret-abcdefgh', apiUrl: 'http://127.0.0.1:9/api', skipTest: true });
  await agentData(dir, 'set-directory', { servers: ['ldaps://dc.example.invalid'], bindDn: 'CN=svc,DC=example,DC=invalid', bindPassword: 'pw', skipTest: true });
  return dir;
}

/** A failure the caller can act on: the code, its exit, a message saying what to do, no stack trace, no lock left. */
async function expectCleanFailure(dir: string, run: AgentRun, code: string, exitCode: number, advice: RegExp): Promise<void> {
  expect(run.result.ok, run.stdout).to.equal(false);
  if (run.result.ok) return;
  expect({ code: run.result.error.code, exitCode: run.exitCode }).to.deep.equal({ code, exitCode });
  expect(run.result.error.message).to.match(advice);
  expect(run.stderr).to.not.contain('    at ');
  const leftovers = (await readdir(dir)).filter((name) => name === 'config.lock' || /\.(tmp|takeover)$/.test(name));
  expect(leftovers).to.deep.equal([]);
  const lock = path.join(dir, 'sync.lock');
  if (existsSync(lock)) expect(statSync(lock).isDirectory(), 'sync.lock left behind').to.equal(true);
}

describe('a damaged config directory (the built agent as a black box)', function () {
  this.timeout(120_000);

  it('should answer CONFIG_CORRUPT for a corrupt secrets.json, and release the lock', async () => {
    const dir = await configuredDir();
    await writeFile(path.join(dir, 'secrets.json'), '{"apiSecret": "trunc');
    await expectCleanFailure(dir, await runAgent(dir, 'sync'), 'CONFIG_CORRUPT', 2, /secrets\.json.*remove it.*Connect-Signature365/s);
    await expectCleanFailure(dir, await runAgent(dir, 'test-auth'), 'CONFIG_CORRUPT', 2, /secrets\.json/);
  });

  it('should answer CONFIG_CORRUPT for a secrets.json that is JSON but not an object', async () => {
    const dir = await configuredDir();
    await writeFile(path.join(dir, 'secrets.json'), 'null');
    await expectCleanFailure(dir, await runAgent(dir, 'test-auth'), 'CONFIG_CORRUPT', 2, /secrets\.json/);
  });

  it('should answer CONFIG_CORRUPT secret-unreadable for a sealed secret it cannot unseal, and still show it as set, let disconnect forget it and connect replace it', async () => {
    const dir = await configuredDir();
    const file = path.join(dir, 'secrets.json');
    // A value sealed with DPAPI on a Windows server, copied here (or damaged): this agent cannot unseal it.
    const sealed = { sealed: 'dpapi-machine', data: Buffer.from('opaque blob').toString('base64') };
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), apiSecret: sealed }));
    const run = await runAgent(dir, 'test-auth');
    await expectCleanFailure(dir, run, 'CONFIG_CORRUPT', 2, /'apiSecret'.*cannot be read.*connect/s);
    if (!run.result.ok) expect(run.result.error.details).to.deep.equal({ file, problem: 'secret-unreadable', secret: 'apiSecret' });
    const config = await agentData(dir, 'get-config');
    expect(config.secrets).to.deep.equal({ apiSecretSet: true, bindPasswordSet: true, proxyAuthSet: false });
    // disconnect forgets it without reading it; connect gives a new one.
    expect(await agentData(dir, 'disconnect')).to.deep.include({ hadSecret: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).to.deep.equal({ bindPassword: 'pw' });
    await writeFile(file, JSON.stringify({ bindPassword: 'pw', apiSecret: sealed }));
    await agentData(dir, 'connect', { secret: 'secret-replaced', apiUrl: 'http://127.0.0.1:9/api', skipTest: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).to.deep.equal({ apiSecret: 'secret-replaced', bindPassword: 'pw' });
  });

  it('should refuse a secrets.json that others may read (POSIX): CONFIG_CORRUPT secrets-exposed, unread and unchanged, until chmod 600', async () => {
    const dir = await configuredDir();
    const file = path.join(dir, 'secrets.json');
    const before = await readFile(file, 'utf8');
    await chmod(file, 0o644);
    for (const verb of ['test-auth', 'sync', 'get-config', 'disconnect']) {
      const run = await runAgent(dir, verb);
      await expectCleanFailure(dir, run, 'CONFIG_CORRUPT', 2, /readable by other accounts \(mode 0644\).*chmod 600 .*secrets\.json.*may have been read: rotate the integration secret in the Signature 365 portal/s);
      if (!run.result.ok) expect(run.result.error.details, verb).to.deep.equal({ file, problem: 'secrets-exposed', mode: '0644' });
      expect(run.stdout + run.stderr, verb).to.not.contain('secret-abcdefgh');
    }
    // connect does not quietly rewrite it 0600 either: the old secret may be out, the admin must see it.
    await expectCleanFailure(dir, await runAgent(dir, 'connect', { secret: 'secret-new-value', apiUrl: 'http://127.0.0.1:9/api', skipTest: true }), 'CONFIG_CORRUPT', 2, /chmod 600/);
    expect(await readFile(file, 'utf8')).to.equal(before);
    expect(statSync(file).mode & 0o777).to.equal(0o644);
    await chmod(file, 0o600);
    expect((await agentData(dir, 'get-config')).secrets).to.deep.include({ apiSecretSet: true, bindPasswordSet: true });
  });

  it('should refuse a secrets.json owned by another account than the agent\'s (root reading a user\'s file)', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can give a file away
    const dir = await configuredDir();
    const file = path.join(dir, 'secrets.json');
    await chown(file, 65534, 65534);
    const run = await runAgent(dir, 'test-auth');
    await expectCleanFailure(dir, run, 'CONFIG_CORRUPT', 2, /owned by another account \(uid 65534\).*rotate/s);
    if (!run.result.ok) expect(run.result.error.details).to.deep.equal({ file, problem: 'secrets-exposed', owner: 65534 });
  });

  it('should answer CONFIG_CORRUPT for a state.db that is not a database, and release the lock', async () => {
    const dir = await configuredDir();
    await writeFile(path.join(dir, 'state.db'), 'this is not a database '.repeat(200));
    await expectCleanFailure(dir, await runAgent(dir, 'sync'), 'CONFIG_CORRUPT', 2, /state\.db.*remove/s);
    await expectCleanFailure(dir, await runAgent(dir, 'status'), 'CONFIG_CORRUPT', 2, /state\.db/);
  });

  /** A config dir whose state.db holds 3000 users (about 1.5 MB). */
  async function dirWithState(): Promise<{ dir: string; file: string }> {
    const dir = await configuredDir();
    const state = StateDb.open(dir);
    state.confirmUsers(
      Array.from({ length: 3000 }, (_, i) => ({ objectGuid: `guid-${i}`, hash: `hash-${i}`, email: `user${i}@example.com`, outcome: 'matched' as const, payload: { jobTitle: 'x'.repeat(200) } })),
    );
    state.close();
    return { dir, file: path.join(dir, 'state.db') };
  }

  it('should answer CONFIG_CORRUPT for a state.db overwritten in the middle (sync checks every page), and release the lock', async () => {
    const { dir, file } = await dirWithState();
    const handle = await open(file, 'r+');
    await handle.write(Buffer.alloc(64 * 1024, 0xa5), 0, 64 * 1024, Math.floor(statSync(file).size / 2));
    await handle.close();
    await expectCleanFailure(dir, await runAgent(dir, 'sync'), 'CONFIG_CORRUPT', 2, /state\.db.*remove/s);
  });

  it('should answer CONFIG_CORRUPT for a truncated state.db, and release the lock', async () => {
    const { dir, file } = await dirWithState();
    await truncate(file, Math.floor(statSync(file).size / 2));
    await expectCleanFailure(dir, await runAgent(dir, 'sync'), 'CONFIG_CORRUPT', 2, /state\.db.*remove/s);
    await expectCleanFailure(dir, await runAgent(dir, 'status'), 'CONFIG_CORRUPT', 2, /state\.db/);
  });

  it('should answer CONFIG_CORRUPT when sync.lock is a directory, and leave that directory alone', async () => {
    const dir = await configuredDir();
    await mkdir(path.join(dir, 'sync.lock'));
    await expectCleanFailure(dir, await runAgent(dir, 'sync'), 'CONFIG_CORRUPT', 2, /sync\.lock.*remove/s);
    expect(statSync(path.join(dir, 'sync.lock')).isDirectory()).to.equal(true);
  });

  for (const [name, verb] of [['spool', 'sync'], ['plans', 'plan']] as const) {
    it(`should answer CONFIG_CORRUPT when ${name} is a file (${verb}), and release the lock`, async () => {
      const dir = await configuredDir();
      await writeFile(path.join(dir, name), 'not a folder');
      await expectCleanFailure(dir, await runAgent(dir, verb), 'CONFIG_CORRUPT', 2, new RegExp(`${name}.*remove`, 's'));
    });
  }

  it('should answer CONFIG_CORRUPT for a malformed scope in config.json, and let set-scope repair it', async () => {
    const dir = await configuredDir();
    const file = path.join(dir, 'config.json');
    const config = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...config, scope: { kind: 'groups', groups: 'Signature Users' } }));
    await expectCleanFailure(dir, await runAgent(dir, 'sync'), 'CONFIG_CORRUPT', 2, /scope.*Set-S365SyncScope/s);
    await expectCleanFailure(dir, await runAgent(dir, 'get-scope'), 'CONFIG_CORRUPT', 2, /scope/);
    await agentData(dir, 'set-scope', { all: true });
    expect((await agentData(dir, 'get-scope')).all).to.equal(true);
  });

  it('should answer BAD_REQUEST when stdin is a directory', async () => {
    const dir = await freshConfigDir();
    const stdin = openSync(dir, 'r');
    const raw = await new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [AGENT_SCRIPT, '--json', '--config-dir', dir], { stdio: [stdin, 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    });
    closeSync(stdin);
    const result = JSON.parse(raw.stdout.trim());
    expect({ ok: result.ok, code: result.error?.code, exitCode: raw.exitCode }).to.deep.equal({ ok: false, code: 'BAD_REQUEST', exitCode: 2 });
    expect(result.error.message).to.match(/stdin/);
    expect(raw.stderr).to.not.contain('    at ');
  });
});
