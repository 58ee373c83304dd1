import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { agentData, freshConfigDir, runAgent } from './helpers/agent.js';
import { readDcFacts } from './helpers/dc-facts.js';
import { TestDnsServer } from './helpers/dns-server.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/**
 * set-directory finding the DCs (and the domain) by itself, through `node dist/cli.js`, with the
 * agent's SRV lookups sent to a DNS server of the test's (S365_DNS_SERVERS). The test DC is named
 * twice in the domain-wide record: as `localhost` first, as `127.0.0.1` after (its certificate
 * holds both), and the site record names `127.0.0.1` only; so which URL answered shows whether the
 * site's DCs came first. The site is the one the DC reports (its LDAP ping, as the agent learns it).
 */
describe('set-directory: DCs of this computer\'s site, and the domain found by itself @integration', function () {
  let dc: TestDc;
  let dns: TestDnsServer;
  let siteSrv: string;
  let env: NodeJS.ProcessEnv;
  let krb5Dir: string;

  before(async function () {
    dc = requireTestDc(this);
    const { site } = await readDcFacts(dc);
    siteSrv = `_ldap._tcp.${site}._sites.dc._msdcs.${dc.domain}`;
    dns = await TestDnsServer.start({
      [`_ldap._tcp.dc._msdcs.${dc.domain}`]: [
        { target: 'localhost', port: 389, priority: 0 },
        { target: dc.host, port: 389, priority: 10 },
      ],
      [siteSrv]: [{ target: dc.host, port: 389 }],
    });
    krb5Dir = await mkdtemp(path.join(os.tmpdir(), 's365-krb5-'));
    // No Kerberos file of the machine's: an empty one, unless a test writes a realm.
    await writeFile(path.join(krb5Dir, 'krb5.conf'), '');
    env = { S365_DNS_SERVERS: dns.server, KRB5_CONFIG: path.join(krb5Dir, 'krb5.conf') };
  });
  after(() => dns?.stop());
  beforeEach(() => {
    dns.asked.length = 0;
    dns.set(siteSrv, [{ target: dc.host, port: 389 }]);
  });

  const simple = () => ({ bindDn: dc.bindDn, bindPassword: dc.bindPassword, caFile: dc.caFile });

  it('with domain: should bind to a DC of the site first, and re-discover the same way at every connect', async () => {
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'set-directory', { domain: dc.domain, ...simple() }, env);
    expect(run.result.ok, run.stderr).to.equal(true);
    expect(run.result.ok && run.result.data).to.deep.include({ domain: dc.domain, servers: [], tested: true, server: `ldaps://${dc.host}:636` });
    expect(dns.asked).to.include(siteSrv.toLowerCase());
    // The stored setting is the domain, not the DC found: discover connects again by site.
    const discover = await runAgent(configDir, 'discover', undefined, env);
    expect(discover.result.ok && discover.result.data.server.url).to.equal(`ldaps://${dc.host}:636`);
  });

  it('with domain and no site record: should take the domain-wide order (the control: localhost first)', async () => {
    dns.set(siteSrv, undefined);
    const run = await runAgent(await freshConfigDir(), 'set-directory', { domain: dc.domain, ...simple() }, env);
    expect(run.result.ok && run.result.data.server, run.stderr).to.equal('ldaps://localhost:636');
    expect(dns.asked).to.include(siteSrv.toLowerCase());
  });

  it('with neither servers nor domain: should find the domain (here the Kerberos default realm that DNS lists DCs for), store it, and bind by site', async () => {
    const krb5 = path.join(krb5Dir, 'realm.conf');
    await writeFile(krb5, `[libdefaults]\n  default_realm = ${dc.domain.toUpperCase()}\n`);
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'set-directory', simple(), { ...env, KRB5_CONFIG: krb5 });
    expect(run.result.ok, run.stderr).to.equal(true);
    expect(run.result.ok && run.result.data).to.deep.include({ domain: dc.domain, domainFrom: 'krb5.conf', servers: [], server: `ldaps://${dc.host}:636` });
    expect((await agentData(configDir, 'get-config')).directory).to.deep.include({ domain: dc.domain, servers: [] });
  });

  it('with neither, on a machine that names no domain DNS knows: DIRECTORY_UNREACHABLE saying to give -Domain or -Server, nothing saved', async () => {
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'set-directory', { ...simple(), skipTest: true }, env);
    expect(run.exitCode).to.equal(4);
    expect(!run.result.ok && run.result.error).to.deep.include({ code: 'DIRECTORY_UNREACHABLE' });
    expect(!run.result.ok && run.result.error.details).to.deep.include({ problem: 'domain-not-found' });
    expect(!run.result.ok && run.result.error.message).to.match(/domain of this computer was not found.*-Domain.*-Server/);
    expect((await agentData(configDir, 'get-config')).directory).to.equal(undefined);
    // An explicitly empty server list is still a bad request, not a request to locate; and a bad
    // request is refused as one before anything is looked up.
    dns.asked.length = 0;
    const empty = await runAgent(configDir, 'set-directory', { servers: [], ...simple(), skipTest: true }, env);
    expect(!empty.result.ok && empty.result.error.code).to.equal('BAD_REQUEST');
    const realm = path.join(krb5Dir, 'realm-unasked.conf');
    await writeFile(realm, `[libdefaults]\n  default_realm = ${dc.domain.toUpperCase()}\n`);
    const noAccount = await runAgent(configDir, 'set-directory', { auth: 'simple', skipTest: true }, { ...env, KRB5_CONFIG: realm });
    expect(!noAccount.result.ok && noAccount.result.error).to.deep.include({ code: 'BAD_REQUEST', details: { param: 'bindDn' } });
    expect(dns.asked).to.deep.equal([]);
  });
});
