import net from 'node:net';
import { expect } from 'chai';
import { DIRECTORY_DEFAULTS, type DirectorySettings } from '../../../src/config/config.js';
import { LdapDirectorySource } from '../../../src/directory/ldap/ldap-directory.js';
import { isConnectionFailure } from '../../../src/directory/ldap/search-error.js';
import type { SrvRecord } from '../../../src/directory/ldap/srv.js';
import { silentLogger } from '../../../src/log/logger.js';
import { BadRequestError, ConfigCorruptError, DirectoryUnreachableError } from '../../../src/protocol/errors.js';

/** A TCP server on loopback that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function source(settings: Partial<DirectorySettings>, resolveSrv?: (name: string) => Promise<SrvRecord[]>): LdapDirectorySource {
  return new LdapDirectorySource({
    settings: { ...DIRECTORY_DEFAULTS, servers: [], bindDn: 'CN=svc,DC=x', ...settings },
    bindPassword: 'pw',
    userAttributes: [],
    logger: silentLogger,
    ...(resolveSrv ? { resolveSrv } : {}),
  });
}

async function connectFailure(directory: LdapDirectorySource): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await directory.connect().then(
    () => undefined,
    (e: unknown) => e,
  );
  await directory.close();
  return { error, ms: Date.now() - started };
}

describe('directory connection: timeouts, failover order, SRV', function () {
  this.timeout(20_000);

  it('ldaps:// to a server that accepts and never answers should fail over within the connect timeout', async () => {
    const silent = await silentServer();
    try {
      const { error, ms } = await connectFailure(source({ servers: [`ldaps://127.0.0.1:${silent.port}`], connectTimeoutMs: 700, timeoutMs: 60_000 }));
      expect(error).to.be.instanceOf(DirectoryUnreachableError);
      expect((error as DirectoryUnreachableError).message).to.contain('Connection timeout');
      expect(ms).to.be.within(600, 3000);
      expect(silent.accepted()).to.equal(1);
    } finally {
      await silent.close();
    }
  });

  it('ldap:// to a silent server: the bind should time out by the operation timeout', async () => {
    const silent = await silentServer();
    try {
      const { error, ms } = await connectFailure(
        source({ servers: [`ldap://127.0.0.1:${silent.port}`], allowPlainLdap: true, connectTimeoutMs: 60_000, timeoutMs: 800 }),
      );
      expect(error).to.be.instanceOf(DirectoryUnreachableError);
      expect((error as Error).message).to.match(/timed out/i);
      expect(ms).to.be.within(700, 3000);
    } finally {
      await silent.close();
    }
  });

  it('StartTLS to a silent server: the StartTLS request should time out', async () => {
    const silent = await silentServer();
    try {
      const { error, ms } = await connectFailure(source({ servers: [`ldap://127.0.0.1:${silent.port}`], startTls: true, timeoutMs: 800 }));
      expect(error).to.be.instanceOf(DirectoryUnreachableError);
      expect(ms).to.be.within(700, 3000);
    } finally {
      await silent.close();
    }
  });

  it('should try every server in order and list each failure', async () => {
    const silent = await silentServer();
    const closed = await closedPort();
    try {
      const servers = [`ldaps://127.0.0.1:${closed}`, `ldaps://127.0.0.1:${silent.port}`];
      const { error } = await connectFailure(source({ servers, connectTimeoutMs: 500 }));
      const details = (error as DirectoryUnreachableError).details as { servers: { server: string; reason: string }[] };
      expect(details.servers.map((s) => s.server)).to.deep.equal(servers);
      expect(details.servers[0]!.reason).to.contain('ECONNREFUSED');
    } finally {
      await silent.close();
    }
  });

  it('should skip servers the caller lost mid-read, reporting them with their reason', async () => {
    const closed = await closedPort();
    const directory = source({ servers: ['ldaps://127.0.0.1:1', `ldaps://127.0.0.1:${closed}`], connectTimeoutMs: 500 });
    const error = await directory.connect({ skip: [{ server: 'ldaps://127.0.0.1:1', reason: 'lost while reading' }] }).catch((e: unknown) => e);
    const details = (error as DirectoryUnreachableError).details as { servers: { server: string; reason: string }[] };
    expect(details.servers).to.deep.include({ server: 'ldaps://127.0.0.1:1', reason: 'lost while reading' });
    expect(details.servers).to.have.length(2);
  });

  it('should not fail over when opening a session fails for a reason of this machine (the bridge\'s runtime folder refused): no other DC can cure it', async () => {
    const asked: string[] = [];
    const refused = new ConfigCorruptError('/cfg/runtime/x/net472/S365.Windows.dll', 'changed');
    const directory = new LdapDirectorySource({
      settings: { ...DIRECTORY_DEFAULTS, auth: 'integrated', servers: ['ldap://dc1.corp.example:389', 'ldap://dc2.corp.example:389'] },
      openSession: async (server) => {
        asked.push(server);
        throw refused;
      },
      userAttributes: [],
      logger: silentLogger,
    });
    expect(await directory.connect().catch((e: unknown) => e)).to.equal(refused);
    expect(asked).to.deep.equal(['ldap://dc1.corp.example:389']);
  });

  it('with a domain, should try the DCs DNS lists, in SRV order', async () => {
    const silent = await silentServer();
    try {
      const asked: string[] = [];
      const directory = source({ servers: [], domain: 'corp.contoso.test', startTls: true, allowPlainLdap: false, timeoutMs: 500 }, async (name) => {
        asked.push(name);
        return [
          { name: '127.0.0.1', port: silent.port, priority: 10, weight: 0 },
          { name: 'localhost', port: 1, priority: 0, weight: 100 },
        ];
      });
      const { error } = await connectFailure(directory);
      expect(asked).to.deep.equal(['_ldap._tcp.dc._msdcs.corp.contoso.test']);
      const details = (error as DirectoryUnreachableError).details as { servers: { server: string }[] };
      expect(details.servers.map((s) => s.server)).to.deep.equal(['ldap://localhost:1', `ldap://127.0.0.1:${silent.port}`]);
    } finally {
      await silent.close();
    }
  });

  it('should class socket and timeout errors as connection failures, and LDAP result errors not', () => {
    expect(isConnectionFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:636'), { code: 'ECONNREFUSED' }))).to.equal(true);
    expect(isConnectionFailure(new Error('Connection closed before message response was received. Message type: SearchRequest (0x63)'))).to.equal(true);
    expect(isConnectionFailure(new Error('SearchRequest: Operation timed out'))).to.equal(true);
    expect(isConnectionFailure(new Error('0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT)'))).to.equal(false);
  });
});

describe('directory connection: bind credentials', () => {
  it('should refuse a bindDn without a password before connecting (an unauthenticated bind would succeed)', async () => {
    const silent = await silentServer();
    try {
      for (const bindPassword of [undefined, '']) {
        const directory = new LdapDirectorySource({
          settings: { ...DIRECTORY_DEFAULTS, servers: [`ldaps://127.0.0.1:${silent.port}`], bindDn: 'CN=svc,DC=x', connectTimeoutMs: 500 },
          ...(bindPassword !== undefined ? { bindPassword } : {}),
          userAttributes: [],
          logger: silentLogger,
        });
        const { error } = await connectFailure(directory);
        expect(error).to.be.instanceOf(BadRequestError);
        expect((error as BadRequestError).message).to.contain('unauthenticated bind');
      }
      expect(silent.accepted(), 'no DC was asked').to.equal(0);
    } finally {
      await silent.close();
    }
  });
});
