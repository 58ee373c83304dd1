import { expect } from 'chai';
import { agentData, configuredAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('report: who is matched, who has no Microsoft 365 user, the warnings and the last runs @integration', function () {
  this.timeout(180_000);
  let dc: TestDc;
  let emulator: TestEmulator;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
  });
  after(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator.reset());

  it('after real syncs: matched and unmatched users are exactly the ones the emulator holds, split by its Microsoft 365 users', async () => {
    const configDir = await configuredAgent(emulator, dc, { scope: { all: true } });
    const first = await agentData(configDir, 'sync');
    const second = await agentData(configDir, 'sync', { mode: 'full' });
    const report = await agentData(configDir, 'report');

    const held = (await emulator.state()).users;
    const m365 = new Set(emulator.tenant.m365Users.map((email) => email.toLowerCase()));
    const emails = (users: { email: string }[]): string[] => users.map((user) => user.email.toLowerCase()).sort();
    const expectedMatched = emails(held.filter((user) => m365.has(user.email.toLowerCase())));
    const expectedUnmatched = emails(held.filter((user) => !m365.has(user.email.toLowerCase())));
    expect(expectedMatched.length, 'the demo tenant matches some users').to.be.greaterThan(0);
    expect(expectedUnmatched.length, 'and most do not').to.be.greaterThan(expectedMatched.length);

    // Held back: the users of the email conflicts the last run reported, none of them held by the emulator.
    const conflicts = second.warnings.filter((w: { code: string }) => w.code === 'EMAIL_CONFLICT');
    expect(report.heldBack.map((u: { objectGuid: string }) => u.objectGuid).sort()).to.deep.equal(conflicts.map((w: { objectGuid: string }) => w.objectGuid).sort());
    for (const user of report.heldBack) expect(held.some((h) => h.objectGuid === user.objectGuid), user.email).to.equal(false);

    expect(emails(report.matched)).to.deep.equal(expectedMatched);
    expect(emails(report.unmatched)).to.deep.equal(expectedUnmatched);
    expect(report.counts).to.deep.equal({
      synced: held.length,
      matched: expectedMatched.length,
      unmatched: expectedUnmatched.length,
      rejected: 0,
      heldBack: conflicts.length,
      warnings: report.warnings.length,
    });
    expect(report.counts.matched).to.equal(first.counts.matched);
    const byGuid = new Map(held.map((user) => [user.objectGuid, user]));
    for (const user of [...report.matched, ...report.unmatched]) expect(user.displayName, user.email).to.equal(byGuid.get(user.objectGuid)!.displayName);

    // The oversize photo of the sample org stands as a warning, once, though both runs reported it.
    expect(report.warnings.filter((w: { code: string }) => w.code === 'PHOTO_TOO_LARGE')).to.have.length(1);
    expect(report.lastRun).to.deep.equal(second);
    expect(report.runs.map((run: { runId: string }) => run.runId)).to.deep.equal([first.runId, second.runId]);
    expect(report.runs[0]).to.deep.include({ synced: held.length, matched: expectedMatched.length, unmatched: expectedUnmatched.length, removed: 0, status: 'succeeded' });
    expect(report.runs[1]).to.deep.include({ synced: 0, removed: 0 });
  });

  it('before any sync: an empty report, not an error', async () => {
    const configDir = await configuredAgent(emulator, dc, { scope: { all: true } });
    const report = await agentData(configDir, 'report');
    expect(report).to.deep.include({ matched: [], unmatched: [], rejected: [], heldBack: [], warnings: [], runs: [], lastRun: null });
    expect(report.counts.synced).to.equal(0);
  });
});
