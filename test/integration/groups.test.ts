import { expect } from 'chai';
import type { GroupPayload } from '../../src/api/types.js';
import { agentData, configuredAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { expectedEmail, sampleOrg, transitiveMembers, userBySam } from './helpers/sample-org.js';
import { ScratchDirectory } from './helpers/scratch-directory.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('groups sync: groups in scope sent with their transitive members @integration', function () {
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

  async function configured(scope: Record<string, unknown>): Promise<string> {
    return configuredAgent(emulator, dc, { scope });
  }

  /** The emulator's groups by name, members as sorted emails of the users it holds. */
  async function groupsByName(): Promise<Map<string, GroupPayload & { members: string[] }>> {
    const state = await emulator.state();
    const emailOf = new Map(state.users.map((user) => [user.objectGuid, user.email]));
    return new Map(
      state.groups.map((group) => [group.name, { ...group, members: group.memberGuids.map((guid) => emailOf.get(guid) ?? `unknown ${guid}`).sort() }]),
    );
  }

  /** Emails of a fixture group's transitive members that are synced (enabled, with an email). */
  function memberEmails(groupCn: string): string[] {
    return [...transitiveMembers(groupCn)]
      .map(userBySam)
      .filter((user) => !user.disabled && expectedEmail(user) !== undefined)
      .map((user) => expectedEmail(user)!)
      .sort();
  }

  it('scope groups: the scope group and its nested groups, each with its transitive in-scope members', async () => {
    const configDir = await configured({ groups: ['Signature Users'] });
    const summary = await agentData(configDir, 'sync');
    const groups = await groupsByName();
    expect([...groups.keys()].sort()).to.deep.equal(['Marketing', 'Sales Team', 'Signature Users']);
    for (const name of groups.keys()) expect(groups.get(name)!.members, name).to.deep.equal(memberEmails(name));
    expect(groups.get('Sales Team')).to.deep.include({ email: 'sales@contoso.com', description: 'Sales department (direct members)' });
    expect(summary.counts.groupsSent).to.equal(3);
    const run = (await emulator.state()).runs[0]!;
    expect(run).to.deep.include({ groupsReceived: 3, groupsAccepted: 3 });
    expect(run.totals?.groupsSent).to.equal(3);
    const sends = (await emulator.state()).requests.filter((request) => request.path.endsWith('/groups'));
    expect(sends.map((request) => request.idempotencyKey)).to.deep.equal([`${summary.runId}:groups:0`]);
  });

  it('scope all: every group under the base except builtin and system ones; the 5,000-member group whole', async () => {
    const configDir = await configured({ all: true });
    const summary = await agentData(configDir, 'sync');
    const groups = await groupsByName();
    for (const fixtureGroup of sampleOrg.groups) {
      expect(groups.get(fixtureGroup.cn)?.members, fixtureGroup.cn).to.deep.equal(memberEmails(fixtureGroup.cn));
    }
    for (const critical of ['Domain Users', 'Domain Admins', 'Administrators', 'Users', 'Enterprise Admins']) expect(groups.has(critical), critical).to.equal(false);
    expect(groups.get('Bulk 5000')!.memberGuids).to.have.length(5000);
    expect(groups.get('All Staff')!.email).to.equal('AllStaff@contoso.com');
    expect(summary.counts.groupsSent).to.equal(groups.size);
  });

  it('only changed groups are sent again; a group that leaves the scope is dropped from the state', async () => {
    const alice = `CN=Alice Johnson,OU=Sales,OU=Contoso,${dc.baseDn}`;
    const group = await scratch.group('Groups Sync', [alice], scratch.root, { description: 'before' });
    const configDir = await configured({ groups: ['Signature Users', group] });
    const first = await agentData(configDir, 'sync');
    expect(first.counts.groupsSent).to.equal(4);

    const unchanged = await agentData(configDir, 'sync', { mode: 'full' });
    expect(unchanged.counts.groupsSent).to.equal(0);

    // A scope group changed: the run is full, and only that group is sent.
    await scratch.replace(group, 'description', ['after']);
    const changed = await agentData(configDir, 'sync');
    expect(changed.counts.groupsSent).to.equal(1);
    expect((await groupsByName()).get('Groups Sync')!.description).to.equal('after');

    // A nested group's membership: the group and the groups it is nested in change.
    await scratch.addMembers(group, [`CN=Sales Team,OU=Groups,OU=Contoso,${dc.baseDn}`]);
    const nested = await agentData(configDir, 'sync');
    expect(nested.counts.groupsSent).to.equal(1);
    expect((await groupsByName()).get('Groups Sync')!.members).to.deep.equal(memberEmails('Sales Team'));

    // Narrow the scope: the scratch group leaves it (dropped from the state, nothing sent for it)...
    await agentData(configDir, 'set-scope', { groups: ['Signature Users'] });
    const narrowed = await agentData(configDir, 'sync');
    expect(narrowed.counts.groupsSent).to.equal(0);
    // ...so when it comes back it is sent again, while the others are unchanged.
    await agentData(configDir, 'set-scope', { groups: ['Signature Users', group] });
    const back = await agentData(configDir, 'sync');
    expect(back.counts.groupsSent).to.equal(1);
  });

  it('scope all: a delta sends a group that changed, and nothing when nothing did', async () => {
    const group = await scratch.group('Delta Group', [], scratch.root, { description: 'one' });
    const configDir = await configured({ all: true });
    await agentData(configDir, 'sync');
    expect((await groupsByName()).get('Delta Group')!.description).to.equal('one');
    const quiet = await agentData(configDir, 'sync');
    expect(quiet).to.deep.include({ mode: 'delta' });
    expect(quiet.counts.groupsSent).to.equal(0);
    await scratch.replace(group, 'description', ['two']);
    await scratch.addMembers(group, [`CN=Bob Smith,OU=Sales,OU=Contoso,${dc.baseDn}`]);
    const delta = await agentData(configDir, 'sync');
    expect(delta.mode).to.equal('delta');
    expect(delta.counts.groupsSent).to.equal(1);
    const sent = (await groupsByName()).get('Delta Group')!;
    expect(sent).to.deep.include({ description: 'two', members: [expectedEmail(userBySam('bob.smith'))] });
  });

  it('a dry run counts the groups it would send and sends none', async () => {
    const configDir = await configured({ groups: ['Nested Group A'] });
    const plan = await agentData(configDir, 'plan');
    expect(plan.counts.groupsSent).to.equal(3);
    expect((await emulator.state()).groups).to.have.length(0);
  });
});
