/**
 * The built agent (a child process) shows real values: a secret that also occurs in the agent's own
 * output (a bind password inside the bindDn, or protocol words like `true`) is not masked there, every
 * result line stays valid JSON, and the secret itself is never shown.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runAgentRaw } from '../../integration/helpers/agent.js';

const BIND_DN = 'CN=svc,OU=Contoso,DC=corp,DC=example';
const SERVERS = ['ldaps://dc1.corp.example:636'];

interface Line {
  type: string;
  ok: boolean;
  data?: any;
  error?: { code: string };
}

/** Runs one request; every stdout line must be JSON, the last one the result. */
async function agent(configDir: string, verb: string, params: Record<string, unknown> = {}) {
  const raw = await runAgentRaw(['--json', '--config-dir', configDir], JSON.stringify({ protocol: 1, verb, params }));
  const lines = raw.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
  const result = lines.at(-1) as Line;
  expect(result.type).to.equal('result');
  return { ...raw, result };
}

describe('cli: real values in the output', function () {
  this.timeout(120_000);

  it('should keep a bindDn that contains the bind password, and never show the password', async () => {
    const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-values-'));
    const set = await agent(configDir, 'set-directory', { servers: SERVERS, bindDn: BIND_DN, bindPassword: 'Contoso', skipTest: true });
    expect(set.result.ok).to.equal(true);
    expect(set.result.data.bindDn).to.equal(BIND_DN);
    const config = await agent(configDir, 'get-config');
    expect(config.result.data.directory.bindDn).to.equal(BIND_DN);
    expect(config.result.data.secrets.bindPasswordSet).to.equal(true);
    const text = await runAgentRaw(['get-config', '--config-dir', configDir], '');
    expect(text.stdout).to.include(BIND_DN);
    for (const out of [set.stdout, config.stdout, text.stdout, set.stderr, config.stderr, text.stderr]) {
      expect(out.split(BIND_DN).join('')).to.not.include('Contoso');
    }
  });

  it('should refuse an apiUrl with credentials, not save or show them', async () => {
    const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-values-'));
    const apiUrl = 'https://agent:url-pass-1234@api.example.com';
    const connect = await agent(configDir, 'connect', { secret: 'sk_test_0123456789', apiUrl, skipTest: true });
    expect(connect.result).to.deep.include({ ok: false });
    expect(connect.result.error?.code).to.equal('BAD_REQUEST');
    const config = await agent(configDir, 'get-config');
    expect(config.result.data.api).to.equal(undefined);
    for (const out of [connect.stdout, connect.stderr, config.stdout]) expect(out).to.not.include('url-pass-1234');
  });

  for (const secret of ['"type"', 'true', 'false', 'ok', 'result', 'BAD_REQUEST']) {
    it(`should keep every result line valid and real with the bind password ${JSON.stringify(secret)}`, async () => {
      const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-values-'));
      const set = await agent(configDir, 'set-directory', { servers: SERVERS, bindDn: BIND_DN, bindPassword: secret, skipTest: true });
      expect(set.result).to.deep.include({ ok: true, verb: 'set-directory' });
      expect(set.result.data).to.deep.include({ bindDn: BIND_DN, tested: false });
      const config = await agent(configDir, 'get-config');
      expect(config.result.ok).to.equal(true);
      expect(config.result.data.directory).to.deep.include({ bindDn: BIND_DN, startTls: false, allowPlainLdap: false });
      const refused = await agent(configDir, 'set-directory', { servers: ['ftp://dc1.corp.example'], bindDn: BIND_DN, bindPassword: secret, skipTest: true });
      expect(refused.result).to.deep.include({ ok: false, verb: 'set-directory' });
      expect(refused.result.error?.code).to.equal('BAD_REQUEST');
    });
  }
});
