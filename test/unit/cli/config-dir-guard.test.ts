import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { dispatch } from '../../../src/cli/dispatch.js';
import { NdjsonRenderer } from '../../../src/cli/render.js';
import { createConfigDirGuard } from '../../../src/cli/services.js';
import type { ConfigDirGuard } from '../../../src/platform/config-dir-guard.js';
import { FileSecretStore } from '../../../src/platform/file-secret-store.js';
import { ConfigUnwritableError } from '../../../src/protocol/errors.js';

/** Runs `version` through dispatch on `configDir` with `guard`; returns the exit code and the result line. */
async function runVersion(configDir: string, guard: ConfigDirGuard): Promise<{ exitCode: number; result: { ok: boolean; error?: { code: string } } }> {
  let out = '';
  const exitCode = await dispatch({
    verb: 'version',
    params: {},
    configDir,
    renderer: new NdjsonRenderer((text) => (out += text)),
    stderrLevel: 'error',
    secrets: new FileSecretStore(configDir),
    configDirGuard: guard,
    env: {},
    stderr: () => {},
  });
  return { exitCode, result: JSON.parse(out.trim().split('\n').at(-1)!) as { ok: boolean; error?: { code: string } } };
}

function recordingGuard(): ConfigDirGuard & { secured: string[] } {
  const secured: string[] = [];
  return { secured, secure: async (dir) => void secured.push(dir), verify: async () => ({ state: 'closed' }) };
}

describe('the config directory guard in dispatch', () => {
  it('should secure the config directory when the verb is the one creating it', async () => {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), 's365-guard-'));
    const configDir = path.join(parent, 'ADConnector');
    const guard = recordingGuard();
    const run = await runVersion(configDir, guard);
    expect(run.exitCode).to.equal(0);
    expect(guard.secured).to.deep.equal([configDir]);
  });

  it('should leave an existing config directory to the secrets writes (no call per verb)', async () => {
    const configDir = await fs.mkdtemp(path.join(os.tmpdir(), 's365-guard-'));
    const guard = recordingGuard();
    expect((await runVersion(configDir, guard)).exitCode).to.equal(0);
    expect(guard.secured).to.deep.equal([]);
  });

  it('should log it and let a verb that writes no secret run when the new directory cannot be secured (the secrets writes still refuse)', async () => {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), 's365-guard-'));
    const configDir = path.join(parent, 'ADConnector');
    const refusing: ConfigDirGuard = { secure: async (dir) => Promise.reject(new ConfigUnwritableError('no ACL here', { dir, problem: 'denied' })), verify: async () => ({ state: 'closed' }) };
    const run = await runVersion(configDir, refusing);
    expect(run.exitCode).to.equal(0);
    expect(run.result.ok).to.equal(true);
    const log = await fs.readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8');
    expect(log).to.match(/could not be restricted to SYSTEM and Administrators.*no ACL here/);
  });

  it('createConfigDirGuard should give the ACL on Windows only', () => {
    expect(createConfigDirGuard('/c', {}, 'linux')).to.equal(undefined);
    expect(createConfigDirGuard('/c', {}, 'win32')).to.have.property('secure').that.is.a('function');
  });
});
