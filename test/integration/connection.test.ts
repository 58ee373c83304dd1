import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { expect } from 'chai';
import { DIRECTORY_DEFAULTS } from '../../src/config/config.js';
import { LdapDirectorySource } from '../../src/directory/ldap/ldap-directory.js';
import { silentLogger } from '../../src/log/logger.js';
import { agentData, configuredAgent, freshConfigDir, runAgent, runAgentStreaming } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { expectedEmail, expectedInScope, transitiveMembers, userBySam } from './helpers/sample-org.js';
import { REPO_ROOT, requireTestDc, type TestDc } from './helpers/test-dc.js';

/** The second DC of the test domain (build/test-dc.sh second start), or undefined when it is not there. */
function loadSecondDc(): { ldapsUrl: string; host: string; dir: string } | undefined {
  const file = process.env.S365_TEST_DC2_ENV ?? path.join(REPO_ROOT, '.run/test-dc2/env');
  if (!existsSync(file)) return undefined;
  const env = parseEnv(readFileSync(file, 'utf8'));
  const ldapsUrl = env.S365_TEST_LDAPS_URL;
  const host = env.S365_TEST_DC_HOST;
  return ldapsUrl && host ? { ldapsUrl, host, dir: path.dirname(file) } : undefined;
}

/** Runs a sync in the built agent, calling `onProgress` for each progress event as it arrives. */
function syncStreaming(configDir: string, onProgress: (event: { phase?: string; done?: number }, agent: ChildProcess) => void) {
  return runAgentStreaming(configDir, 'sync', undefined, (line, agent) => {
    if (line.type === 'progress') onProgress(line, agent);
  });
}

/**
 * Stops the second DC while the agent is held (SIGSTOP) at the point the caller chose, then lets
 * the agent go on: the DC is gone before the agent's next request, whatever the two machines' speed.
 */
function stopSecondDcUnder(agent: ChildProcess, dc2: { dir: string; host: string }): Promise<number> {
  agent.kill('SIGSTOP');
  return testDcScript(['stop'], dc2).finally(() => agent.kill('SIGCONT'));
}

/** The state directory of the first DC, beside its env file: the second DC's script checks its join against it. */
function firstDcDir(): string {
  return path.dirname(process.env.S365_TEST_DC_ENV ?? path.join(REPO_ROOT, '.run/test-dc/env'));
}

/**
 * Runs build/test-dc.sh second <command> for this second DC. The first DC's directory is passed
 * too: without it the script looks for the first DC under this checkout and, not finding it there,
 * takes the second DC for stale and stops it to join it again.
 */
function testDcScript(args: string[], dc2: { dir: string; host: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'build/test-dc.sh'), 'second', ...args], {
      env: { ...process.env, S365_TEST_DC_DIR: firstDcDir(), S365_TEST_DC2_DIR: dc2.dir, S365_TEST_DC2_HOST: dc2.host },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

/** The second DC, started (it may have been left stopped); skips the test outside CI when there is none. */
async function startedSecondDc(context: Mocha.Context): Promise<{ ldapsUrl: string; host: string; dir: string }> {
  const dc2 = loadSecondDc();
  if (!dc2) {
    if (process.env.CI) throw new Error('the second test DC is missing: CI must start it (build/test-dc.sh second start)');
    console.warn('      (no second DC: build/test-dc.sh second start; skipping)');
    context.skip();
  }
  expect(await testDcScript(['start'], dc2), 'second start').to.equal(0);
  return dc2;
}

/**
 * A TCP proxy on loopback in front of the test DC, standing in for a first domain controller that
 * fails in the middle of a read: after `cutAfterBytes` bytes from the DC it either drops every
 * connection and stops listening (`mode: 'kill'`, a DC that is stopped) or stops forwarding and
 * keeps the sockets open (`mode: 'freeze'`, a DC that hangs).
 */
class FailingDcProxy {
  private readonly sockets = new Set<net.Socket>();
  private bytesFromDc = 0;
  failed = false;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: URL, cutAfterBytes: number, mode: 'kill' | 'freeze'): Promise<FailingDcProxy> {
    let proxy: FailingDcProxy | undefined;
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 636), target.hostname);
      for (const socket of [client, upstream]) {
        proxy!.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => proxy!.sockets.delete(socket));
      }
      client.on('data', (chunk) => {
        if (!proxy!.failed) upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (proxy!.failed) return;
        proxy!.bytesFromDc += chunk.length;
        client.write(chunk);
        if (proxy!.bytesFromDc >= cutAfterBytes) proxy!.fail(mode);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FailingDcProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `ldaps://127.0.0.1:${this.port}`;
  }

  get bytes(): number {
    return this.bytesFromDc;
  }

  private fail(mode: 'kill' | 'freeze'): void {
    this.failed = true;
    if (mode === 'kill') {
      this.server.close();
      for (const socket of this.sockets) socket.destroy();
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('connection: timeouts, a DC lost mid-read, SRV discovery @integration', function () {
  this.timeout(180_000);
  let dc: TestDc;
  let emulator: TestEmulator;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
  });
  after(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator?.reset());

  async function configured(directory: Record<string, unknown>): Promise<string> {
    return configuredAgent(emulator, dc, { directory: { skipTest: true, ...directory } });
  }

  for (const [what, scheme, extra] of [
    ['ldaps:// (the TLS handshake never completes: connect timeout)', 'ldaps', {}],
    ['ldap:// (the bind is never answered: operation timeout)', 'ldap', { allowPlainLdap: true }],
  ] as const) {
    it(`a sync against a DC that accepts and never answers, ${what}, should end with DIRECTORY_UNREACHABLE, not hang`, async () => {
      const silent = await silentServer();
      try {
        const configDir = await configured({ servers: [`${scheme}://127.0.0.1:${silent.port}`], connectTimeoutMs: 1500, timeoutMs: 1500, ...extra });
        const started = Date.now();
        const run = await runAgent(configDir, 'sync');
        const ms = Date.now() - started;
        expect(run.exitCode).to.equal(4);
        expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_UNREACHABLE');
        expect(ms, 'within the timeout plus process start').to.be.within(1500, 6000);
        expect((await emulator.state()).runs).to.have.length(0);
        console.log(`      (${scheme}: failed after ${ms} ms with timeouts of 1500 ms)`);
      } finally {
        await silent.close();
      }
    });
  }

  it('the second DC of the domain stopped mid-sync (build/test-dc.sh second stop): the read starts again on the first DC, everything is sent once', async function () {
    const dc2 = await startedSecondDc(this);
    // DC2 first (it is the one stopped: the first DC is shared with the other suites), DC1 second.
    const configDir = await configured({ servers: [dc2.ldapsUrl, dc.ldapsUrl], pageSize: 10 });
    let stopping: Promise<number> | undefined;
    let stoppedAfter = 0;
    try {
      const run = await syncStreaming(configDir, (event, agent) => {
        if (!stopping && event.phase === 'read' && (event.done ?? 0) > 0) {
          stoppedAfter = event.done!;
          stopping = stopSecondDcUnder(agent, dc2);
        }
      });
      expect(await stopping, 'second stop').to.equal(0);
      expect(run.exitCode, run.stderr).to.equal(0);
      const summary = run.result.data;
      expect(summary.directoryServer).to.equal(dc.ldapsUrl);
      expect(summary.failedOver).to.have.length(1);
      expect(summary.failedOver[0].server).to.equal(dc2.ldapsUrl);
      expect(summary.failedOver[0].reason).to.match(/^lost while reading/);
      const state = await emulator.state();
      expect(state.runs, 'one API run').to.have.length(1);
      expect(state.users).to.have.length(expectedInScope().length);
      expect(summary.counts.added).to.equal(expectedInScope().length);
      expect((await agentData(configDir, 'status')).watermark.dnsHostName.toLowerCase()).to.equal('dc1.corp.contoso.test');
      console.log(`      (DC2 stopped after ${stoppedAfter} users were read from it; sync took ${summary.durationMs} ms)`);
    } finally {
      await stopping;
      expect(await testDcScript(['start'], dc2), 'second start').to.equal(0);
    }
  });

  it('the second DC stopped while the groups of a nested scope are resolved: the sync fails over to the first DC, everything is sent once', async function () {
    const dc2 = await startedSecondDc(this);
    // The walk with small ranges makes the group resolution long (Bulk 5000 is read 10 values at a
    // time); the agent is held at its first 'scope' event (connected, resolving) while DC2 stops,
    // so DC2 goes away while the closure is read, however fast or slow this machine is.
    const configDir = await configuredAgent(emulator, dc, {
      directory: { skipTest: true, servers: [dc2.ldapsUrl, dc.ldapsUrl], membershipStrategy: 'walk', rangeStep: 10, pageSize: 10 },
      scope: { groups: ['Nested Group A', 'Bulk 5000'] },
    });
    const phases: string[] = [];
    let stopping: Promise<number> | undefined;
    try {
      const run = await syncStreaming(configDir, (event, agent) => {
        if (phases.at(-1) !== event.phase) phases.push(event.phase ?? '');
        if (!stopping && event.phase === 'scope') stopping = stopSecondDcUnder(agent, dc2);
      });
      expect(await stopping, 'second stop').to.equal(0);
      expect(run.exitCode, JSON.stringify(run.result?.error ?? run.stderr)).to.equal(0);
      // Connected and resolving on DC2, then connected again before any user was read: DC2 was
      // lost while the scope was resolved.
      expect(phases.slice(0, 5), phases.join(' ')).to.deep.equal(['connect', 'scope', 'connect', 'scope', 'read']);
      const summary = run.result.data;
      expect(summary.directoryServer).to.equal(dc.ldapsUrl);
      expect(summary.failedOver).to.have.length(1);
      expect(summary.failedOver[0].server).to.equal(dc2.ldapsUrl);
      expect(summary.failedOver[0].reason).to.match(/^lost while reading/);
      const expected = new Set([...transitiveMembers('Nested Group A'), ...transitiveMembers('Bulk 5000')]);
      const emails = [...expected].map(userBySam).filter((user) => !user.disabled && expectedEmail(user) !== undefined);
      const state = await emulator.state();
      expect(state.runs, 'one API run').to.have.length(1);
      expect(state.users).to.have.length(emails.length);
      expect(summary.counts.added).to.equal(emails.length);
      console.log(`      (DC2 lost: ${summary.failedOver[0].reason.slice(0, 160)})`);
    } finally {
      await stopping;
      expect(await testDcScript(['start'], dc2), 'second start').to.equal(0);
    }
  });

  it('a DC stopped mid-read, with a second DC configured: the whole read starts again on the second, everything is sent once', async () => {
    const proxy = await FailingDcProxy.start(new URL(dc.ldapsUrl), 150_000, 'kill');
    try {
      const configDir = await configured({ servers: [proxy.url, dc.ldapsUrl], pageSize: 200 });
      const run = await runAgent(configDir, 'sync');
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(proxy.failed, 'the first DC failed').to.equal(true);
      const summary = run.result.ok ? run.result.data : undefined;
      expect(summary.directoryServer).to.equal(dc.ldapsUrl);
      expect(summary.failedOver).to.have.length(1);
      expect(summary.failedOver[0].server).to.equal(proxy.url);
      expect(summary.failedOver[0].reason).to.match(/^lost while reading/);
      const reads = run.progress.filter((event) => event.phase === 'read');
      expect(reads.some((event) => (event.done ?? 0) > 0), 'the first read had started').to.equal(true);
      const state = await emulator.state();
      expect(state.runs, 'one API run').to.have.length(1);
      expect(state.users).to.have.length(expectedInScope().length);
      expect(summary.counts.added).to.equal(expectedInScope().length);
      console.log(`      (proxy dropped after ${proxy.bytes} bytes; sync took ${summary.durationMs} ms)`);
    } finally {
      await proxy.close();
    }
  });

  it('a DC that hangs mid-read: the operation timeout ends it and the second DC takes over', async () => {
    const proxy = await FailingDcProxy.start(new URL(dc.ldapsUrl), 150_000, 'freeze');
    try {
      const configDir = await configured({ servers: [proxy.url, dc.ldapsUrl], pageSize: 200, timeoutMs: 2000 });
      const summary = await agentData(configDir, 'sync');
      expect(proxy.failed).to.equal(true);
      expect(summary.directoryServer).to.equal(dc.ldapsUrl);
      expect(summary.failedOver[0].reason, summary.failedOver[0].reason).to.match(/lost while reading.*timed out/i);
      expect((await emulator.state()).users).to.have.length(expectedInScope().length);
    } finally {
      await proxy.close();
    }
  });

  it('a DC stopped mid-read with no other DC: exit 4, nothing sent, the failure recorded', async () => {
    const proxy = await FailingDcProxy.start(new URL(dc.ldapsUrl), 150_000, 'kill');
    try {
      const configDir = await configured({ servers: [proxy.url], pageSize: 200 });
      const run = await runAgent(configDir, 'sync');
      expect(run.exitCode).to.equal(4);
      expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_UNREACHABLE');
      expect(!run.result.ok && run.result.error.message).to.contain(proxy.url);
      const state = await emulator.state();
      expect(state.runs).to.have.length(0);
      expect(state.users).to.have.length(0);
      const status = await agentData(configDir, 'status');
      expect(status.lastRun).to.deep.include({ status: 'failed' });
      expect(status.syncedUsers).to.equal(0);
    } finally {
      await proxy.close();
    }
  });

  it('set-directory should take a domain instead of servers, and a sync should say which SRV name found nothing', async () => {
    const configDir = await freshConfigDir();
    const both = await runAgent(configDir, 'set-directory', { servers: [dc.ldapsUrl], domain: 'corp.contoso.test', bindDn: dc.bindDn, skipTest: true });
    expect(!both.result.ok && both.result.error.message).to.match(/either 'servers' or 'domain'/);
    const bad = await runAgent(configDir, 'set-directory', { domain: 'not a domain', bindDn: dc.bindDn, skipTest: true });
    expect(!bad.result.ok && bad.result.error).to.deep.include({ code: 'BAD_REQUEST' });
    const none = await runAgent(configDir, 'set-directory', { servers: [], bindDn: dc.bindDn, skipTest: true });
    expect(!none.result.ok && none.result.error.message).to.match(/needs at least one URL \(or give 'domain'/);

    const withDomain = await configured({ domain: 'corp.contoso.invalid', connectTimeoutMs: 1000 });
    expect((await agentData(withDomain, 'get-config')).directory).to.deep.include({ servers: [], domain: 'corp.contoso.invalid', connectTimeoutMs: 1000 });
    const run = await runAgent(withDomain, 'sync');
    expect(run.exitCode).to.equal(4);
    expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_UNREACHABLE');
    expect(!run.result.ok && run.result.error.message).to.contain('_ldap._tcp.dc._msdcs.corp.contoso.invalid');
  });

  it('a domain found through SRV records (stub resolver) should connect to the DC they list, in order', async () => {
    const host = new URL(dc.ldapsUrl).hostname;
    const asked: string[] = [];
    const directory = new LdapDirectorySource({
      settings: { ...DIRECTORY_DEFAULTS, servers: [], domain: 'corp.contoso.test', bindDn: dc.bindDn, caFile: dc.caFile, connectTimeoutMs: 2000 },
      bindPassword: dc.bindPassword,
      userAttributes: [],
      logger: silentLogger,
      resolveSrv: async (name) => {
        asked.push(name);
        return [
          { name: `${host}.`, port: 389, priority: 10, weight: 100 },
          { name: 'dc-gone.invalid', port: 389, priority: 0, weight: 100 },
        ];
      },
    });
    try {
      const info = await directory.connect();
      expect(asked).to.deep.equal(['_ldap._tcp.dc._msdcs.corp.contoso.test']);
      expect(info.server).to.equal(`ldaps://${host}:636`);
      expect(info.failedOver.map((f) => f.server)).to.deep.equal(['ldaps://dc-gone.invalid:636']);
      expect(info.dnsHostName?.toLowerCase()).to.equal('dc1.corp.contoso.test');
    } finally {
      await directory.close();
    }
  });
});
