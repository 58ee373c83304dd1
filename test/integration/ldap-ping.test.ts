import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CldapPingError, ldapPing } from '../../src/directory/locator/cldap-ping.js';
import { cldapSiteLocator } from '../../src/directory/locator/cldap-site.js';
import { recordingLogger } from '../unit/helpers/recording-logger.js';
import { readDcFacts, type DcFacts } from './helpers/dc-facts.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('the LDAP ping (CLDAP, UDP 389) against the Samba test DC @integration', function () {
  let dc: TestDc;
  let truth: DcFacts;
  before(async function () {
    dc = requireTestDc(this);
    truth = await readDcFacts(dc);
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
