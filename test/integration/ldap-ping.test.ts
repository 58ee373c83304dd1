import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Client } from 'ldapts';
import { CldapPingError, ldapPing } from '../../src/directory/locator/cldap-ping.js';
import { cldapSiteLocator } from '../../src/directory/locator/cldap-site.js';
import { recordingLogger } from '../unit/helpers/recording-logger.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/** What the DC itself says, over LDAP: its site (from its server object's DN), host name, and the domain's GUID. */
async function readFromDc(dc: TestDc): Promise<{ site: string; dnsHostName: string; domainGuid: string }> {
  const client = new Client({ url: dc.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
  try {
    await client.bind(dc.bindDn, dc.bindPassword);
    const root = (await client.search('', { scope: 'base', attributes: ['serverName', 'dnsHostName'] })).searchEntries[0]!;
    // serverName: CN=DC1,CN=Servers,CN=<site>,CN=Sites,CN=Configuration,...
    const site = /^CN=[^,]+,CN=Servers,CN=([^,]+),CN=Sites,/i.exec(String(root.serverName))![1]!;
    const domain = (await client.search(dc.baseDn, { scope: 'base', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] })).searchEntries[0]!;
    const g = domain.objectGUID as Buffer;
    const le = (b: Buffer) => Buffer.from(b).reverse().toString('hex');
    const domainGuid = `${le(g.subarray(0, 4))}-${le(g.subarray(4, 6))}-${le(g.subarray(6, 8))}-${g.subarray(8, 10).toString('hex')}-${g.subarray(10, 16).toString('hex')}`;
    return { site, dnsHostName: String(root.dnsHostName), domainGuid };
  } finally {
    await client.unbind();
  }
}

describe('the LDAP ping (CLDAP, UDP 389) against the Samba test DC @integration', function () {
  let dc: TestDc;
  let truth: { site: string; dnsHostName: string; domainGuid: string };
  before(async function () {
    dc = requireTestDc(this);
    truth = await readFromDc(dc);
  });

  it("should answer the DC's site, host name and domain GUID as the DC reports them over LDAP, and this computer's site", async () => {
    const answer = await ldapPing(dc.host, dc.domain);
    expect(answer).to.deep.include({ opcode: 23, dnsDomainName: dc.domain, dcSiteName: truth.site, domainGuid: truth.domainGuid });
    // DNS names compare without case (the rootDSE says DC1.corp..., the ping dc1.corp...).
    expect(answer.dnsHostName.toLowerCase()).to.equal(truth.dnsHostName.toLowerCase());
    // Samba places a client no subnet holds in the only site there is (samdb_client_site_name's fallback).
    expect(answer.clientSiteName).to.equal(truth.site);
    // DS_LDAP_FLAG (0x8) and DS_DS_FLAG (0x10): an LDAP server that is a directory server.
    expect(answer.flags & 0x18).to.equal(0x18);
  });

  it('should report a domain the DC does not serve as an answer with no entry', async () => {
    const error = await ldapPing(dc.host, 'not-this.example').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CldapPingError);
    expect((error as Error).message).to.match(/no entry/);
  });

  it('should give up on a DC that does not answer within the timeout', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    try {
      const started = Date.now();
      const error = await ldapPing('127.0.0.1', dc.domain, { port: (silent.address() as AddressInfo).port, timeoutMs: 300 }).catch((e: unknown) => e);
      expect((error as Error).message).to.match(/no answer to the LDAP ping from 127\.0\.0\.1 .* within 300 ms/);
      expect(Date.now() - started).to.be.within(250, 2000);
    } finally {
      silent.close();
    }
  });

  it('the site locator should ask the DCs in order until one answers, and answer the client site', async () => {
    const logger = recordingLogger();
    const asked: string[] = [];
    const locate = cldapSiteLocator({ logger, timeoutMs: 300, ping: (host, domain, options) => (asked.push(host), ldapPing(host, domain, options)) });
    // 127.0.0.9: no DC there, nothing answers on UDP 389.
    expect(await locate(dc.domain, ['127.0.0.9', dc.host, '127.0.0.10'])).to.equal(truth.site);
    expect(asked).to.deep.equal(['127.0.0.9', dc.host]);
    expect(logger.lines.find((l) => l.message === 'LDAP ping answered')?.fields).to.deep.include({ dc: dc.host, dcSite: truth.site });
    expect(await locate(dc.domain, ['127.0.0.9'])).to.equal(undefined);
  });
});
