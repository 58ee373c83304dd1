import { expect } from 'chai';
import { agentData, freshConfigDir, runAgent, runAgentRaw } from './helpers/agent.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('discover @integration', function () {
  this.timeout(60_000);
  let dc: TestDc;

  before(function () {
    dc = requireTestDc(this);
  });

  async function configured(servers: string[]): Promise<string> {
    const configDir = await freshConfigDir();
    await agentData(configDir, 'set-directory', { servers, bindDn: dc.bindDn, bindPassword: dc.bindPassword, caFile: dc.caFile, skipTest: true });
    return configDir;
  }

  it('should describe the domain, its naming contexts, DCs, levels and controls', async () => {
    const configDir = await configured(['ldaps://127.0.0.1:1', dc.ldapsUrl]);
    const data = await agentData(configDir, 'discover');
    expect(data.domain).to.equal('corp.contoso.test');
    expect(data.forest).to.equal('corp.contoso.test');
    expect(data.configured).to.deep.equal({ servers: ['ldaps://127.0.0.1:1', dc.ldapsUrl] });
    expect(data.namingContexts).to.deep.include({
      default: dc.baseDn,
      configuration: `CN=Configuration,${dc.baseDn}`,
      schema: `CN=Schema,CN=Configuration,${dc.baseDn}`,
      rootDomain: dc.baseDn,
    });
    expect(data.namingContexts.all).to.include.members([dc.baseDn, `CN=Configuration,${dc.baseDn}`, `CN=Schema,CN=Configuration,${dc.baseDn}`]);
    expect(data.server).to.deep.include({ url: dc.ldapsUrl, site: 'Default-First-Site-Name' });
    expect(data.server.dnsHostName.toLowerCase()).to.equal('dc1.corp.contoso.test');
    expect(data.failedOver.map((f: { server: string }) => f.server)).to.deep.equal(['ldaps://127.0.0.1:1']);
    // DC1, and DC2 when the second DC was joined (build/test-dc.sh second start): both registered under CN=Sites.
    const dcs = data.domainControllers.map((d: { dnsHostName: string }) => d.dnsHostName.toLowerCase());
    expect(dcs).to.include('dc1.corp.contoso.test');
    expect(dcs.every((name: string) => /^dc\d\.corp\.contoso\.test$/.test(name))).to.equal(true);
    expect(data.domainControllers[0]).to.deep.include({ name: 'DC1', site: 'Default-First-Site-Name' });
    for (const level of ['domain', 'forest', 'domainController']) {
      expect(data.functionalLevels[level].level, level).to.be.a('number').and.at.least(2);
      expect(data.functionalLevels[level].name, level).to.match(/^Windows Server/);
    }
    expect(data.supportedLdapVersions).to.include('3');
    expect(data.supportedControls).to.deep.include({ oid: '1.2.840.113556.1.4.319', name: 'paged results' });
    expect(data.supportedControls).to.deep.include({ oid: '1.2.840.113556.1.4.417', name: 'show deleted' });
    expect(data.supportedCapabilities).to.deep.include({ oid: '1.2.840.113556.1.4.800', name: 'Active Directory' });
    expect(data.inChainMatchingRule).to.deep.include({ probed: true, likely: true });
    expect(data.highestCommittedUsn).to.match(/^\d+$/);
  });

  it('should render text in flag mode', async () => {
    const configDir = await configured([dc.ldapsUrl]);
    const raw = await runAgentRaw(['discover', '--config-dir', configDir], '');
    expect(raw.exitCode, raw.stderr).to.equal(0);
    expect(raw.stdout).to.contain('Domain corp.contoso.test').and.contain('nested groups (in-chain rule): supported (probed)');
  });

  it('should need a configured directory, and fail with exit 4 when no DC answers', async () => {
    const none = await runAgent(await freshConfigDir(), 'discover');
    expect(none.exitCode).to.equal(2);
    expect(!none.result.ok && none.result.error.code).to.equal('NOT_CONFIGURED');
    const down = await runAgent(await configured(['ldaps://127.0.0.1:1']), 'discover');
    expect(down.exitCode).to.equal(4);
    expect(!down.result.ok && down.result.error.code).to.equal('DIRECTORY_UNREACHABLE');
  });
});
