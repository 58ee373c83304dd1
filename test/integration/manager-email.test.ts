import { expect } from 'chai';
import type { UserPayload } from '../../src/api/types.js';
import { agentData, configuredAgent } from './helpers/agent.js';
import { integrationSuite } from './helpers/suite.js';

/**
 * A manager's new email must reach the subordinates in the next delta, although their own
 * uSNChanged does not move. Scratch objects only (disabled, so no other suite syncs them; the
 * scope includes disabled accounts), deleted with the scratch OU afterwards.
 */
describe('delta: a manager whose email changed re-plans the direct reports @integration', function () {
  this.timeout(300_000);
  const suite = integrationSuite();

  const managerEmails = async (): Promise<Record<string, string | undefined>> =>
    Object.fromEntries(((await suite.emulator.state()).users as UserPayload[]).map((user) => [user.displayName ?? user.email, user.managerEmail]));

  it('sends the new managerEmail of in-scope and out-of-scope managers to their unchanged reports', async () => {
    const { dc, emulator, scratch } = suite;
    const inside = await scratch.ou('Inside');
    const outside = await scratch.ou('Outside');
    const boss = await scratch.disabledUser('Boss', inside);
    const farBoss = await scratch.disabledUser('Far Boss', outside);
    const reports = [await scratch.disabledUser('Report One', inside), await scratch.disabledUser('Report Two', inside)];
    const farReport = await scratch.disabledUser('Far Report', inside);
    await scratch.disabledUser('Bystander', inside);
    for (const report of reports) await scratch.replace(report.dn, 'manager', [boss.dn]);
    await scratch.replace(farReport.dn, 'manager', [farBoss.dn]);

    const configDir = await configuredAgent(emulator, dc, { scope: { all: true, searchBases: [inside], includeDisabled: true } });
    const full = await agentData(configDir, 'sync');
    expect(full.mode).to.equal('full');
    expect(await managerEmails()).to.deep.equal({
      Boss: undefined,
      'Report One': boss.mail,
      'Report Two': boss.mail,
      'Far Report': farBoss.mail,
      Bystander: undefined,
    });

    const newBoss = `new.${boss.mail}`;
    const newFarBoss = `new.${farBoss.mail}`;
    await scratch.replace(boss.dn, 'mail', [newBoss]);
    await scratch.replace(farBoss.dn, 'mail', [newFarBoss]);
    const delta = await agentData(configDir, 'sync');
    expect(delta.mode).to.equal('delta');
    expect(await managerEmails()).to.deep.equal({
      Boss: undefined,
      'Report One': newBoss,
      'Report Two': newBoss,
      'Far Report': newFarBoss,
      Bystander: undefined,
    });
    // The boss itself (its email), its two reports and the far boss's report; not the bystander.
    expect(delta.counts).to.deep.include({ updated: 4, added: 0, removed: 0 });

    // Nothing changed since: the next delta sends nothing.
    const again = await agentData(configDir, 'sync');
    expect(again.mode).to.equal('delta');
    expect(again.counts).to.deep.include({ updated: 0, added: 0 });
  });
});
