import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { agentData, freshConfigDir, runAgent, type AgentRun } from './helpers/agent.js';

/** The run was refused as the caller's fault (exit 2, BAD_REQUEST), naming `param`, never showing `value`. */
function expectRefused(run: AgentRun, param: string, value?: string): void {
  expect(run.exitCode, run.stdout).to.equal(2);
  if (run.result.ok) throw new Error(`expected BAD_REQUEST, got ${run.stdout}`);
  expect(run.result.error.code).to.equal('BAD_REQUEST');
  expect(run.result.error.message).to.contain(`'${param}'`);
  if (value !== undefined) {
    expect(run.stdout, 'the value is not echoed on stdout').to.not.contain(value);
    expect(run.stderr, 'the value is not echoed on stderr').to.not.contain(value);
  }
}

/** What the JSON wire carries for a string: escapes included, so a test can look for it in stdout. */
function onTheWire(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

const DIRECTORY = { servers: ['ldaps://dc1.contoso.test'], bindDn: 'svc@contoso.test', skipTest: true };

describe('input validation through the CLI (no DC or API needed)', () => {
  describe('secrets that would not reach the server as given', () => {
    for (const [what, secret] of [
      ['a line feed', 'good-secret-1234\nX-Injected: 1'],
      ['a carriage return', 'good-secret-1234\rX-Injected: 1'],
      ['a NUL', 'good-secret-1234\u0000tail'],
      ['a lone surrogate', 'good-secret-1234\uD800tail'],
      ['U+FFFD (bytes that were not UTF-8)', 'good-secret-1234\uFFFDtail'],
    ] as const) {
      it(`connect should refuse a secret with ${what}, name 'secret', not echo it, store nothing`, async () => {
        const configDir = await freshConfigDir();
        const run = await runAgent(configDir, 'connect', { secret, skipTest: true });
        expectRefused(run, 'secret', onTheWire(secret));
        expect(run.stdout).to.not.contain('good-secret-1234');
        expect((await agentData(configDir, 'get-config')).secrets.apiSecretSet).to.equal(false);
      });

      it(`set-directory should refuse a bindPassword with ${what}, name 'bindPassword', not echo it`, async () => {
        const configDir = await freshConfigDir();
        const run = await runAgent(configDir, 'set-directory', { ...DIRECTORY, bindPassword: secret });
        expectRefused(run, 'bindPassword', onTheWire(secret));
        expect(run.stdout).to.not.contain('good-secret-1234');
        expect((await agentData(configDir, 'get-config')).secrets.bindPasswordSet).to.equal(false);
      });
    }
  });

  it('connect should refuse an apiUrl with credentials without saying them, and store nothing', async () => {
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'connect', { secret: 'good-secret-1234', apiUrl: 'https://admin:hunter2@api.example.test/', skipTest: true });
    expectRefused(run, 'apiUrl', 'hunter2');
    expect(run.stdout).to.not.contain('admin');
    expect((await agentData(configDir, 'get-config')).api).to.equal(undefined);
  });

  it('get-config should not show credentials put into an API or proxy URL by editing config.json', async () => {
    const configDir = await freshConfigDir();
    await agentData(configDir, 'connect', { secret: 'good-secret-1234', apiUrl: 'https://api.example.test/v1', skipTest: true });
    const file = path.join(configDir, 'config.json');
    const config = JSON.parse(await readFile(file, 'utf8'));
    config.api = { ...config.api, url: 'https://admin:hunter2@api.example.test/v1', proxy: 'http://proxyuser:Pr0xy-Pass@proxy.example.test:8080' };
    await writeFile(file, JSON.stringify(config));
    const run = await runAgent(configDir, 'get-config');
    expect(run.stdout).to.not.contain('hunter2').and.not.contain('Pr0xy-Pass').and.not.contain('proxyuser');
    expect(run.result.ok && run.result.data.api).to.deep.equal({ url: 'https://***@api.example.test/v1', proxy: 'http://***@proxy.example.test:8080' });
  });

  for (const server of ['ldaps://', 'ldaps:///', 'ldap:///?x']) {
    it(`set-directory should refuse the server '${server}' (no host)`, async () => {
      const run = await runAgent(await freshConfigDir(), 'set-directory', { ...DIRECTORY, servers: [server], bindPassword: 'pw', allowPlainLdap: true });
      expect(run.exitCode, run.stdout).to.equal(2);
      expect(!run.result.ok && run.result.error.message).to.contain('has no host name');
    });
  }

  for (const [verb, params, param] of [
    ['set-scope', { groups: ['Sales\u0000Team'] }, 'groups'],
    ['set-scope', { all: true, searchBases: ['OU=Sales\n,DC=x'] }, 'searchBases'],
    ['set-scope', { all: true, excludeGroups: ['Temps\u0007'] }, 'excludeGroups'],
    ['list-groups', { prefix: 'Sal\u0000' }, 'prefix'],
    ['explain', { identity: 'bob\u0000' }, 'identity'],
    ['set-directory', { ...DIRECTORY, bindPassword: 'pw', baseDn: 'DC=x\u0000' }, 'baseDn'],
  ] as const) {
    it(`${verb} should refuse a control character in '${param}' before reaching the DC`, async () => {
      const run = await runAgent(await freshConfigDir(), verb, params);
      expectRefused(run, param);
      expect(!run.result.ok && run.result.error.message).to.contain('control characters');
    });
  }

  it('set-directory should refuse a caFile that does not exist (BAD_REQUEST naming the path), even when testing the bind', async () => {
    const configDir = await freshConfigDir();
    const caFile = path.join(configDir, 'no-such-ca.pem');
    const run = await runAgent(configDir, 'set-directory', { ...DIRECTORY, skipTest: false, servers: ['ldaps://127.0.0.1:1'], bindPassword: 'pw', caFile });
    expectRefused(run, 'caFile');
    expect(!run.result.ok && run.result.error.message).to.contain(caFile);
    expect((await agentData(configDir, 'get-config')).directory).to.equal(undefined);
  });

  it('set-directory should refuse a caFile that is a directory', async () => {
    const configDir = await freshConfigDir();
    expectRefused(await runAgent(configDir, 'set-directory', { ...DIRECTORY, bindPassword: 'pw', caFile: configDir }), 'caFile');
  });

  it('set-directory should refuse bindDn without bindPassword (an unauthenticated bind), even with skipTest', async () => {
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'set-directory', DIRECTORY);
    expectRefused(run, 'bindPassword');
    expect(!run.result.ok && run.result.error.message).to.contain('unauthenticated bind');
    expect((await agentData(configDir, 'get-config')).directory).to.equal(undefined);
  });

  it('a hand-edited config with a bindDn and no stored password should be refused at connect, before any DC is asked', async () => {
    const configDir = await freshConfigDir();
    await writeFile(
      path.join(configDir, 'config.json'),
      JSON.stringify({ schemaVersion: 1, scope: { kind: 'all' }, directory: { ...DIRECTORY, skipTest: undefined, servers: ['ldaps://127.0.0.1:1'], startTls: false, allowPlainLdap: false, tlsInsecure: false, pageSize: 500, timeoutMs: 2000, connectTimeoutMs: 2000 } }),
    );
    const run = await runAgent(configDir, 'list-groups');
    expectRefused(run, 'bindPassword');
    expect(!run.result.ok && run.result.error.message).to.contain('unauthenticated bind');
  });

  describe("set-directory auth: what goes with integrated, checked before anything is saved", () => {
    const INTEGRATED = { auth: 'integrated', servers: ['ldap://dc1.contoso.test'], skipTest: true };
    for (const [param, extra] of [
      ['bindDn', { bindDn: 'svc@contoso.test' }],
      ['bindPassword', { bindPassword: 'pw-not-wanted' }],
      ['startTls', { startTls: true }],
      ['caFile', { caFile: '/etc/hostname' }],
      ['tlsInsecure', { tlsInsecure: true }],
    ] as const) {
      it(`should refuse '${param}' with auth integrated (BAD_REQUEST naming it), store nothing`, async () => {
        const configDir = await freshConfigDir();
        const run = await runAgent(configDir, 'set-directory', { ...INTEGRATED, ...extra });
        expectRefused(run, param, 'pw-not-wanted');
        expect(!run.result.ok && run.result.error.details).to.deep.include({ param });
        expect((await agentData(configDir, 'get-config')).directory).to.equal(undefined);
      });
    }

    it("should refuse an auth that is not simple or integrated", async () => {
      expectRefused(await runAgent(await freshConfigDir(), 'set-directory', { ...INTEGRATED, auth: 'kerberos' }), 'auth');
    });

    it('should refuse auth simple without bindDn', async () => {
      expectRefused(await runAgent(await freshConfigDir(), 'set-directory', { ...INTEGRATED, auth: 'simple' }), 'bindDn');
    });

    it('should save auth integrated over plain ldap:// (Kerberos seals it) with no account and no password; no bindDn means integrated', async () => {
      for (const params of [INTEGRATED, { servers: ['ldap://dc1.contoso.test'], skipTest: true }]) {
        const configDir = await freshConfigDir();
        const data = await agentData(configDir, 'set-directory', params);
        expect(data).to.deep.include({ auth: 'integrated', tested: false });
        const config = JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8'));
        expect(config.directory).to.deep.include({ auth: 'integrated', servers: ['ldap://dc1.contoso.test'], allowPlainLdap: false });
        expect(config.directory).to.not.have.property('bindDn');
        expect((await agentData(configDir, 'get-config')).secrets.bindPasswordSet).to.equal(false);
      }
    });

    it('should delete a stored bind password when the directory moves to integrated', async () => {
      const configDir = await freshConfigDir();
      await agentData(configDir, 'set-directory', { ...DIRECTORY, bindPassword: 'pw-to-forget' });
      expect((await agentData(configDir, 'get-config')).secrets.bindPasswordSet).to.equal(true);
      await agentData(configDir, 'set-directory', INTEGRATED);
      expect((await agentData(configDir, 'get-config')).secrets.bindPasswordSet).to.equal(false);
      expect(await readFile(path.join(configDir, 'secrets.json'), 'utf8')).to.not.contain('pw-to-forget');
    });

    it('a hand-edited config with auth integrated and a bindDn should be refused at connect, before any DC is asked', async () => {
      const configDir = await freshConfigDir();
      await writeFile(
        path.join(configDir, 'config.json'),
        JSON.stringify({ schemaVersion: 1, scope: { kind: 'all' }, directory: { auth: 'integrated', bindDn: 'svc@contoso.test', servers: ['ldap://127.0.0.1:1'], startTls: false, allowPlainLdap: false, tlsInsecure: false, pageSize: 500, timeoutMs: 2000, connectTimeoutMs: 2000 } }),
      );
      expectRefused(await runAgent(configDir, 'list-groups'), 'bindDn');
    });
  });
});
