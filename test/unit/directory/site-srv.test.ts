import { expect } from 'chai';
import { DNS_SERVERS_ENV, discoverDcUrls, siteDcSrvName, srvResolverFor, srvResolverFromEnv } from '../../../src/directory/ldap/srv.js';
import { DirectoryUnreachableError } from '../../../src/protocol/errors.js';
import { TestDnsServer } from '../../integration/helpers/dns-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';

const DOMAIN = 'corp.example';
const WIDE = '_ldap._tcp.dc._msdcs.corp.example';
const SITE = 'Branch-Office';
const SITE_SRV = '_ldap._tcp.Branch-Office._sites.dc._msdcs.corp.example';

describe('DC discovery by site, through a real DNS server', () => {
  let dns: TestDnsServer;
  beforeEach(async () => {
    dns = await TestDnsServer.start({
      [WIDE]: [
        { target: 'hq1.corp.example', port: 389, priority: 0 },
        { target: 'hq2.corp.example', port: 389, priority: 1 },
        { target: 'branch1.corp.example', port: 389, priority: 2 },
      ],
      [SITE_SRV]: [{ target: 'branch1.corp.example', port: 389 }],
    });
  });
  afterEach(() => dns.stop());

  const options = (locateSite?: () => Promise<string | undefined>) => {
    const logger = recordingLogger();
    return { logger, options: { startTls: false, resolveSrv: srvResolverFor([dns.server]), logger, ...(locateSite ? { locateSite } : {}) } };
  };

  it('should name the site record _ldap._tcp.<site>._sites.dc._msdcs.<domain>', () => {
    expect(siteDcSrvName('corp.example.', ' Branch-Office ')).to.equal(SITE_SRV);
  });

  it('should try the DCs of the site first, then the rest of the domain-wide record, each once', async () => {
    const { options: o } = options(async () => SITE);
    expect(await discoverDcUrls(DOMAIN, o)).to.deep.equal(['ldaps://branch1.corp.example:636', 'ldaps://hq1.corp.example:636', 'ldaps://hq2.corp.example:636']);
    expect(dns.asked).to.have.members([WIDE.toLowerCase(), SITE_SRV.toLowerCase()]);
  });

  it('should give the site locator the host names of the domain-wide record, in its order', async () => {
    const seen: { domain: string; hosts: readonly string[] }[] = [];
    const o = { startTls: false, resolveSrv: srvResolverFor([dns.server]), locateSite: async (domain: string, hosts: readonly string[]) => (seen.push({ domain, hosts }), undefined) };
    expect(await discoverDcUrls(DOMAIN, o)).to.deep.equal(['ldaps://hq1.corp.example:636', 'ldaps://hq2.corp.example:636', 'ldaps://branch1.corp.example:636']);
    expect(seen).to.deep.equal([{ domain: DOMAIN, hosts: ['hq1.corp.example', 'hq2.corp.example', 'branch1.corp.example'] }]);
  });

  it('should fall back silently (logged) to the domain-wide record when the site record is NXDOMAIN or empty', async () => {
    for (const records of [undefined, []]) {
      dns.set(SITE_SRV, records);
      const { logger, options: o } = options(async () => SITE);
      expect(await discoverDcUrls(DOMAIN, o)).to.deep.equal(['ldaps://hq1.corp.example:636', 'ldaps://hq2.corp.example:636', 'ldaps://branch1.corp.example:636']);
      const line = logger.lines.find((l) => l.message.startsWith('No DC record for this site'));
      expect(line?.level).to.equal('info');
      expect(line?.fields).to.deep.include({ site: SITE, srv: SITE_SRV, reason: records === undefined ? 'ENOTFOUND' : 'ENODATA' });
    }
  });

  it('should use the domain-wide record alone when the site cannot be learned (no site, or the locator fails), logged', async () => {
    for (const locateSite of [async () => undefined, async () => Promise.reject(new Error('no LDAP ping answered'))]) {
      const { logger, options: o } = options(locateSite);
      expect((await discoverDcUrls(DOMAIN, o))[0]).to.equal('ldaps://hq1.corp.example:636');
      expect(logger.lines.map((l) => l.message)).to.include('Site of this computer not learned: the domain-wide DC record alone');
    }
    expect(dns.asked).to.not.include(SITE_SRV.toLowerCase());
  });

  it('should fail with DIRECTORY_UNREACHABLE when the domain-wide record is NXDOMAIN, even with a site record', async () => {
    dns.set(WIDE, undefined);
    const { options: o } = options(async () => SITE);
    const error = await discoverDcUrls(DOMAIN, o).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DirectoryUnreachableError);
    expect((error as DirectoryUnreachableError).details).to.deep.include({ domain: DOMAIN, srv: WIDE, reason: 'ENOTFOUND' });
  });

  it(`should ask the DNS servers of ${DNS_SERVERS_ENV} when it is set`, async () => {
    const records = await srvResolverFromEnv({ [DNS_SERVERS_ENV]: ` ${dns.server} ,` })(SITE_SRV);
    expect(records.map((r) => r.name)).to.deep.equal(['branch1.corp.example']);
    expect(dns.asked).to.deep.equal([SITE_SRV.toLowerCase()]);
  });
});
