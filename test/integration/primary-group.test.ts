import { expect } from 'chai';
import { Client } from 'ldapts';
import { readFileSync } from 'node:fs';
import { agentData, configuredAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { ScratchDirectory } from './helpers/scratch-directory.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/**
 * A user's primary group (primaryGroupID, the group's RID) is not a `member` value, so a scope of
 * Domain Users (every user's primary group) once synced almost nobody. Both strategies must count
 * primary-group members, also when the primary group is nested in a scope group, and exclusions too.
 */
describe('primary groups count as membership, with both strategies @integration', function () {
  this.timeout(300_000);
  let dc: TestDc;
  let emulator: TestEmulator;
  let scratch: ScratchDirectory;
  let names: { primary: string; outer: string };
  let pgUser: { dn: string; mail: string };
  let plainUser: { dn: string; mail: string };

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    scratch = await ScratchDirectory.create(dc);
    names = { primary: `Primary ${scratch.id}`, outer: `Outer ${scratch.id}` };
    // pgUser's primary group is `Primary`, nested in `Outer`; plainUser's stays Domain Users.
    pgUser = await scratch.disabledUser('PG User');
    plainUser = await scratch.disabledUser('Plain User');
    const primary = await scratch.group(names.primary, [pgUser.dn]);
    await scratch.group(names.outer, [primary]);
    await scratch.replace(pgUser.dn, 'primaryGroupID', [String(await ridOf(primary))]);
  });
  after(async () => {
    await scratch?.dispose();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  /** The group's RID as an administrator reads it (the last part of its objectSid). */
  async function ridOf(dn: string): Promise<number> {
    const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [readFileSync(dc.caFile)] } });
    try {
      await client.bind(dc.adminDn, dc.adminPassword);
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] });
      const sid = searchEntries[0]!.objectSid as Buffer;
      return sid.readUInt32LE(sid.length - 4);
    } finally {
      await client.unbind();
    }
  }

  async function sentEmails(): Promise<string[]> {
    return (await emulator.state()).users.map((user) => user.email).sort();
  }

  it('the scratch user really has the scratch group as its primary group, and is not a member value of it', async () => {
    const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [readFileSync(dc.caFile)] } });
    try {
      await client.bind(dc.adminDn, dc.adminPassword);
      const { searchEntries } = await client.search(pgUser.dn, { scope: 'base', attributes: ['primaryGroupID', 'memberOf'] });
      expect(Number(searchEntries[0]!.primaryGroupID)).to.not.equal(513);
      expect([searchEntries[0]!.memberOf ?? []].flat().join(';')).to.not.contain(names.primary);
    } finally {
      await client.unbind();
    }
  });

  for (const strategy of ['in-chain', 'walk'] as const) {
    it(`${strategy}: scope Domain Users sends what scope all sends when every user's primary group is Domain Users`, async () => {
      const all = await configuredAgent(emulator, dc, { scope: { all: true } });
      await agentData(all, 'sync');
      const everyone = await sentEmails();
      expect(everyone.length).to.be.at.least(5000);

      await emulator.reset();
      const domainUsers = await configuredAgent(emulator, dc, { scope: { groups: ['Domain Users'] }, directory: { membershipStrategy: strategy } });
      const summary = await agentData(domainUsers, 'sync');
      expect(summary.status).to.equal('succeeded');
      expect(summary.scope).to.deep.include({ strategy });
      expect(await sentEmails()).to.deep.equal(everyone);
    });

    it(`${strategy}: a user reached only through its primary group nested in a scope group is synced; the other is not`, async () => {
      const configDir = await configuredAgent(emulator, dc, {
        scope: { groups: [names.outer], includeDisabled: true, searchBases: [scratch.root] },
        directory: { membershipStrategy: strategy },
      });
      const summary = await agentData(configDir, 'sync');
      expect(summary.counts.inScope).to.equal(1);
      expect(await sentEmails()).to.deep.equal([pgUser.mail]);

      const explained = await agentData(configDir, 'explain', { identity: pgUser.dn });
      expect(explained).to.deep.include({ inScope: true, reasons: [] });
      expect(explained.scope.groupPath).to.deep.equal([names.outer, names.primary]);
    });

    it(`${strategy}: excluding the primary group leaves its users out of scope all`, async () => {
      const configDir = await configuredAgent(emulator, dc, {
        scope: { all: true, excludeGroups: [names.primary], includeDisabled: true, searchBases: [scratch.root] },
        directory: { membershipStrategy: strategy },
      });
      await agentData(configDir, 'sync');
      expect(await sentEmails()).to.deep.equal([plainUser.mail]);
    });
  }
});
