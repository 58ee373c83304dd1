import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { agentData, freshConfigDir, runAgent, runAgentRaw } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';

describe('s365-agent protocol (the built dist/cli.js as a black box)', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await TestEmulator.start();
  });
  after(() => emulator.close());

  describe('version', () => {
    it('should print exactly one result line and exit 0', async () => {
      const raw = await runAgentRaw(['--json'], '{"protocol":1,"verb":"version"}');
      expect(raw.exitCode).to.equal(0);
      const lines = raw.stdout.trim().split('\n');
      expect(lines).to.have.length(1);
      const result = JSON.parse(lines[0]!);
      expect(result).to.deep.include({ type: 'result', ok: true, verb: 'version', protocol: 1 });
      expect(result.data.version).to.match(/^\d+\.\d+\.\d+/);
      expect(result.data.node).to.match(/^v22\./);
      // Run as `node dist/cli.js` with no flags: the executables' built-in ones are the smoke suite's to check.
      expect(result.data.runtimeFlags).to.deep.equal([]);
    });

    it('should answer the same in flag mode with --output json', async () => {
      const raw = await runAgentRaw(['version', '--output', 'json'], '');
      expect(raw.exitCode).to.equal(0);
      expect(JSON.parse(raw.stdout).data.protocol).to.equal(1);
    });
  });

  describe('bad requests', () => {
    const cases: [string, string, RegExp][] = [
      ['malformed JSON', '{"protocol":1,"verb":', /not valid JSON/],
      ['an empty stdin', '', /No request on stdin/],
      ['an unknown verb', '{"protocol":1,"verb":"frobnicate"}', /Unknown verb 'frobnicate'/],
      ['a wrong protocol version', '{"protocol":9,"verb":"version"}', /Unsupported protocol version 9/],
      ['an unknown param', '{"protocol":1,"verb":"sync","params":{"force":true}}', /Unknown parameter 'force'/],
      ['a mistyped param', '{"protocol":1,"verb":"sync","params":{"dryRun":"yes"}}', /'dryRun' must be a boolean/],
      ['a missing required param', '{"protocol":1,"verb":"connect","params":{}}', /'secret' is required/],
      ['a fraction where a whole number is needed', '{"protocol":1,"verb":"set-sync-settings","params":{"maxRemovals":1.5}}', /'maxRemovals' must be a whole number/],
      ['a number out of range', '{"protocol":1,"verb":"status","params":{"history":0}}', /'history' must be a whole number from 1 to 100/],
    ];
    for (const [what, input, message] of cases) {
      it(`should answer ${what} with ok:false, BAD_REQUEST and exit 2`, async () => {
        const raw = await runAgentRaw(['--json', '--config-dir', await freshConfigDir()], input);
        expect(raw.exitCode).to.equal(2);
        const lines = raw.stdout.trim().split('\n');
        expect(lines).to.have.length(1);
        const result = JSON.parse(lines[0]!);
        expect(result).to.deep.include({ type: 'result', ok: false, exitCode: 2 });
        expect(result.error.code).to.equal('BAD_REQUEST');
        expect(result.error.message).to.match(message);
      });
    }

    it('should refuse an unknown flag in flag mode with exit 2', async () => {
      const raw = await runAgentRaw(['sync', '--frobnicate'], '');
      expect(raw.exitCode).to.equal(2);
      expect(raw.stderr).to.contain('BAD_REQUEST');
    });

    it('should answer NOT_CONFIGURED (exit 2) for test-auth before connect', async () => {
      const run = await runAgent(await freshConfigDir(), 'test-auth');
      expect(run.exitCode).to.equal(2);
      expect(!run.result.ok && run.result.error.code).to.equal('NOT_CONFIGURED');
    });
  });

  describe('connect and test-auth', () => {
    it('should save a good secret, report the tenant, and never show the secret', async () => {
      const configDir = await freshConfigDir();
      const connect = await runAgent(configDir, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
      expect(connect.exitCode).to.equal(0);
      expect(connect.result.ok && connect.result.data).to.deep.include({ tenantName: emulator.tenant.tenantName, tested: true });
      const auth = await agentData(configDir, 'test-auth');
      expect(auth).to.deep.include({ tenantId: emulator.tenant.tenantId, enabled: true });
      expect(auth.latencyMs).to.be.a('number');
      expect(auth.proxy).to.deep.equal({ origin: 'none' });
      const config = await runAgent(configDir, 'get-config');
      expect(config.result.ok && config.result.data.secrets.apiSecretSet).to.equal(true);
      const log = await readFile(path.join(configDir, 'logs/agent.log'), 'utf8');
      for (const text of [connect.stdout, connect.stderr, config.stdout, log, await readFile(path.join(configDir, 'config.json'), 'utf8')]) {
        expect(text).to.not.contain(emulator.tenant.secret);
      }
    });

    it('should refuse a wrong secret with AUTH_REFUSED, exit 3, and save nothing', async () => {
      const configDir = await freshConfigDir();
      const wrong = 'this-is-not-the-secret-123';
      const run = await runAgent(configDir, 'connect', { secret: wrong, apiUrl: emulator.url });
      expect(run.exitCode).to.equal(3);
      expect(!run.result.ok && run.result.error.code).to.equal('AUTH_REFUSED');
      expect(run.stdout + run.stderr).to.not.contain(wrong);
      const config = await agentData(configDir, 'get-config');
      expect(config.secrets.apiSecretSet).to.equal(false);
      expect(config.api).to.equal(undefined);
    });

    it('should report a disabled integration as INTEGRATION_DISABLED, exit 3', async () => {
      const configDir = await freshConfigDir();
      await agentData(configDir, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
      await emulator.setTenant({ enabled: false });
      try {
        const run = await runAgent(configDir, 'test-auth');
        expect(run.exitCode).to.equal(3);
        expect(!run.result.ok && run.result.error.code).to.equal('INTEGRATION_DISABLED');
      } finally {
        await emulator.setTenant({ enabled: true });
      }
    });

    it('disconnect should forget the secret', async () => {
      const configDir = await freshConfigDir();
      await agentData(configDir, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
      expect(await agentData(configDir, 'disconnect')).to.deep.equal({ disconnected: true, hadSecret: true });
      const run = await runAgent(configDir, 'test-auth');
      expect(!run.result.ok && run.result.error.code).to.equal('NOT_CONFIGURED');
    });
  });
});
