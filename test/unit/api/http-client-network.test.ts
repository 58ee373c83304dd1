/** Proxy forwarding and TLS trust of the HTTP client, against loopback servers started here. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HttpSignature365Client, type HttpClientOptions } from '../../../src/api/http-client.js';
import { ApiSettingsError } from '../../../src/api/errors.js';
import { ApiError, ApiUnreachableError } from '../../../src/protocol/errors.js';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/server.js';
import { SECRET, TENANT, captureLogger, rejection } from './helpers.js';

interface SeenRequest {
  method: string;
  url: string;
  auth?: string;
}

/** A name only the test proxy knows (it maps it to 127.0.0.1), so the API is reachable through the proxy only. */
const PROXY_ONLY_HOST = 's365.test';
const upstreamHost = (host: string) => (host === PROXY_ONLY_HOST ? '127.0.0.1' : host);

/** A tiny forward proxy: absolute-URI requests for http targets, CONNECT tunnels for https ones. */
async function startProxy(requiredAuth?: string) {
  const seen: SeenRequest[] = [];
  const sockets = new Set<net.Socket>();
  const authorized = (header: string | undefined) => !requiredAuth || header === `Basic ${Buffer.from(requiredAuth).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const auth = req.headers['proxy-authorization'];
    seen.push({ method: req.method ?? '', url: req.url ?? '', ...(auth ? { auth } : {}) });
    if (!authorized(auth)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end('proxy auth required');
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers, host: target.host };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: upstreamHost(target.hostname), port: target.port, path: target.pathname + target.search, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    seen.push({ method: 'CONNECT', url: req.url ?? '', ...(auth ? { auth } : {}) });
    if (!authorized(auth)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), upstreamHost(host ?? '127.0.0.1'), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('api/http-client proxy and TLS', function () {
  this.timeout(20_000);
  const clients: HttpSignature365Client[] = [];
  function client(options: Partial<HttpClientOptions>) {
    const log = captureLogger();
    const c = new HttpSignature365Client({
      secret: SECRET,
      logger: log.logger,
      timeoutMs: 3000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      env: {},
      ...options,
    });
    clients.push(c);
    return { c, log };
  }
  after(() => {
    for (const c of clients) c.close();
  });

  describe('through a proxy', () => {
    let emu: EmulatorHandle;
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    before(async () => {
      emu = await startEmulator({ tenant: TENANT });
      proxy = await startProxy('agent:p@ss word');
    });
    after(async () => {
      await proxy.close();
      await emu.close();
    });
    beforeEach(() => {
      proxy.seen.length = 0;
    });

    const viaProxy = () => emu.url.replace('127.0.0.1', PROXY_ONLY_HOST);

    it('forwards through HTTP_PROXY with its credentials, never logging them', async () => {
      const proxyUrl = `http://agent:p%40ss%20word@127.0.0.1:${proxy.port}`;
      const { c, log } = client({ apiUrl: viaProxy(), env: { HTTP_PROXY: proxyUrl } });
      expect((await c.whoami()).tenantId).to.equal(TENANT.tenantId);
      expect(proxy.seen).to.deep.equal([
        { method: 'GET', url: `${viaProxy()}/v1/whoami`, auth: `Basic ${Buffer.from('agent:p@ss word').toString('base64')}` },
      ]);
      const info = log.lines.find((l) => l.message.includes('proxy'));
      expect(info?.fields).to.deep.equal({ proxy: `http://127.0.0.1:${proxy.port} (with credentials)`, source: 'HTTP_PROXY', origin: 'environment' });
      expect(c.proxyRoute).to.deep.equal({ origin: 'environment', proxy: `http://127.0.0.1:${proxy.port} (with credentials)`, source: 'HTTP_PROXY' });
      expect(log.text()).to.not.include('p@ss').and.not.include('p%40ss');
    });

    it('forwards through the system proxy (WinHTTP) when no option or variable names one', async () => {
      const system = { urlFor: () => `http://agent:p%40ss%20word@127.0.0.1:${proxy.port}`, noProxy: '<local>', source: 'WinHTTP' };
      const { c, log } = client({ apiUrl: viaProxy(), systemProxy: () => system });
      await c.whoami();
      expect(proxy.seen.map((seen) => seen.url)).to.deep.equal([`${viaProxy()}/v1/whoami`]);
      expect(c.proxyRoute).to.deep.equal({ origin: 'system', proxy: `http://127.0.0.1:${proxy.port} (with credentials)`, source: 'WinHTTP' });
      expect(log.lines.find((l) => l.message.includes('using proxy'))?.fields).to.include({ source: 'WinHTTP', origin: 'system' });
    });

    it('goes direct when NO_PROXY exempts the API host', async () => {
      const { c } = client({ apiUrl: viaProxy(), env: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: 'example.com, .test' } });
      // Direct, the made-up name does not resolve.
      expect(await rejection(c.whoami())).to.be.instanceOf(ApiUnreachableError);
      expect(proxy.seen).to.deep.equal([]);
    });

    it('goes direct to a loopback API whatever HTTP_PROXY says', async () => {
      const { c } = client({ apiUrl: emu.url, env: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` } });
      await c.whoami();
      expect(proxy.seen).to.deep.equal([]);
    });

    it('uses the explicit proxy option, and reports a 407 without the proxy password', async () => {
      const { c, log } = client({ apiUrl: emu.url, proxy: `http://agent:wrong-password@127.0.0.1:${proxy.port}` });
      const error = await rejection(c.whoami());
      expect(error).to.be.instanceOf(ApiError);
      expect(error.status).to.equal(407);
      expect(proxy.seen).to.have.length(1);
      expect(JSON.stringify([error.message, error.details, log.lines])).to.not.include('wrong-password');
    });
  });

  describe('TLS', () => {
    let dir: string;
    let emu: EmulatorHandle;
    let caFile: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 's365-tls-'));
      const keyFile = join(dir, 'key.pem');
      caFile = join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        [
          'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
          '-keyout', keyFile, '-out', caFile, '-days', '2', '-subj', '/CN=127.0.0.1',
          '-addext', `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${PROXY_ONLY_HOST}`,
        ],
        { stdio: 'ignore' },
      );
      emu = await startEmulator({ tenant: TENANT, tls: { key: readFileSync(keyFile), cert: readFileSync(caFile) } });
    });
    after(async () => {
      await emu?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves https', () => {
      expect(emu.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    });

    it('trusts a self-signed server with caFile', async () => {
      const { c } = client({ apiUrl: emu.url, caFile });
      expect((await c.whoami()).tenantName).to.equal(TENANT.tenantName);
    });

    it('trusts it with no caFile when the system store holds it', async () => {
      const pem = readFileSync(caFile, 'utf8');
      const { c } = client({ apiUrl: emu.url, systemCertificates: () => [pem] });
      expect((await c.whoami()).tenantName).to.equal(TENANT.tenantName);
    });

    it('refuses it without caFile, at once (no retry on a TLS verification error)', async () => {
      const { c } = client({ apiUrl: emu.url, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 } });
      const error = await rejection(c.whoami());
      expect(error).to.be.instanceOf(ApiUnreachableError);
      expect(error.details.attempts).to.equal(1);
      expect(error.details.code).to.match(/SELF_SIGNED|CERT|VERIFY/);
    });

    it('accepts it with tlsInsecure, warning loudly once', async () => {
      const { c, log } = client({ apiUrl: emu.url, tlsInsecure: true });
      await c.whoami();
      await c.whoami();
      const warnings = log.lines.filter((l) => l.level === 'warn');
      expect(warnings).to.have.length(1);
      expect(warnings[0]?.message).to.match(/TLS CERTIFICATE VERIFICATION IS DISABLED/);
    });

    it('tunnels https through a proxy with CONNECT, keeping the caFile trust', async () => {
      const proxy = await startProxy('u:pw123');
      try {
        // By a name only the proxy resolves, which the certificate also carries.
        const port = new URL(emu.url).port;
        const apiUrl = `https://${PROXY_ONLY_HOST}:${port}`;
        const { c } = client({ apiUrl, caFile, env: { HTTPS_PROXY: `http://u:pw123@127.0.0.1:${proxy.port}` } });
        expect((await c.whoami()).tenantId).to.equal(TENANT.tenantId);
        expect(proxy.seen).to.deep.equal([
          { method: 'CONNECT', url: `${PROXY_ONLY_HOST}:${port}`, auth: `Basic ${Buffer.from('u:pw123').toString('base64')}` },
        ]);
      } finally {
        await proxy.close();
      }
    });

    it('refuses an unreadable caFile at construction', () => {
      expect(() => new HttpSignature365Client({ secret: SECRET, caFile: join(dir, 'missing.pem') })).to.throw(ApiSettingsError, /caFile/).with.property('code', 'BAD_REQUEST');
    });
  });
});
