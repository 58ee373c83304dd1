import { expect } from 'chai';
import { agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { DirectoryAdmin } from './helpers/directory-admin.js';
import { TestEmulator } from './helpers/emulator.js';
import { expectedEmail, expectedInScope, userBySam } from './helpers/sample-org.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('incremental engine: delta, removals, guard, plan and apply @integration', function () {
  let dc: TestDc;
  let emulator: TestEmulator;
  let admin: DirectoryAdmin;
  const bobDn = (base: string): string => `CN=Bob Smith,OU=Sales,OU=Contoso,${base}`;
  const salesTeamDn = (base: string): string => `CN=Sales Team,OU=Groups,OU=Contoso,${base}`;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    admin = await DirectoryAdmin.connect(dc);
  });
  after(async () => {
    await admin?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  async function configured(scope: Record<string, unknown> = { all: true }): Promise<string> {
    return configuredAgent(emulator, dc, { scope });
  }

  async function runsReceived(): Promise<number[]> {
    return (await emulator.state()).runs.map((run) => run.usersReceived);
  }

  it('after a full sync, the default is a delta that sends nothing when nothing changed', async () => {
    const configDir = await configured();
    const first = await agentData(configDir, 'sync');
    expect(first).to.deep.include({ mode: 'full', fullReason: 'no successful sync yet' });
    const second = await agentData(configDir, 'sync');
    expect(second.mode).to.equal('delta');
    expect(second.counts).to.deep.include({ added: 0, updated: 0, removed: 0 });
    expect(await runsReceived()).to.deep.equal([expectedInScope().length, 0]);
    const status = await agentData(configDir, 'status');
    expect(status.watermark).to.include.keys('usn', 'invocationId', 'scopeFingerprint');
  });

  it("changing one user's title sends exactly that user on the next delta", async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const original = userBySam('bob.smith').title as string;
    await admin.replace(bobDn(dc.baseDn), 'title', 'Head of Widgets');
    try {
      const delta = await agentData(configDir, 'sync');
      expect(delta.mode).to.equal('delta');
      expect(delta.counts).to.deep.include({ updated: 1, added: 0, removed: 0 });
      const state = await emulator.state();
      expect(state.runs.at(-1)!.usersReceived).to.equal(1);
      expect(state.users.find((user) => user.email === expectedEmail(userBySam('bob.smith')))!.jobTitle).to.equal('Head of Widgets');
    } finally {
      await admin.replace(bobDn(dc.baseDn), 'title', original);
    }
  });

  it('a delta reads users only: a contact and a computer changed since the last run are neither read nor sent', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    // The delta asks the DC for every object whose uSNChanged moved and keeps the users itself.
    const changed = [
      { dn: `CN=External PR Agency,OU=Marketing,OU=Contoso,${dc.baseDn}`, description: 'Mail contact, member of Marketing' },
      { dn: `CN=WS-ENG-01,OU=Engineering,OU=Contoso,${dc.baseDn}`, description: 'Engineering workstation, member of Engineering' },
    ];
    for (const object of changed) await admin.replace(object.dn, 'description', 'Changed for the delta test');
    try {
      const delta = await agentData(configDir, 'sync');
      expect(delta.mode).to.equal('delta');
      expect(delta.counts).to.deep.include({ read: 0, added: 0, updated: 0, removed: 0 });
      expect((await emulator.state()).runs.at(-1)!.usersReceived).to.equal(0);
    } finally {
      for (const object of changed) await admin.replace(object.dn, 'description', object.description);
    }
  });

  it('removing a user from a scope group removes exactly that user', async () => {
    const configDir = await configured({ groups: ['Sales Team'] });
    // One of eight is over the default 10% guard: this small team accepts up to half.
    expect(await agentData(configDir, 'set-sync-settings', { maxRemovalPercent: 50 })).to.deep.include({ maxRemovalPercent: 50, maxRemovals: 500 });
    await agentData(configDir, 'sync');
    const bob = (await emulator.state()).users.find((user) => user.email === expectedEmail(userBySam('bob.smith')))!;
    await admin.removeMember(salesTeamDn(dc.baseDn), bobDn(dc.baseDn));
    try {
      const next = await agentData(configDir, 'sync');
      expect(next.counts).to.deep.include({ removed: 1, added: 0, updated: 0 });
      expect((await emulator.state()).removed).to.deep.equal([bob.objectGuid]);
    } finally {
      await admin.addMember(salesTeamDn(dc.baseDn), bobDn(dc.baseDn));
    }
  });

  it('one user leaving a small scope is removed: the percentage rule applies only above removalGuardMinCount', async () => {
    const configDir = await configured({ groups: ['Sales Team'] });
    // 1 of 8 is 12.5%, over the default 10%, but not more than the default floor of 10 removals.
    await agentData(configDir, 'sync');
    await admin.removeMember(salesTeamDn(dc.baseDn), bobDn(dc.baseDn));
    try {
      const next = await runAgent(configDir, 'sync');
      expect(next.exitCode, JSON.stringify(next.result)).to.equal(0);
      if (!next.result.ok) throw new Error('expected the sync to succeed');
      expect(next.result.data.counts).to.deep.include({ removed: 1 });
      expect(next.result.data.guard).to.deep.include({ tripped: false, removals: 1, syncedBefore: 8, limit: 10 });
      expect((await agentData(configDir, 'get-config')).effective.sync).to.deep.include({ removalGuardMinCount: 10 });
      // With the floor at 0 the percentage rule applies to every removal again.
      expect(await agentData(configDir, 'set-sync-settings', { removalGuardMinCount: 0 })).to.deep.include({ removalGuardMinCount: 0 });
      await admin.addMember(salesTeamDn(dc.baseDn), bobDn(dc.baseDn));
      await agentData(configDir, 'sync');
      await admin.removeMember(salesTeamDn(dc.baseDn), bobDn(dc.baseDn));
      expect((await runAgent(configDir, 'sync')).exitCode).to.equal(6);
    } finally {
      await admin.addMember(salesTeamDn(dc.baseDn), bobDn(dc.baseDn)).catch(() => undefined);
    }
  });

  it('a dry run says the deletion guard would trip (guard.tripped), and the real run does', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    await agentData(configDir, 'set-scope', { groups: ['Sales Team'] });
    const expectedRemovals = expectedInScope().length - expectedInScope('Sales Team').length;
    const dry = await runAgent(configDir, 'sync', { dryRun: true });
    expect(dry.exitCode).to.equal(0);
    if (!dry.result.ok) throw new Error('expected the dry run to succeed');
    expect(dry.result.data).to.deep.include({ status: 'succeeded', dryRun: true });
    // Thousands of removals: over maxRemovals (500), the count rule.
    expect(dry.result.data.guard).to.deep.include({ tripped: true, removals: expectedRemovals, syncedBefore: expectedInScope().length, rule: 'count', limit: 500 });
    const real = await runAgent(configDir, 'sync');
    expect(real.exitCode).to.equal(6);
    if (real.result.ok) throw new Error('expected the guard to trip');
    expect(real.result.error.details).to.deep.include({ tripped: true, removals: expectedRemovals, rule: 'count', limit: 500 });
  });

  for (const [how, account] of [
    ['by a scan of the scope, when the account may not read tombstones', 'reader'],
    ['with the Show Deleted control, when the account may', 'admin'],
  ] as const) {
    it(`deleting a user removes it on the next delta: ${how}`, async () => {
      const dn = `CN=Temp Deleted,OU=Sales,OU=Contoso,${dc.baseDn}`;
      await admin.delete(dn);
      await admin.createUser(dn, { mail: 'temp.deleted@contoso.com', givenName: 'Temp' });
      try {
        const configDir = await configured();
        if (account === 'admin') {
          await agentData(configDir, 'set-directory', { servers: [dc.ldapsUrl], bindDn: dc.adminDn, bindPassword: dc.adminPassword, caFile: dc.caFile });
        }
        await agentData(configDir, 'sync');
        const temp = (await emulator.state()).users.find((user) => user.email === 'temp.deleted@contoso.com');
        expect(temp, 'the temporary user was synced').to.not.equal(undefined);
        await admin.delete(dn);
        const next = await agentData(configDir, 'sync');
        expect(next.mode).to.equal('delta');
        expect(next.counts.removed).to.equal(1);
        expect((await emulator.state()).removed).to.deep.equal([temp!.objectGuid]);
      } finally {
        await admin.delete(dn);
      }
    });
  }

  it('disabling a user removes it on the next delta', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    await admin.replace(bobDn(dc.baseDn), 'userAccountControl', '514');
    try {
      const next = await agentData(configDir, 'sync');
      expect(next).to.deep.include({ mode: 'delta' });
      expect(next.counts.removed).to.equal(1);
    } finally {
      await admin.replace(bobDn(dc.baseDn), 'userAccountControl', '512');
    }
  });

  it('a scope change triggers a full sync, and the guard stops it when it would remove too many', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const runsBefore = (await emulator.state()).runs.length;
    await agentData(configDir, 'set-scope', { groups: ['Sales Team'] });
    const expectedRemovals = expectedInScope().length - expectedInScope('Sales Team').length;

    const tripped = await runAgent(configDir, 'sync');
    expect(tripped.exitCode).to.equal(6);
    if (tripped.result.ok) throw new Error('expected the guard to trip');
    expect(tripped.result.error.code).to.equal('GUARD_TRIPPED');
    expect(tripped.result.error.message).to.contain(`remove ${expectedRemovals} users`);
    expect((await emulator.state()).runs.length, 'nothing was sent').to.equal(runsBefore);

    const allowed = await agentData(configDir, 'sync', { allowRemovals: expectedRemovals });
    expect(allowed).to.deep.include({ mode: 'full', fullReason: 'the scope changed' });
    expect(allowed.counts.removed).to.equal(expectedRemovals);

    // The override was for that run only: the next mass removal trips again.
    await agentData(configDir, 'set-scope', { all: true });
    await agentData(configDir, 'sync');
    await agentData(configDir, 'set-scope', { groups: ['Finance'] });
    expect((await runAgent(configDir, 'sync')).exitCode).to.equal(6);
  });

  it('a dry run writes a plan and sends nothing; applying it sends exactly the plan', async () => {
    const configDir = await configured();
    const plan = await agentData(configDir, 'sync', { dryRun: true });
    expect(plan.planFile).to.be.a('string');
    expect(plan.counts.added).to.equal(expectedInScope().length);
    expect((await emulator.state()).runs).to.have.length(0);
    const applied = await agentData(configDir, 'sync', { planFile: plan.planFile });
    expect(applied.counts.added).to.equal(plan.counts.added);
    expect((await emulator.state()).users).to.have.length(plan.counts.added);
  });

  it('a plan applied after a directory change is refused with PLAN_STALE, exit 6, nothing sent', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const original = userBySam('bob.smith').title as string;
    await admin.replace(bobDn(dc.baseDn), 'title', 'Planned Title');
    try {
      const plan = await agentData(configDir, 'plan');
      expect(plan.counts.updated).to.equal(1);
      await admin.replace(bobDn(dc.baseDn), 'title', 'Changed After Planning');
      const runsBefore = (await emulator.state()).runs.length;
      const applied = await runAgent(configDir, 'sync', { planFile: plan.planFile });
      expect(applied.exitCode).to.equal(6);
      expect(!applied.result.ok && applied.result.error.code).to.equal('PLAN_STALE');
      expect((await emulator.state()).runs.length).to.equal(runsBefore);
    } finally {
      await admin.replace(bobDn(dc.baseDn), 'title', original);
    }
  });

  it('a second concurrent sync exits 7 at once, while status still works', async () => {
    const configDir = await configured();
    await emulator.faults([{ match: '/users', kind: 'slow', delayMs: 3000, times: 1 }]);
    const slow = runAgent(configDir, 'sync');
    let status;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      status = await agentData(configDir, 'status');
      if (status.syncRunning) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status.syncRunning).to.equal(true);
    const second = await runAgent(configDir, 'sync');
    expect(second.exitCode).to.equal(7);
    expect(!second.result.ok && second.result.error.code).to.equal('LOCKED');
    expect((await slow).exitCode).to.equal(0);
  });

  it('progress events report the phases with done counts', async () => {
    const configDir = await configured();
    const run = await runAgent(configDir, 'sync');
    const phases = new Set(run.progress.map((event) => event.phase));
    expect([...phases]).to.include.members(['connect', 'scope', 'read', 'send-users']);
    const order = run.progress.map((event) => event.phase).filter((phase, i, all) => all[i - 1] !== phase);
    expect(order.slice(0, 3), 'connected, then the scope resolved, then the read').to.deep.equal(['connect', 'scope', 'read']);
    expect(order.indexOf('send-users'), 'send-users events once the read is over').to.be.greaterThan(order.lastIndexOf('read'));
    const send = run.progress.filter((event) => event.phase === 'send-users').at(-1)!;
    expect(send).to.deep.include({ done: expectedInScope().length, total: expectedInScope().length });
  });
});
