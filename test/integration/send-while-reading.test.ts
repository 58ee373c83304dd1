import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { DirectoryAdmin } from './helpers/directory-admin.js';
import { LdapFaultProxy, LdapOp, type LdapRequest } from './helpers/ldap-fault-proxy.js';
import { compareStateWithApi, expectExactlySynced } from './helpers/outcome.js';
import { faultSuite } from './helpers/suite.js';

/** A page after the first of the full user read (its attributes include the photo; the email census's do not). */
const laterFullReadPage = (request: LdapRequest): boolean =>
  request.op === LdapOp.searchRequest && (request.pagedCookie?.length ?? 0) > 0 && request.holds('person') && request.holds('thumbnailPhoto');

/** The first page of a paged user search (the full read, or, without the photo, the census). */
const firstUserPage = (request: LdapRequest): boolean =>
  request.op === LdapOp.searchRequest && request.pagedCookie?.length === 0 && request.holds('person');

/**
 * A proxy to the DC that holds each later page of the full read back `delayMs` on its way: the read
 * then outlasts the email census by seconds, so users are sent while it goes on however fast the
 * DC answers (without it, on a 5,000-user domain the census can end with the read's last pages).
 */
function slowedFullRead(dc: Parameters<typeof LdapFaultProxy.start>[0], delayMs = 300): Promise<LdapFaultProxy> {
  return LdapFaultProxy.start(dc, (request) => (laterFullReadPage(request) ? { forward: request.raw, delayMs } : undefined));
}

/**
 * A full run sends users while it still reads the directory (docs/protocol.md, "Sending while
 * reading"), and what stops it after that leaves Signature 365 and the state agreeing, with
 * nothing removed.
 */
describe('sending while reading: a full sync overlaps its read and its upserts @integration', function () {
  this.timeout(300_000);
  const suite = faultSuite();
  let admin: DirectoryAdmin;
  /** The slowed proxies of the tests that need one (closed with the suite). */
  const proxies: LdapFaultProxy[] = [];
  before(async () => {
    admin = await DirectoryAdmin.connect(suite.dc);
  });
  after(async () => {
    for (const proxy of proxies) await proxy.close();
    await admin?.close();
  });

  it('sends the first batches before the last page of the read is asked for, and ends exactly synced', async () => {
    const { dc, emulator, figures } = suite;
    // Each later page of the full read is held back 300 ms on its way to the DC: the read takes
    // seconds longer than the upserts of its first pages.
    const forwardedAt: number[] = [];
    const proxy = await LdapFaultProxy.start(dc, (request) => {
      if (!laterFullReadPage(request)) return undefined;
      forwardedAt.push(Date.now() + 300);
      return { forward: request.raw, delayMs: 300 };
    });
    try {
      const configDir = await configuredAgent(emulator, dc, { directory: { servers: [proxy.url], allowPlainLdap: true } });
      const run = await runAgent(configDir, 'sync', { mode: 'full' });
      figures.runs += 1;
      expect(run.exitCode, `${JSON.stringify(run.result)} ${run.stderr}`).to.equal(0);
      const final = await emulator.state();
      const upserts = final.requests.filter((entry) => entry.method === 'POST' && /\/runs\/[^/]+\/users$/.test(entry.path));
      expect(forwardedAt.length, 'pages of the full read').to.be.greaterThan(3);
      expect(upserts.length, 'user batches').to.be.greaterThan(3);
      const firstUpsert = Math.min(...upserts.map((entry) => entry.t));
      const lastPage = Math.max(...forwardedAt);
      expect(firstUpsert, 'the first batch reached Signature 365 before the read asked for its last page').to.be.lessThan(lastPage);
      expect(upserts.filter((entry) => entry.t < lastPage).length, 'batches sent during the read').to.be.greaterThan(1);
      figures.add(expectExactlySynced(configDir, final));
    } finally {
      await proxy.close();
    }
  });

  it('a DC that refuses both first pages (the read and the census built at once): read again once, alone, and end exactly synced', async () => {
    const { dc, emulator, figures } = suite;
    // What Samba answered at 100,000 users when it built both results at once (docs/bench.md).
    const refused = { read: 0, census: 0 };
    let firstPages = 0;
    const proxy = await LdapFaultProxy.start(dc, (request) => {
      if (!firstUserPage(request)) return undefined;
      firstPages += 1;
      const which = request.holds('thumbnailPhoto') ? 'read' : 'census';
      if (refused[which] > 0) return undefined;
      refused[which] += 1;
      return { answer: { resultCode: 1, message: '00002020: ldb_wait: Operations error' } };
    });
    try {
      const configDir = await configuredAgent(emulator, dc, { directory: { servers: [proxy.url], allowPlainLdap: true } });
      const run = await runAgent(configDir, 'sync', { mode: 'full' });
      figures.runs += 1;
      expect(run.exitCode, `${JSON.stringify(run.result)} ${run.stderr}`).to.equal(0);
      expect(refused, 'both first pages refused once').to.deep.equal({ read: 1, census: 1 });
      expect(firstPages, 'the read and the census asked again').to.be.greaterThanOrEqual(4);
      figures.add(expectExactlySynced(configDir, await emulator.state()));
      const log = await readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8');
      expect(log).to.contain('refused the first page of the read').and.contain('The email census failed');
    } finally {
      await proxy.close();
    }
  });

  it('a guard tripped after users were sent: exit 6, nothing removed, the state records exactly what Signature 365 confirmed, the run closed failed', async () => {
    const { dc, emulator, figures } = suite;
    const proxy = await slowedFullRead(dc);
    proxies.push(proxy);
    const configDir = await configuredAgent(emulator, dc, { directory: { servers: [proxy.url], allowPlainLdap: true } });
    await agentData(configDir, 'sync');
    // Every user changes (a new mapping makes the run full, and sends `description` from
    // sAMAccountName), and one removal is one too many.
    await agentData(configDir, 'set-mapping', { fieldOverrides: ['sAMAccountName=description'] });
    await agentData(configDir, 'set-sync-settings', { maxRemovals: 0 });
    const bobDn = `CN=Bob Smith,OU=Sales,OU=Contoso,${dc.baseDn}`;
    const leaving = (await emulator.state()).users.find((user) => user.email.toLowerCase().startsWith('bob.smith@'));
    expect(leaving, 'bob.smith was synced').to.not.equal(undefined);
    await admin.replace(bobDn, 'userAccountControl', '514');
    try {
      const before = await emulator.state();

      const tripped = await runAgent(configDir, 'sync');
      figures.runs += 1;
      expect(tripped.exitCode, `${JSON.stringify(tripped.result)} ${tripped.stderr}`).to.equal(6);
      if (tripped.result.ok) throw new Error('expected the guard to trip');
      expect(tripped.result.error.code).to.equal('GUARD_TRIPPED');
      const after = await emulator.state();
      expect(after.removed, 'nothing removed').to.deep.equal(before.removed);
      const updated = after.users.filter((user) => before.users.find((b) => b.objectGuid === user.objectGuid)?.description !== user.description);
      expect(updated.length, 'users sent while reading, before the guard tripped').to.be.greaterThan(500);
      expect(compareStateWithApi(configDir, after)).to.deep.include({ integrity: 'ok', notHeldAsRecorded: 0 });
      const lastRun = after.runs.at(-1)!;
      expect(lastRun.status, 'the run closed as failed').to.equal('failed');
      const history = (await agentData(configDir, 'status')).lastRun;
      expect(history).to.deep.include({ status: 'failed' });
      expect(history.error.code).to.equal('GUARD_TRIPPED');
      expect(history.counts.updated, 'the failed run says what it sent').to.equal(updated.length);
      expect(history.counts.removed).to.equal(0);

      // Accepted: the next run removes bob.smith and sends only what Signature 365 does not have yet.
      const allowed = await agentData(configDir, 'sync', { allowRemovals: 1 });
      figures.runs += 1;
      expect(allowed).to.deep.include({ mode: 'full' });
      expect(allowed.counts.removed).to.equal(1);
      expect(allowed.counts.updated + allowed.counts.added, 'only the users not sent before').to.equal(before.users.length - 1 - updated.length);
      const final = await emulator.state();
      expect(final.removed).to.include(leaving!.objectGuid);
    } finally {
      await admin.replace(bobDn, 'userAccountControl', '512');
    }
  });

  it('the deletion guard judges removals against the users synced before the run, not those it sent while reading', async () => {
    const { dc, emulator, figures } = suite;
    const proxy = await slowedFullRead(dc);
    proxies.push(proxy);
    const configDir = await configuredAgent(emulator, dc, { scope: { groups: ['Sales Team'] }, directory: { servers: [proxy.url], allowPlainLdap: true } });
    const first = await agentData(configDir, 'sync');
    const sales = first.counts.added as number;
    expect(sales, 'Sales Team users synced').to.be.greaterThan(0);
    // Everyone but Sales Team: thousands sent while reading, every Sales Team user removed. Against
    // the users synced before (Sales Team alone) that is 100%; against the state after the read it
    // would look like well under 10%.
    await agentData(configDir, 'set-sync-settings', { removalGuardMinCount: 0 });
    await agentData(configDir, 'set-scope', { all: true, excludeGroups: ['Sales Team'] });
    const tripped = await runAgent(configDir, 'sync');
    figures.runs += 1;
    expect(tripped.exitCode, `${JSON.stringify(tripped.result)} ${tripped.stderr}`).to.equal(6);
    if (tripped.result.ok) throw new Error('expected the guard to trip');
    expect(tripped.result.error.details).to.deep.include({ tripped: true, removals: sales, syncedBefore: sales, rule: 'share' });
    const warnings = (await readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8')).split('\n').filter((line) => line.includes('"warn"'));
    expect((await agentData(configDir, 'status')).lastRun.counts.added, `users were sent while reading (warnings: ${warnings.join(' | ')})`).to.be.greaterThan(500);
    const allowed = await agentData(configDir, 'sync', { allowRemovals: sales });
    figures.runs += 1;
    expect(allowed.counts.removed).to.equal(sales);
  });
});
