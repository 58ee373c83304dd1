import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createDcLocator, createSiteLocator } from '../../../src/cli/services.js';
import { isDnsDomainName, srvResolverFor } from '../../../src/directory/ldap/srv.js';
import { DnsDcLocator } from '../../../src/platform/dns-dc-locator.js';
import { krb5DefaultRealm, machineDomainCandidates, resolvConfDomains } from '../../../src/platform/machine-domain.js';
import type { LocatedDc, WindowsBridge } from '../../../src/platform/windows/edge-bridge.js';
import { WindowsBridgeError } from '../../../src/platform/windows/edge-bridge.js';
import { WindowsDcLocator } from '../../../src/platform/windows/windows-dc-locator.js';
import { DirectoryError, DirectoryUnreachableError } from '../../../src/protocol/errors.js';
import { TestDnsServer } from '../../integration/helpers/dns-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';

async function machineFiles(resolvConf: string, krb5Conf: string): Promise<{ resolvConf: string; krb5Conf: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 's365-machine-'));
  const files = { resolvConf: path.join(dir, 'resolv.conf'), krb5Conf: path.join(dir, 'krb5.conf') };
  await writeFile(files.resolvConf, resolvConf);
  await writeFile(files.krb5Conf, krb5Conf);
  return files;
}

const KRB5 = '[libdefaults]\n  dns_lookup_realm = false\n  default_realm = CORP.EXAMPLE ; joined by realmd\n[realms]\n  default_realm = NOT.THIS\n';

describe('DcLocator', () => {
  describe('the machine domain (off Windows)', () => {
    it('should read resolv.conf domain and search names in order, comments ignored', () => {
      expect(resolvConfDomains('# search old.example\nnameserver 10.0.0.1\ndomain lab.example\nsearch corp.example  other.example ; x\n')).to.deep.equal(['lab.example', 'corp.example', 'other.example']);
    });

    it('should read the default realm of [libdefaults] only, as a lower-case domain', () => {
      expect(krb5DefaultRealm(KRB5)).to.equal('corp.example');
      expect(krb5DefaultRealm('[realms]\ndefault_realm = X.Y\n')).to.equal(undefined);
    });

    it('should list the host name\'s domain, then resolv.conf, then the Kerberos realm, each once', async () => {
      const files = await machineFiles('search corp.example lab.example\nsearch single\n', KRB5);
      expect(await machineDomainCandidates({ hostname: () => 'srv1.lab.example', ...files })).to.deep.equal([
        { domain: 'lab.example', source: 'hostname' },
        { domain: 'corp.example', source: 'resolv.conf' },
      ]);
      expect(await machineDomainCandidates({ hostname: () => 'srv1', resolvConf: '/nonexistent', krb5Conf: files.krb5Conf })).to.deep.equal([{ domain: 'corp.example', source: 'krb5.conf' }]);
      // KRB5_CONFIG names the Kerberos file when no path is given.
      expect(await machineDomainCandidates({ hostname: () => 'srv1', resolvConf: '/nonexistent' }, { KRB5_CONFIG: `${files.krb5Conf}:/etc/krb5.conf` })).to.deep.equal([{ domain: 'corp.example', source: 'krb5.conf' }]);
    });
  });

  describe('DnsDcLocator#locateDomain(), through a real DNS server', () => {
    let dns: TestDnsServer;
    before(async () => {
      dns = await TestDnsServer.start({ '_ldap._tcp.dc._msdcs.corp.example': [{ target: 'dc1.corp.example', port: 389 }], '_ldap._tcp.dc._msdcs.empty.example': [] });
    });
    after(() => dns.stop());

    it('should take the first candidate for which DNS lists DCs', async () => {
      const files = await machineFiles('search lab.example empty.example\n', KRB5);
      const logger = recordingLogger();
      const locator = new DnsDcLocator({ resolveSrv: srvResolverFor([dns.server]), logger, machine: { hostname: () => 'srv1', ...files } });
      expect(await locator.locateDomain()).to.deep.equal({ domain: 'corp.example', source: 'krb5.conf' });
      expect(logger.lines.at(-1)).to.deep.include({ level: 'info', message: 'Domain of this computer found' });
    });

    it('should fail with DIRECTORY_UNREACHABLE naming what it tried, and say to give the domain or the servers', async () => {
      const files = await machineFiles('search lab.example empty.example\n', '');
      const locator = new DnsDcLocator({ resolveSrv: srvResolverFor([dns.server]), logger: recordingLogger(), machine: { hostname: () => 'srv1', ...files } });
      const error = (await locator.locateDomain().catch((e: unknown) => e)) as DirectoryUnreachableError;
      expect(error).to.be.instanceOf(DirectoryUnreachableError);
      expect(error.message).to.match(/lab\.example \(from resolv\.conf: ENOTFOUND\), empty\.example \(from resolv\.conf: ENODATA\).*-Domain.*-Server/);
      expect(error.details).to.deep.include({ problem: 'domain-not-found' });
      const none = new DnsDcLocator({ resolveSrv: srvResolverFor([dns.server]), logger: recordingLogger(), machine: { hostname: () => 'srv1', resolvConf: '/nonexistent', krb5Conf: '/nonexistent' } });
      expect(((await none.locateDomain().catch((e: unknown) => e)) as Error).message).to.match(/names no DNS domain/);
    });
  });

  describe('WindowsDcLocator, over a fake bridge', () => {
    const LOCATED: LocatedDc = { domainController: 'dc2.corp.example', address: '10.1.0.2', domain: 'corp.example', forest: 'corp.example', dcSite: 'Branch', clientSite: 'Branch' };
    function fakeBridge(answer: (options: unknown) => Promise<LocatedDc>): { bridge: () => WindowsBridge; asked: unknown[] } {
      const asked: unknown[] = [];
      const bridge = { dcLocator: { locate: (options: unknown) => (asked.push(options), answer(options)) } } as unknown as WindowsBridge;
      return { bridge: () => bridge, asked };
    }
    const noFallback = async (): Promise<string | undefined> => {
      throw new Error('the LDAP ping must not be asked');
    };

    it("should answer the locator's domain for this computer", async () => {
      const { bridge, asked } = fakeBridge(async () => LOCATED);
      expect(await new WindowsDcLocator(bridge, noFallback, recordingLogger()).locateDomain()).to.deep.equal({ domain: 'corp.example', source: 'windows-locator' });
      expect(asked).to.deep.equal([{}]);
    });

    it('should fail with DIRECTORY_UNREACHABLE when DsGetDcName fails (not a member), and keep a missing bridge\'s own error', async () => {
      const failing = fakeBridge(async () => Promise.reject(new WindowsBridgeError('DsGetDcName failed with Win32 error 1355 (no such domain)', 'InvalidOperationException')));
      const error = (await new WindowsDcLocator(failing.bridge, noFallback, recordingLogger()).locateDomain().catch((e: unknown) => e)) as DirectoryUnreachableError;
      expect(error).to.be.instanceOf(DirectoryUnreachableError);
      expect(error.message).to.match(/1355.*not a domain member.*-Domain.*-Server/);
      const missing = new DirectoryError('Integrated authentication needs the Windows bridge', { problem: 'integrated-unavailable' });
      const unloadable = () => {
        throw missing;
      };
      expect(await new WindowsDcLocator(unloadable, noFallback, recordingLogger()).locateDomain().catch((e: unknown) => e)).to.equal(missing);
    });

    it("should answer the locator's client site for a domain, none when it has none, and ask the LDAP ping only when it fails", async () => {
      const { bridge, asked } = fakeBridge(async () => LOCATED);
      expect(await new WindowsDcLocator(bridge, noFallback, recordingLogger()).locateSite('corp.example', ['dc1.corp.example'])).to.equal('Branch');
      expect(asked).to.deep.equal([{ domain: 'corp.example' }]);
      const siteless = fakeBridge(async () => ({ ...LOCATED, clientSite: null }));
      expect(await new WindowsDcLocator(siteless.bridge, noFallback, recordingLogger()).locateSite('corp.example', [])).to.equal(undefined);
      const failing = fakeBridge(async () => Promise.reject(new WindowsBridgeError('RPC server unavailable', 'InvalidOperationException')));
      const pinged: unknown[] = [];
      const logger = recordingLogger();
      const site = await new WindowsDcLocator(failing.bridge, async (domain, hosts) => (pinged.push({ domain, hosts }), 'Pinged'), logger).locateSite('corp.example', ['dc1.corp.example']);
      expect(site).to.equal('Pinged');
      expect(pinged).to.deep.equal([{ domain: 'corp.example', hosts: ['dc1.corp.example'] }]);
      expect(logger.lines.map((l) => l.level)).to.deep.equal(['info']);
    });

    it('a simple bind on Windows learns the site by LDAP ping and never loads the bridge; integrated asks DsGetDcName', async () => {
      const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-locator-'));
      // A bridge that cannot load: the Windows locator then says so and falls back to the ping.
      const env = { ...process.env, S365_EDGE_JS_DIR: path.join(configDir, 'no-edge-js') };
      const simple = recordingLogger();
      expect(await createSiteLocator({ env, configDir, logger: simple }, 'simple', 'win32')('corp.example', [])).to.equal(undefined);
      expect(simple.lines.map((line) => line.message).join('\n')).to.not.contain('Windows DC locator');
      const integrated = recordingLogger();
      expect(await createSiteLocator({ env, configDir, logger: integrated }, 'integrated', 'win32')('corp.example', [])).to.equal(undefined);
      expect(integrated.lines.map((line) => line.message).join('\n')).to.contain('Windows DC locator did not answer');
    });

    it('[Windows only: DsGetDcName (netapi32) needs a domain-joined Windows] should find the domain and the site of this domain member through the real bridge', async function () {
      if (process.platform !== 'win32') this.skip();
      const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-locator-'));
      const locator = createDcLocator({ env: process.env, configDir, logger: recordingLogger() }, 'win32');
      const located = await locator.locateDomain();
      expect(located.source).to.equal('windows-locator');
      expect(isDnsDomainName(located.domain)).to.equal(true);
      expect(await locator.locateSite(located.domain, [])).to.be.a('string').and.not.equal('');
    });
  });
});
