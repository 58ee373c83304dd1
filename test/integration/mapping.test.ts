import { expect } from 'chai';
import type { UserPayload } from '../../src/api/types.js';
import type { RunWarning } from '../../src/state/run-summary.js';
import { agentData, configuredAgent, freshConfigDir, runAgent } from './helpers/agent.js';
import { DirectoryAdmin } from './helpers/directory-admin.js';
import { TestEmulator } from './helpers/emulator.js';
import { expectedEmail, photoSha256, sampleOrg, userBySam, type FixtureUser } from './helpers/sample-org.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/** The DN the seeder gives a fixture user. */
function dnOf(user: FixtureUser, baseDn: string): string {
  const cn = String(user.cn).replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  return `CN=${cn},${String(user.ou)},${baseDn}`;
}

describe('attribute mapping, email choice, photos and managers, end to end @integration', function () {
  this.timeout(180_000);
  let dc: TestDc;
  let emulator: TestEmulator;
  let admin: DirectoryAdmin;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    admin = await DirectoryAdmin.connect(dc);
  });
  after(async () => {
    await admin?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator?.reset());

  async function configured(): Promise<string> {
    return configuredAgent(emulator, dc);
  }

  async function sentBySam(sam: string): Promise<UserPayload | undefined> {
    const email = expectedEmail(userBySam(sam))?.toLowerCase();
    return (await emulator.state()).users.find((user) => user.email.toLowerCase() === email);
  }

  const warningsOf = (summary: { warnings: RunWarning[] }, code: RunWarning['code']): RunWarning[] => summary.warnings.filter((w) => w.code === code);

  it('the default mapping should send extensionAttribute1-15 from the extended schema under their own names', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const withExtensions = sampleOrg.users.filter((user) => Object.keys(user).some((key) => /^extensionAttribute\d+$/.test(key)));
    expect(withExtensions.map((user) => user.sAMAccountName)).to.include.members(['alice.johnson', 'bob.smith', 'david.chen', 'kate.bishop']);
    const sent = new Map((await emulator.state()).users.map((user) => [user.email.toLowerCase(), user]));
    for (const fixture of sampleOrg.users) {
      const email = expectedEmail(fixture)?.toLowerCase();
      const payload = email ? sent.get(email) : undefined;
      if (!payload) continue;
      const expected = Object.fromEntries(Object.entries(fixture).filter(([key]) => /^extensionAttribute\d+$/.test(key)));
      if (Object.keys(expected).length === 0) expect(payload, fixture.sAMAccountName).to.not.have.property('customAttributes');
      else expect(payload.customAttributes, fixture.sAMAccountName).to.deep.equal(expected);
    }
  });

  it('set-mapping should check names in the schema, store its spelling, and the next sync (full, saying why) should send the mapped fields', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const mapping = await agentData(configDir, 'set-mapping', {
      customAttributes: ['contosocostcenter=costCenter', 'extensionAttribute1=pronouns'],
      fieldOverrides: ['EXTENSIONATTRIBUTE2=department'],
    });
    expect(mapping).to.deep.include({
      customAttributes: { costCenter: 'contosoCostCenter', pronouns: 'extensionAttribute1' },
      fieldOverrides: { department: 'extensionAttribute2' },
      checked: true,
      defaultCustomAttributes: false,
    });
    expect(mapping.attributes).to.deep.include({ name: 'contosoCostCenter', syntax: 'Unicode string', singleValued: true });
    expect((await agentData(configDir, 'get-config')).mapping).to.deep.equal({
      customAttributes: { costCenter: 'contosoCostCenter', pronouns: 'extensionAttribute1' },
      fieldOverrides: { department: 'extensionAttribute2' },
    });

    const summary = await agentData(configDir, 'sync');
    expect(summary).to.deep.include({ mode: 'full', fullReason: 'the attribute mapping changed' });
    expect(summary.counts.updated).to.be.greaterThan(0);
    const alice = await sentBySam('alice.johnson');
    expect(alice!.customAttributes).to.deep.equal({ costCenter: 'CC-1100', pronouns: 'she/her' });
    expect(alice!.department).to.equal('Sales EMEA');
    expect((await sentBySam('david.chen'))!.customAttributes).to.deep.equal({ costCenter: 'CC-3100' });
    const bob = await sentBySam('bob.smith');
    expect(bob!.customAttributes).to.deep.equal({ pronouns: 'he/him' });
    expect(bob, 'department now comes from extensionAttribute2 only').to.not.have.property('department');

    // reset goes back to the defaults (and the fingerprint to the scope's alone)
    expect(await agentData(configDir, 'set-mapping', { reset: true })).to.deep.include({ defaultCustomAttributes: true, fieldOverrides: {} });
    expect((await agentData(configDir, 'sync')).fullReason).to.equal('the attribute mapping changed');
    expect((await sentBySam('alice.johnson'))!.customAttributes).to.deep.equal({ extensionAttribute1: 'she/her', extensionAttribute2: 'Sales EMEA' });
  });

  it('set-mapping should refuse attributes the schema lacks or that hold bytes, with nothing saved', async () => {
    const configDir = await configured();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ customAttributes: ['extensionAttribute99=x', 'contosoCostCentre=y'] }, /Not in the directory schema: extensionAttribute99, contosoCostCentre/],
      [{ customAttributes: ['thumbnailPhoto=picture'] }, /Binary attributes cannot be text fields: thumbnailPhoto \(octet string\)/],
      [{ fieldOverrides: ['objectSid=employeeId'] }, /objectSid \(SID\)/],
    ];
    for (const [params, message] of cases) {
      const run = await runAgent(configDir, 'set-mapping', params);
      expect(run.exitCode, JSON.stringify(params)).to.equal(2);
      expect(!run.result.ok && run.result.error).to.deep.include({ code: 'BAD_REQUEST' });
      expect(!run.result.ok && run.result.error.message).to.match(message);
    }
    expect((await agentData(configDir, 'get-config')).mapping).to.equal(undefined);
  });

  it('should use the UPN as the email only when allowUpnAsEmail is set', async () => {
    const configDir = await configured();
    const upnOnly = sampleOrg.users.filter((user) => !user.disabled && expectedEmail(user) === undefined && typeof user.userPrincipalName === 'string');
    expect(upnOnly.map((user) => user.sAMAccountName)).to.include.members(['fiona.gallagher', 'laura.palmer', 'rachel.green', 'svc-s365']);
    const first = await agentData(configDir, 'sync');
    const emails = async (): Promise<Set<string>> => new Set((await emulator.state()).users.map((user) => user.email.toLowerCase()));
    for (const user of upnOnly) expect((await emails()).has(String(user.userPrincipalName).toLowerCase())).to.equal(false);
    expect(first.counts.skippedNoEmail).to.be.at.least(upnOnly.length);

    expect(await agentData(configDir, 'set-mapping', { allowUpnAsEmail: true })).to.deep.include({ allowUpnAsEmail: true, checked: false });
    const second = await agentData(configDir, 'sync');
    expect(second.counts.added).to.equal(upnOnly.length);
    expect(second.counts.skippedNoEmail).to.equal(first.counts.skippedNoEmail - upnOnly.length);
    const now = await emails();
    for (const user of upnOnly) expect(now.has(String(user.userPrincipalName).toLowerCase()), user.sAMAccountName).to.equal(true);
  });

  it('a photo over 100 KiB should be reported and left out, the user sent; photos under the limit are sent', async () => {
    const configDir = await configured();
    const summary = await agentData(configDir, 'sync');
    const quentin = userBySam('quentin.blake');
    const tooLarge = warningsOf(summary, 'PHOTO_TOO_LARGE');
    expect(tooLarge).to.have.length(1);
    expect(tooLarge[0]).to.deep.include({ email: expectedEmail(quentin), dn: dnOf(quentin, dc.baseDn) });
    expect(tooLarge[0]!.message).to.match(/thumbnailPhoto is 16\d{4} bytes, over the 102400 bytes/);
    const sent = await sentBySam('quentin.blake');
    expect(sent, 'sent without the photo').to.deep.include({ jobTitle: 'Illustrator' }).and.not.have.property('photo');
    expect((await sentBySam('alice.johnson'))!.photo?.sha256).to.equal(photoSha256(userBySam('alice.johnson')));
    expect(summary.counts.rejected).to.equal(0);

    // Nothing changed: a full sync sends nothing again and reports the photo again.
    const again = await agentData(configDir, 'sync', { mode: 'full' });
    expect(again.counts).to.deep.include({ added: 0, updated: 0 });
    expect(warningsOf(again, 'PHOTO_TOO_LARGE').map((w) => w.objectGuid)).to.deep.equal([tooLarge[0]!.objectGuid]);
  });

  it('managers: out of scope or a contact resolve to their email; a non-user and a mail-less manager are reported', async () => {
    const configDir = await configured();
    const diana = dnOf(userBySam('diana.prince'), dc.baseDn);
    const ethan = dnOf(userBySam('ethan.hunt'), dc.baseDn);
    const george = dnOf(userBySam('george.lucas'), dc.baseDn);
    const alice = dnOf(userBySam('alice.johnson'), dc.baseDn);
    const hannah = dnOf(userBySam('hannah.baker'), dc.baseDn);
    try {
      // A manager DN that is no user or contact (here a group; in a forest, one in another domain).
      await admin.replace(diana, 'manager', `CN=Empty Group,OU=Groups,OU=Contoso,${dc.baseDn}`);
      await admin.replace(ethan, 'manager', dnOf(userBySam('rachel.green'), dc.baseDn));
      await admin.replace(george, 'manager', `CN=External PR Agency,OU=Marketing,OU=Contoso,${dc.baseDn}`);
      await admin.replace(dnOf(userBySam('ian.wright'), dc.baseDn), 'manager', hannah);
      const summary = await agentData(configDir, 'sync');
      expect(warningsOf(summary, 'MANAGER_NOT_FOUND').map((w) => w.dn)).to.deep.equal([diana]);
      expect(warningsOf(summary, 'MANAGER_NO_EMAIL').map((w) => w.dn)).to.deep.equal([ethan]);
      expect(warningsOf(summary, 'MANAGER_NOT_FOUND')[0]!.email).to.equal(expectedEmail(userBySam('diana.prince')));
      expect(await sentBySam('diana.prince')).to.not.have.property('managerEmail');
      expect(await sentBySam('ethan.hunt')).to.not.have.property('managerEmail');
      expect((await sentBySam('george.lucas'))!.managerEmail).to.equal('pr@fabrikam.example');
      // hannah.baker is disabled, so out of scope: still her email.
      expect((await sentBySam('ian.wright'))!.managerEmail).to.equal(expectedEmail(userBySam('hannah.baker')));
    } finally {
      await admin.replace(diana, 'manager', alice);
      await admin.replace(ethan, 'manager', alice);
      await admin.replace(george, 'manager', []);
      await admin.replace(dnOf(userBySam('ian.wright'), dc.baseDn), 'manager', alice);
    }
  });

  it('a duplicate email should hold both users back, keep them as they were if synced before, and judge them again when one changes', async () => {
    const configDir = await configured();
    const sam = userBySam('sam.taylor');
    const samantha = userBySam('samantha.taylor');
    const samDn = dnOf(sam, dc.baseDn);
    const samanthaDn = dnOf(samantha, dc.baseDn);

    const first = await agentData(configDir, 'sync');
    expect(first.counts.emailConflicts).to.equal(2);
    const conflicts = warningsOf(first, 'EMAIL_CONFLICT');
    expect(conflicts.map((w) => w.dn).sort()).to.deep.equal([samDn, samanthaDn].sort());
    expect(conflicts.find((w) => w.dn === samDn)!.message).to.contain(samanthaDn);
    expect(conflicts.find((w) => w.dn === samDn)!.conflictsWith!.map((c) => c.dn)).to.deep.equal([samanthaDn]);
    const sentEmails = (await emulator.state()).users.map((user) => user.email.toLowerCase());
    expect(sentEmails).to.not.include('sam.taylor@contoso.com');
    expect((await emulator.state()).users.map((user) => user.displayName)).to.not.include.members(['Sam Taylor', 'Samantha Taylor']);

    try {
      // Fixed in the directory: the delta sees a party of the conflict change, goes full, sends both.
      await admin.replace(samanthaDn, 'mail', 'samantha.taylor@contoso.com');
      const fixed = await agentData(configDir, 'sync');
      expect(fixed).to.deep.include({ mode: 'full', fullReason: 'a user of an email conflict changed' });
      expect(warningsOf(fixed, 'EMAIL_CONFLICT')).to.deep.equal([]);
      expect(fixed.counts.emailConflicts).to.equal(0);
      const byName = async (name: string): Promise<UserPayload | undefined> => (await emulator.state()).users.find((user) => user.displayName === name);
      expect((await byName('Samantha Taylor'))!.email).to.equal('samantha.taylor@contoso.com');
      expect((await byName('Sam Taylor'))!.jobTitle).to.equal('Accountant');

      // The duplicate comes back (and Sam changes too): neither is updated nor removed.
      await admin.replace(samanthaDn, 'mail', String(samantha.mail));
      await admin.replace(samDn, 'title', 'Senior Accountant');
      const again = await agentData(configDir, 'sync');
      expect(again.mode).to.equal('delta');
      expect(warningsOf(again, 'EMAIL_CONFLICT').map((w) => w.dn).sort()).to.deep.equal([samDn, samanthaDn].sort());
      expect(again.counts).to.deep.include({ updated: 0, removed: 0, added: 0, emailConflicts: 2 });
      expect((await byName('Samantha Taylor'))!.email).to.equal('samantha.taylor@contoso.com');
      expect((await byName('Sam Taylor'))!.jobTitle).to.equal('Accountant');

      // Nothing changed since: the delta reads neither, and still reports the conflict.
      const next = await agentData(configDir, 'sync');
      expect(next.mode).to.equal('delta');
      expect(warningsOf(next, 'EMAIL_CONFLICT').map((w) => w.dn).sort()).to.deep.equal([samDn, samanthaDn].sort());
      expect(next.counts).to.deep.include({ updated: 0, removed: 0, added: 0 });
    } finally {
      await admin.replace(samanthaDn, 'mail', String(samantha.mail));
      await admin.replace(samDn, 'title', String(sam.title));
    }
  });
});

describe('set-mapping without a directory @integration', () => {
  it('should refuse bad entries before connecting, with exit 2 and nothing saved', async () => {
    const configDir = await freshConfigDir();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ customAttributes: ['extensionAttribute1=department'] }, /'department' is a fixed payload field. To fill it from extensionAttribute1, use fieldOverrides 'extensionAttribute1=department'/],
      [{ customAttributes: ['extensionAttribute1=1st'] }, /'1st' is not a valid custom field name/],
      [{ customAttributes: ['extension Attribute1=x'] }, /is not an LDAP attribute name/],
      [{ customAttributes: ['a=x', 'b=X'] }, /the field name 'X' is given twice/],
      [{ fieldOverrides: ['extensionAttribute1'] }, /not of the form <adAttribute>=<fieldName>/],
      [{ fieldOverrides: ['mail=email'] }, /'email' is computed by the agent/],
      [{ fieldOverrides: ['extensionAttribute1=pronouns'] }, /'pronouns' is not a payload field/],
      [{ reset: true, allowUpnAsEmail: true }, /'reset' goes alone/],
    ];
    for (const [params, message] of cases) {
      const run = await runAgent(configDir, 'set-mapping', { ...params, skipTest: true });
      expect(run.exitCode, JSON.stringify(params)).to.equal(2);
      expect(!run.result.ok && run.result.error.message, JSON.stringify(params)).to.match(message);
    }
    expect((await agentData(configDir, 'get-config')).mapping).to.equal(undefined);
  });

  it('should need the directory to check names, unless skipTest', async () => {
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'set-mapping', { customAttributes: ['extensionAttribute1=pronouns'] });
    expect(!run.result.ok && run.result.error.code).to.equal('NOT_CONFIGURED');
    const saved = await agentData(configDir, 'set-mapping', { customAttributes: ['extensionAttribute1=pronouns', 'extensionAttribute2'], skipTest: true });
    expect(saved).to.deep.include({ customAttributes: { pronouns: 'extensionAttribute1', extensionAttribute2: 'extensionAttribute2' }, checked: false });
    expect(await agentData(configDir, 'get-mapping')).to.deep.include({ customAttributes: saved.customAttributes, allowUpnAsEmail: false });
  });

  it('flags and JSON should give the same mapping', async () => {
    const { runAgentRaw } = await import('./helpers/agent.js');
    const configDir = await freshConfigDir();
    const raw = await runAgentRaw(
      ['set-mapping', '--config-dir', configDir, '--custom-attributes', 'extensionAttribute1=pronouns', 'contosoCostCenter=costCenter', '--field-overrides', 'ipPhone=phone', '--allow-upn-as-email', '--skip-test', '--output', 'json'],
      '',
    );
    expect(raw.exitCode, raw.stderr).to.equal(0);
    expect(JSON.parse(raw.stdout).data).to.deep.include({
      customAttributes: { pronouns: 'extensionAttribute1', costCenter: 'contosoCostCenter' },
      fieldOverrides: { phone: 'ipPhone' },
      allowUpnAsEmail: true,
    });
  });
});
