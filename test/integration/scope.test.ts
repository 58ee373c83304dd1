import { expect } from 'chai';
import type { UserPayload } from '../../src/api/types.js';
import { agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { expectedEmail, expectedInScope, sampleOrg, transitiveMembers, userBySam } from './helpers/sample-org.js';
import { ScratchDirectory } from './helpers/scratch-directory.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/** Emails a sync must send for these fixture users (enabled, with an email), sorted. */
const emailsOf = (sams: Iterable<string>, options: { includeDisabled?: boolean } = {}): string[] =>
  [...sams]
    .map(userBySam)
    .filter((user) => (options.includeDisabled || !user.disabled) && expectedEmail(user) !== undefined)
    .map((user) => expectedEmail(user)!)
    .sort();

describe('scope resolution: nested and large groups, search bases, exclusions @integration', function () {
  this.timeout(300_000);
  let dc: TestDc;
  let emulator: TestEmulator;
  let scratch: ScratchDirectory;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    scratch = await ScratchDirectory.create(dc);
  });
  after(async () => {
    await scratch?.dispose();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  function configured(scope: Record<string, unknown>, directory: Record<string, unknown> = {}): Promise<string> {
    return configuredAgent(emulator, dc, { scope, directory });
  }

  async function sentEmails(): Promise<string[]> {
    return (await emulator.state()).users.map((user) => user.email).sort();
  }

  for (const strategy of ['in-chain', 'walk'] as const) {
    it(`${strategy}: nested groups three levels deep and a cycle give the fixture's transitive members`, async () => {
      const configDir = await configured({ groups: ['Nested Group A', 'Cycle Group A', 'Signature Users'] }, { membershipStrategy: strategy, rangeStep: 100 });
      const summary = await agentData(configDir, 'sync');
      expect(summary.scope).to.deep.include({ strategy, groups: 3 + 2 + 2 + 1 });
      const expected = new Set([...transitiveMembers('Nested Group A'), ...transitiveMembers('Cycle Group A'), ...transitiveMembers('Signature Users')]);
      expect(await sentEmails()).to.deep.equal(emailsOf(expected));
      expect(expected).to.include.keys('jamal.ahmed', 'peter.parker', 'alice.johnson', 'carol.white');
    });

    it(`${strategy}: the 5,000-member group is read whole, with the default range step and a step of 100`, async () => {
      for (const rangeStep of [undefined, 100]) {
        await emulator.reset();
        const configDir = await configured({ groups: ['Bulk 5000'] }, { membershipStrategy: strategy, ...(rangeStep ? { rangeStep } : {}) });
        const started = Date.now();
        const summary = await agentData(configDir, 'sync');
        const members = transitiveMembers('Bulk 5000');
        expect(members.size).to.be.at.least(5000);
        expect(summary.counts.inScope).to.equal(members.size);
        expect(await sentEmails()).to.deep.equal(emailsOf(members));
        console.log(`      ${strategy}, rangeStep ${rangeStep ?? 'default'}: scope resolved in ${summary.scope.resolveMs} ms, sync of ${members.size} users in ${Date.now() - started} ms`);
      }
    });

    it(`${strategy}: contacts and computers in groups are skipped, a foreign security principal is reported`, async () => {
      const configDir = await configured({ groups: ['Marketing', 'Engineering', 'Nested Group A'] }, { membershipStrategy: strategy });
      const summary = await agentData(configDir, 'sync');
      const expected = new Set([...transitiveMembers('Marketing'), ...transitiveMembers('Engineering'), ...transitiveMembers('Nested Group A')]);
      expect(await sentEmails()).to.deep.equal(emailsOf(expected));
      expect(await sentEmails()).to.not.include('pr@fabrikam.example');
      expect(summary.scope.foreignMembers).to.deep.equal([
        { sid: 'S-1-5-21-1111-2222-3333-1001', dn: `CN=S-1-5-21-1111-2222-3333-1001,CN=ForeignSecurityPrincipals,${dc.baseDn}`, group: 'Nested Group C' },
      ]);
      expect(summary.status).to.equal('succeeded');
    });
  }

  it('excluded groups leave out their transitive members, with scope all and with scope groups', async () => {
    const configDir = await configured({ all: true, excludeGroups: ['Sales Team', 'Nested Group B'] });
    const scope = await agentData(configDir, 'get-scope');
    expect(scope.excludeGroups.map((g: { name: string }) => g.name)).to.deep.equal(['Sales Team', 'Nested Group B']);
    await agentData(configDir, 'sync');
    const excluded = new Set([...transitiveMembers('Sales Team'), ...transitiveMembers('Nested Group B')]);
    const expected = expectedInScope().filter((user) => !excluded.has(user.sAMAccountName)).map((user) => expectedEmail(user)!);
    expect(await sentEmails()).to.deep.equal(expected.sort());

    await emulator.reset();
    const byGroups = await configured({ groups: ['Signature Users'], excludeGroups: ['Marketing'] });
    await agentData(byGroups, 'sync');
    const marketing = transitiveMembers('Marketing');
    expect(await sentEmails()).to.deep.equal(emailsOf([...transitiveMembers('Signature Users')].filter((sam) => !marketing.has(sam))));
  });

  it('includeDisabled sends disabled members with enabled: false', async () => {
    const configDir = await configured({ groups: ['Sales Team'], includeDisabled: true });
    expect((await agentData(configDir, 'get-scope')).includeDisabled).to.equal(true);
    await agentData(configDir, 'sync');
    const users = (await emulator.state()).users as UserPayload[];
    expect(users.map((user) => user.email).sort()).to.deep.equal(emailsOf(transitiveMembers('Sales Team'), { includeDisabled: true }));
    const hannah = users.find((user) => user.email === expectedEmail(userBySam('hannah.baker')));
    expect(hannah?.enabled).to.equal(false);
    expect(users.filter((user) => user.enabled === false)).to.have.length(1);
  });

  it('a renamed and moved scope group stays in scope (stored by objectGUID)', async () => {
    const alice = `CN=Alice Johnson,OU=Sales,OU=Contoso,${dc.baseDn}`;
    const grace = `CN=Grace Hopper,OU=Engineering,OU=Contoso,${dc.baseDn}`;
    let group = await scratch.group('Rename Me', [alice]);
    const configDir = await configured({ groups: [group] });
    await agentData(configDir, 'sync');
    expect(await sentEmails()).to.deep.equal(emailsOf(['alice.johnson']));
    const sub = await scratch.ou('Moved Here');
    group = await scratch.move(group, `CN=Renamed Group,${sub}`);
    await scratch.addMembers(group, [grace]);
    const summary = await agentData(configDir, 'sync');
    expect(summary.status).to.equal('succeeded');
    expect(await sentEmails()).to.deep.equal(emailsOf(['alice.johnson', 'grace.hopper']));
    const scope = await agentData(configDir, 'get-scope');
    expect(scope.groups[0].objectGuid).to.equal(await scratch.guid(group));
  });

  it('a moved and renamed OU stays a search base (stored by objectGUID); includeDisabled brings its disabled users', async () => {
    const outer = await scratch.ou('Outer');
    let base = await scratch.ou('Base', outer);
    const user = await scratch.disabledUser('Scratch Person', base);
    const configDir = await configured({ all: true, searchBases: [base], includeDisabled: true });
    const scope = await agentData(configDir, 'get-scope');
    expect(scope.searchBases).to.have.length(1);
    expect(scope.searchBases[0].dn).to.equal(base);
    await agentData(configDir, 'sync');
    let users = (await emulator.state()).users;
    expect(users.map((u) => [u.email, u.enabled])).to.deep.equal([[user.mail, false]]);

    const elsewhere = await scratch.ou('Elsewhere');
    base = await scratch.move(base, `OU=Base Renamed,${elsewhere}`);
    const summary = await agentData(configDir, 'sync', { mode: 'full' });
    expect(summary.counts).to.deep.include({ inScope: 1, removed: 0, unchanged: 1 });
    users = (await emulator.state()).users;
    expect(users.map((u) => u.email)).to.deep.equal([user.mail]);
    expect((await emulator.state()).removed).to.deep.equal([]);
  });

  it('a search base given by name must be unique: ambiguous and unknown names are BAD_REQUEST, nothing saved', async () => {
    await scratch.ou('Twin', await scratch.ou('Left'));
    await scratch.ou('Twin', await scratch.ou('Right'));
    const configDir = await configured({ all: true });
    const ambiguous = await runAgent(configDir, 'set-scope', { all: true, searchBases: ['Twin'] });
    expect(ambiguous.exitCode).to.equal(2);
    expect(!ambiguous.result.ok && (ambiguous.result.error.details as { candidates: unknown[] }).candidates).to.have.length(2);
    const unknown = await runAgent(configDir, 'set-scope', { all: true, searchBases: ['OU=Nowhere,DC=corp,DC=contoso,DC=test'] });
    expect(unknown.exitCode).to.equal(2);
    const unknownExclusion = await runAgent(configDir, 'set-scope', { all: true, excludeGroups: ['No Such Group'] });
    expect(unknownExclusion.exitCode).to.equal(2);
    expect(await agentData(configDir, 'get-scope')).to.deep.equal({ all: true, groups: [], searchBases: [], excludeGroups: [], includeDisabled: false });
    const bySales = await agentData(configDir, 'set-scope', { all: true, searchBases: ['Sales'] });
    expect(bySales.searchBases[0].dn).to.equal(`OU=Sales,OU=Contoso,${dc.baseDn}`);
  });

  for (const what of ['scope group', 'search base', 'excluded group'] as const) {
    it(`a deleted ${what} aborts the run with DIRECTORY_ERROR (exit 4) before anything is sent or removed`, async () => {
      const alice = `CN=Alice Johnson,OU=Sales,OU=Contoso,${dc.baseDn}`;
      const name = `Doomed ${what.replace(' ', '-')}`;
      const doomed = what === 'search base' ? await scratch.ou(name) : await scratch.group(name, what === 'scope group' ? [alice] : []);
      const scope =
        what === 'scope group' ? { groups: [doomed] } : what === 'search base' ? { all: true, searchBases: [doomed, 'Sales'] } : { groups: ['Sales Team'], excludeGroups: [doomed] };
      const configDir = await configured(scope);
      await agentData(configDir, 'sync');
      const before = await emulator.state();
      expect(before.users.length).to.be.greaterThan(0);
      await scratch.delete(doomed);
      const run = await runAgent(configDir, 'sync');
      expect(run.exitCode).to.equal(4);
      expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_ERROR');
      expect(!run.result.ok && run.result.error.message).to.contain(name);
      const after = await emulator.state();
      expect(after.runs).to.have.length(before.runs.length);
      expect(after.removed).to.deep.equal([]);
      expect(after.users).to.have.length(before.users.length);
    });
  }

  it('a delta notices a membership change in a nested group and runs full', async () => {
    const nestedC = `CN=Nested Group C,OU=Groups,OU=Contoso,${dc.baseDn}`;
    const xavier = `CN=Xavier Dupont,OU=Engineering,OU=Contoso,${dc.baseDn}`;
    const configDir = await configured({ groups: ['Nested Group A'] });
    await agentData(configDir, 'sync');
    expect(await sentEmails()).to.not.include(expectedEmail(userBySam('xavier.dupont')));
    await scratch.addMembers(nestedC, [xavier]);
    try {
      const delta = await agentData(configDir, 'sync');
      expect(delta).to.deep.include({ mode: 'full', fullReason: 'the membership of a scope group changed' });
      expect(delta.counts.added).to.equal(1);
      expect(await sentEmails()).to.include(expectedEmail(userBySam('xavier.dupont')));
    } finally {
      await scratch.removeMembers(nestedC, [xavier]);
    }
    const back = await agentData(configDir, 'sync', { allowRemovals: 1 });
    expect(back.counts.removed).to.equal(1);
  });

  it('old config files ({kind: all} and {kind: groups, groups}) still load and sync', async () => {
    const { readFile, writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const configDir = await configured({ groups: ['Nested Group C'] });
    const file = path.join(configDir, 'config.json');
    const config = JSON.parse(await readFile(file, 'utf8'));
    expect(config.scope).to.have.keys('kind', 'groups');
    await writeFile(file, JSON.stringify({ ...config, scope: { kind: 'groups', groups: config.scope.groups } }));
    expect((await agentData(configDir, 'get-scope')).excludeGroups).to.deep.equal([]);
    await agentData(configDir, 'sync');
    expect(await sentEmails()).to.deep.equal(emailsOf(transitiveMembers('Nested Group C')));
    expect(sampleOrg.groups.find((group) => group.cn === 'Nested Group C')!.members).to.include('S-1-5-21-1111-2222-3333-1001');
  });
});
