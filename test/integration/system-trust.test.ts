/**
 * TLS trust from the system's certificate store (src/platform/trust-store.ts), for real: the built
 * agent in a child process whose system store is what OpenSSL is told by SSL_CERT_FILE and
 * SSL_CERT_DIR (Node 22's `tls.getCACertificates('system')` reads them on Linux), against the
 * Samba test DC over LDAPS and StartTLS, and the emulator over HTTPS. No caFile anywhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { freshConfigDir, runAgentRaw } from './helpers/agent.js';
import { demoTenant } from './helpers/emulator.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/** The agent's environment with a system store of exactly `storeFile` (and an empty folder). */
function storeEnv(dir: string, storeFile: string): NodeJS.ProcessEnv {
  const emptyDir = path.join(dir, 'empty-cert-dir');
  mkdirSync(emptyDir, { recursive: true });
  // NODE_EXTRA_CA_CERTS is set on this machine: it would add to Node's defaults, so it goes.
  return { SSL_CERT_FILE: storeFile, SSL_CERT_DIR: emptyDir, NODE_EXTRA_CA_CERTS: '', NODE_OPTIONS: '' };
}

async function agent(configDir: string, env: NodeJS.ProcessEnv, verb: string, params: Record<string, unknown>) {
  const raw = await runAgentRaw(['--json', '--config-dir', configDir], JSON.stringify({ protocol: 1, verb, params }), env);
  const last = raw.stdout.trim().split('\n').at(-1) ?? '';
  return { ...raw, result: JSON.parse(last) as { ok: boolean; data?: any; error?: { code: string; message: string; details?: any } } };
}

describe('TLS trust from the system store (the built agent, SSL_CERT_FILE)', function () {
  this.timeout(120_000);
  let dc: TestDc;
  let dir: string;
  let withCa: string;
  let withoutCa: string;

  before(function () {
    dc = requireTestDc(this);
    dir = mkdtempSync(path.join(tmpdir(), 's365-trust-'));
    withCa = path.join(dir, 'store-with-ca.pem');
    withoutCa = path.join(dir, 'store-without-ca.pem');
    writeFileSync(withCa, readFileSync(dc.caFile));
    writeFileSync(withoutCa, '');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const directory = (extra: Record<string, unknown> = {}) => ({
    servers: [dc.ldapsUrl],
    bindDn: dc.bindDn,
    bindPassword: dc.bindPassword,
    connectTimeoutMs: 5000,
    ...extra,
  });

  it('should bind over LDAPS with no caFile when the DC\'s CA is in the system store', async () => {
    const run = await agent(await freshConfigDir(), storeEnv(dir, withCa), 'set-directory', directory());
    expect(run.result.ok, run.stdout + run.stderr).to.equal(true);
    expect(run.result.data).to.include({ tested: true, server: dc.ldapsUrl });
  });

  it('should bind over StartTLS with no caFile when the DC\'s CA is in the system store', async () => {
    const run = await agent(await freshConfigDir(), storeEnv(dir, withCa), 'set-directory', directory({ servers: [dc.ldapUrl], startTls: true }));
    expect(run.result.ok, run.stdout + run.stderr).to.equal(true);
    expect(run.result.data).to.include({ tested: true });
  });

  it('should refuse the DC\'s certificate, saving nothing, when its CA is in neither the store nor a caFile', async () => {
    const configDir = await freshConfigDir();
    const run = await agent(configDir, storeEnv(dir, withoutCa), 'set-directory', directory());
    expect(run.result.ok).to.equal(false);
    expect(run.result.error?.code).to.equal('DIRECTORY_UNREACHABLE');
    expect(run.result.error?.message).to.match(/certificate/i);
    expect(run.exitCode).to.equal(4);
    const config = path.join(configDir, 'config.json');
    if (existsSync(config)) expect(JSON.parse(readFileSync(config, 'utf8'))).to.not.have.property('directory');
  });

  it('should still trust a caFile when the store lacks the CA (caFile adds to the store)', async () => {
    const run = await agent(await freshConfigDir(), storeEnv(dir, withoutCa), 'set-directory', directory({ caFile: dc.caFile }));
    expect(run.result.ok, run.stdout + run.stderr).to.equal(true);
  });

  describe('HTTPS to the emulator', () => {
    let emulator: EmulatorHandle;
    let cert: string;
    before(async () => {
      const keyFile = path.join(dir, 'emulator-key.pem');
      cert = path.join(dir, 'emulator-cert.pem');
      execFileSync(
        'openssl',
        [
          'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
          '-keyout', keyFile, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      emulator = await startEmulator({ tenant: demoTenant(), port: 0, stateFile: null, tls: { key: readFileSync(keyFile), cert: readFileSync(cert) } });
    });
    after(async () => {
      await emulator?.close();
    });

    it('should connect with no caFile when the server\'s certificate is in the system store', async () => {
      const run = await agent(await freshConfigDir(), storeEnv(dir, cert), 'connect', { secret: demoTenant().secret, apiUrl: emulator.url });
      expect(run.result.ok, run.stdout + run.stderr).to.equal(true);
      expect(run.result.data).to.include({ connected: true, tested: true });
    });

    it('should refuse it when it is not, with the TLS verification code', async () => {
      const run = await agent(await freshConfigDir(), storeEnv(dir, withoutCa), 'connect', { secret: demoTenant().secret, apiUrl: emulator.url });
      expect(run.result.ok).to.equal(false);
      expect(run.result.error?.code).to.equal('API_UNREACHABLE');
      expect(run.result.error?.details?.code).to.match(/SELF_SIGNED|CERT|VERIFY/);
    });
  });
});
