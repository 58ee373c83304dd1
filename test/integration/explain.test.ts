import { expect } from 'chai';
import { agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { expectedEmail, photoSha256, userBySam } from './helpers/sample-org.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('explain: why a user is in scope or not, and what would be sent @integration', function () {
  this.timeout(120_000);
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

  async function configured(scope: Record<string, unknown>): Promise<string> {
    return configuredAgent(emulator, dc, { scope });
  }

  it('a member through a nested group: in scope, the group path, the email and why, the exact payload, then the state', async () => {
    const configDir = await configured({ groups: ['Signature Users'] });
    const before = await agentData(configDir, 'explain', { identity: 'alice.johnson' });
    expect(before).to.deep.include({ inScope: true, reasons: [], wouldSend: true, state: { synced: false } });
    expect(before.scope).to.deep.include({ all: false, groupPath: ['Signature Users', 'Sales Team'], searchBase: dc.baseDn });
    expect(before.email).to.deep.include({ address: 'alice.johnson@contoso.com', source: 'proxyAddresses' });
    expect(before.email.why).to.match(/primary SMTP/);
    expect(before.payload.photo).to.deep.include({ sha256: photoSha256(userBySam('alice.johnson')), data: '(elided)' });
    expect(before.payload.photo.size).to.be.greaterThan(100);

    await agentData(configDir, 'sync');
    const sent = (await emulator.state()).users.find((user) => user.objectGuid === before.user.objectGuid)!;
    const { photo: sentPhoto, ...sentRest } = sent;
    const { photo: shownPhoto, ...shownRest } = before.payload;
    expect(shownRest).to.deep.equal(sentRest);
    expect(shownPhoto.sha256).to.equal(sentPhoto!.sha256);

    const after = await agentData(configDir, 'explain', { identity: 'alice.johnson' });
    expect(after.state).to.deep.include({ synced: true, email: 'alice.johnson@contoso.com', hashEqual: true });
    expect(after.wouldSend).to.equal(false);
    const direct = await agentData(configDir, 'explain', { identity: 'kate.bishop' });
    expect(direct.scope.groupPath).to.deep.equal(['Signature Users']);
  });

  it('every way of naming the user finds the same one; unknown is BAD_REQUEST', async () => {
    const configDir = await configured({ all: true });
    const bySam = await agentData(configDir, 'explain', { identity: 'carlos.garcia' });
    const forms = ['carlos.garcia@contoso.com', 'CONTOSO\\carlos.garcia', bySam.user.dn, bySam.user.objectGuid.toUpperCase(), expectedEmail(userBySam('carlos.garcia'))!];
    for (const identity of forms) expect((await agentData(configDir, 'explain', { identity })).user.objectGuid, identity).to.equal(bySam.user.objectGuid);
    const unknown = await runAgent(configDir, 'explain', { identity: 'nobody.at.all' });
    expect(unknown.exitCode).to.equal(2);
    expect(!unknown.result.ok && unknown.result.error.code).to.equal('BAD_REQUEST');
  });

  it('says why a user is out: disabled, not a member, outside the search bases, excluded via a group, no email', async () => {
    const reasons = async (configDir: string, identity: string): Promise<string[]> => {
      const explained = await agentData(configDir, 'explain', { identity });
      expect(explained.inScope, identity).to.equal(false);
      expect(explained.wouldSend, identity).to.equal(false);
      return explained.reasons.map((reason: { code: string }) => reason.code);
    };
    const groups = await configured({ groups: ['Signature Users'] });
    expect(await reasons(groups, 'margaret.hughes')).to.deep.equal(['NOT_A_MEMBER']);
    expect(await reasons(groups, 'hannah.baker')).to.deep.equal(['DISABLED']);
    expect(await reasons(groups, 'fiona.gallagher')).to.deep.equal(['NO_EMAIL']);

    const narrowed = await configured({ all: true, searchBases: ['Sales'], excludeGroups: ['Nested Group B'] });
    expect(await reasons(narrowed, 'margaret.hughes')).to.deep.equal(['OUTSIDE_SEARCH_BASES']);
    const jamal = await agentData(narrowed, 'explain', { identity: 'jamal.ahmed' });
    expect(jamal.reasons.map((reason: { code: string }) => reason.code)).to.deep.equal(['OUTSIDE_SEARCH_BASES', 'EXCLUDED']);
    expect(jamal.scope.excludedPath).to.deep.equal(['Nested Group B', 'Nested Group C']);
    expect(jamal.reasons[1].message).to.contain("'Nested Group B'");
  });

  it('the email used: mail when proxyAddresses has no primary, the primary when it differs from mail', async () => {
    const configDir = await configured({ all: true });
    const amelie = await agentData(configDir, 'explain', { identity: 'amelie.poulain' });
    expect(amelie.email).to.deep.include({ address: expectedEmail(userBySam('amelie.poulain')), source: 'mail' });
    const carlos = await agentData(configDir, 'explain', { identity: 'carlos.garcia' });
    expect(carlos.email).to.deep.include({ address: expectedEmail(userBySam('carlos.garcia')), source: 'proxyAddresses' });
    expect(carlos.email.address).to.not.equal(userBySam('carlos.garcia').mail);
    const disabled = await configured({ groups: ['Sales Team'], includeDisabled: true });
    const hannah = await agentData(disabled, 'explain', { identity: 'hannah.baker' });
    expect(hannah).to.deep.include({ inScope: true });
    expect(hannah.payload.enabled).to.equal(false);
  });
});
