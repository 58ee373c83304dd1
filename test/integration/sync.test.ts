import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { UserPayload } from '../../src/api/types.js';
import { agentData, configuredAgent, freshConfigDir, runAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { DOCUMENTED_FIELDS, expectedEmail, expectedInScope, photoSha256, sampleOrg, userBySam } from './helpers/sample-org.js';
import { REPO_ROOT, requireTestDc, type TestDc } from './helpers/test-dc.js';

describe('sync from the Samba test DC into the emulator @integration', function () {
  let dc: TestDc;
  let emulator: TestEmulator;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
  });
  after(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    await emulator?.reset();
  });

  function configured(scope: Record<string, unknown> = { all: true }, servers?: string[]): Promise<string> {
    return configuredAgent(emulator, dc, { scope, ...(servers ? { directory: { servers } } : {}) });
  }


  it('a full sync should store every in-scope user with the documented fields', async () => {
    const configDir = await configured();
    const run = await runAgent(configDir, 'sync', { mode: 'full' });
    expect(run.exitCode, run.stderr).to.equal(0);
    const state = await emulator.state();
    const expected = expectedInScope();
    const byEmail = new Map(state.users.map((user) => [user.email, user]));
    expect([...byEmail.keys()].sort()).to.deep.equal(expected.map((user) => expectedEmail(user)).sort());

    for (const fixture of expected) {
      const sent = byEmail.get(expectedEmail(fixture)!) as UserPayload & Record<string, unknown>;
      for (const [attribute, field] of DOCUMENTED_FIELDS) {
        const value = fixture[attribute];
        if (typeof value === 'string' && value.trim() !== '') expect(sent[field], `${fixture.sAMAccountName}.${field}`).to.equal(value.trim());
        else expect(sent, `${fixture.sAMAccountName}.${field}`).to.not.have.property(field);
      }
      expect(sent.objectGuid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(sent.enabled).to.equal(true);
      expect(sent.photo?.sha256, `${fixture.sAMAccountName} photo`).to.equal(photoSha256(fixture));
      const manager = fixture.manager ? userBySam(fixture.manager) : undefined;
      expect(sent.managerEmail, `${fixture.sAMAccountName} manager`).to.equal(manager ? expectedEmail(manager) : undefined);
      const secondary = (fixture.proxyAddresses ?? [])
        .filter((entry) => entry.startsWith('smtp:'))
        .map((entry) => entry.slice(5))
        .filter((address) => address.toLowerCase() !== expectedEmail(fixture)!.toLowerCase());
      expect(sent.proxyEmails ?? [], `${fixture.sAMAccountName} proxyEmails`).to.have.length(secondary.length);
    }
  });

  it('should skip disabled and mail-less users', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const sentEmails = new Set((await emulator.state()).users.map((user) => user.email.toLowerCase()));
    const skipped = sampleOrg.users.filter((user) => user.disabled || expectedEmail(user) === undefined);
    expect(skipped.length).to.be.greaterThan(3);
    for (const user of skipped) {
      const email = expectedEmail(user);
      if (email) expect(sentEmails.has(email.toLowerCase()), user.sAMAccountName).to.equal(false);
    }
  });

  it('status should report the run and its counts, matched by email against the tenant', async () => {
    const configDir = await configured();
    const summary = await agentData(configDir, 'sync');
    const status = await agentData(configDir, 'status');
    const expected = expectedInScope();
    const m365 = new Set(emulator.tenant.m365Users.map((email) => email.toLowerCase()));
    const matched = expected.filter((user) => m365.has(expectedEmail(user)!.toLowerCase())).length;
    expect(status.lastRun).to.deep.equal(summary);
    expect(status.syncedUsers).to.equal(expected.length);
    expect(summary.counts).to.deep.include({
      inScope: expected.length,
      added: expected.length,
      updated: 0,
      matched,
      unmatched: expected.length - matched,
      rejected: 0,
      removed: 0,
    });
    expect(summary.status).to.equal('succeeded');
    const run = (await emulator.state()).runs[0]!;
    expect(run).to.deep.include({ runId: summary.runId, status: 'succeeded', usersReceived: expected.length });
  });

  it('a second full sync with no change should send no user', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    const second = await agentData(configDir, 'sync', { mode: 'full' });
    expect(second.counts).to.deep.include({ added: 0, updated: 0, removed: 0, unchanged: expectedInScope().length });
    const runs = (await emulator.state()).runs;
    expect(runs).to.have.length(2);
    expect(runs[1]!.usersReceived).to.equal(0);
  });

  it('scope by group should send its direct members only', async () => {
    const configDir = await configured({ groups: ['Sales Team'] });
    await agentData(configDir, 'sync');
    const sent = (await emulator.state()).users.map((user) => user.email).sort();
    expect(sent).to.deep.equal(expectedInScope('Sales Team').map((user) => expectedEmail(user)).sort());
  });

  it('a scope group given by DN or objectGUID should resolve to the same stored group', async () => {
    const configDir = await configured({ groups: ['Sales Team'] });
    const byName = (await agentData(configDir, 'get-scope')).groups[0];
    const byGuid = await agentData(configDir, 'set-scope', { groups: [byName.objectGuid.toUpperCase()] });
    const byDn = await agentData(configDir, 'set-scope', { groups: [byName.dn] });
    expect(byGuid.groups).to.deep.equal([byName]);
    expect(byDn.groups).to.deep.equal([byName]);
  });

  it('an unknown scope group should be BAD_REQUEST with nothing saved', async () => {
    const configDir = await configured({ groups: ['Sales Team'] });
    const run = await runAgent(configDir, 'set-scope', { groups: ['No Such Group'] });
    expect(run.exitCode).to.equal(2);
    expect((await agentData(configDir, 'get-scope')).groups.map((g: { name: string }) => g.name)).to.deep.equal(['Sales Team']);
  });

  it('a wrong secret should fail the sync with exit 3 and send nothing', async () => {
    const configDir = await configured();
    await agentData(configDir, 'connect', { secret: 'wrong-secret-for-this-tenant', apiUrl: emulator.url, skipTest: true });
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode).to.equal(3);
    expect(!run.result.ok && run.result.error.code).to.equal('AUTH_REFUSED');
    expect((await emulator.state()).users).to.have.length(0);
  });

  it('a stopped DC should fail the sync with exit 4 and send nothing', async () => {
    const configDir = await configured();
    await agentData(configDir, 'set-directory', { servers: ['ldaps://127.0.0.1:1'], bindDn: dc.bindDn, bindPassword: dc.bindPassword, skipTest: true });
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode).to.equal(4);
    expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_UNREACHABLE');
    expect((await emulator.state()).runs).to.have.length(0);
    const status = await agentData(configDir, 'status');
    expect(status.lastRun).to.deep.include({ status: 'failed' });
    expect(status.lastRun.error.code).to.equal('DIRECTORY_UNREACHABLE');
  });

  it('a DC whose certificate does not verify against the configured CA: exit 4, the reason named, nothing sent', async () => {
    const configDir = await configured();
    const unrelatedCa = path.join(REPO_ROOT, 'test/fixtures/unrelated-ca.pem');
    await agentData(configDir, 'set-directory', { servers: [dc.ldapsUrl], bindDn: dc.bindDn, bindPassword: dc.bindPassword, caFile: unrelatedCa, skipTest: true });
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode, run.stderr).to.equal(4);
    expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_UNREACHABLE');
    expect(JSON.stringify(!run.result.ok && run.result.error)).to.match(/certificate/i);
    expect((await emulator.state()).runs, 'nothing sent').to.have.length(0);
    expect(run.stdout + run.stderr).to.not.contain(dc.bindPassword);
  });

  it('should fail over to the next DC when the first is down, and say so', async () => {
    const configDir = await configured({ all: true }, ['ldaps://127.0.0.1:1', dc.ldapsUrl]);
    const summary = await agentData(configDir, 'sync');
    expect(summary.directoryServer).to.equal(dc.ldapsUrl);
    expect(summary.failedOver.map((f: { server: string }) => f.server)).to.deep.equal(['ldaps://127.0.0.1:1']);
  });

  it('a wrong bind password should be DIRECTORY_ERROR, exit 4, without showing the password', async () => {
    const configDir = await freshConfigDir();
    const run = await runAgent(configDir, 'set-directory', { servers: [dc.ldapsUrl], bindDn: dc.bindDn, bindPassword: 'Wrong-Password-42', caFile: dc.caFile });
    expect(run.exitCode).to.equal(4);
    expect(!run.result.ok && run.result.error.code).to.equal('DIRECTORY_ERROR');
    expect(run.stdout + run.stderr).to.not.contain('Wrong-Password-42');
  });

  it('500s from the API that then recover should still give a complete sync', async () => {
    const configDir = await configured();
    // One upsert at a time, so the two 500s meet the first batch and its retry (a full run sends
    // up to apiConcurrency batches at once; the test below takes the default).
    await agentData(configDir, 'set-sync-settings', { apiConcurrency: 1 });
    await emulator.faults([{ match: '/users', method: 'POST', kind: 'status', status: 500, times: 2 }, { match: '/v1/runs', kind: 'drop', times: 1 }]);
    const summary = await agentData(configDir, 'sync');
    const state = await emulator.state();
    expect(state.users).to.have.length(expectedInScope().length);
    expect(summary.counts.added).to.equal(expectedInScope().length);
    // The first batch is retried under one idempotency key; the other batches (bulk users) go through once.
    const userPosts = state.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/users'));
    const batches = Math.ceil(expectedInScope().length / 500);
    expect(userPosts.map((request) => request.status)).to.deep.equal([500, 500, ...Array<number>(batches).fill(200)]);
    expect(new Set(userPosts.slice(0, 3).map((request) => request.idempotencyKey)).size).to.equal(1);
    expect(new Set(userPosts.map((request) => request.idempotencyKey)).size).to.equal(batches);
  });

  it('500s met by batches in flight at once: each batch retried under its own idempotency key, each stored once', async () => {
    const configDir = await configured();
    await emulator.faults([{ match: '/users', method: 'POST', kind: 'status', status: 500, times: 3 }]);
    const summary = await agentData(configDir, 'sync');
    const state = await emulator.state();
    expect(state.users).to.have.length(expectedInScope().length);
    expect(summary.counts.added).to.equal(expectedInScope().length);
    const userPosts = state.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/users'));
    const batches = Math.ceil(expectedInScope().length / 500);
    const byKey = new Map<string, number[]>();
    for (const post of userPosts) byKey.set(post.idempotencyKey!, [...(byKey.get(post.idempotencyKey!) ?? []), post.status]);
    expect(byKey.size, 'one idempotency key per batch').to.equal(batches);
    expect(userPosts.filter((post) => post.status === 500)).to.have.length(3);
    // Every batch ends accepted once: its 500s, then one 200, under its own key.
    for (const statuses of byKey.values()) {
      expect(statuses.at(-1)).to.equal(200);
      expect(statuses.filter((status) => status === 200)).to.have.length(1);
    }
  });

  it('should keep the secret and the bind password in secrets.json only, never in config, state, plans or logs', async () => {
    const configDir = await configured();
    await agentData(configDir, 'sync');
    await agentData(configDir, 'plan');
    const files = (await readdir(configDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).to.include.members(['config.json', 'state.db', 'agent.log']);
    for (const entry of files) {
      if (entry.name === 'secrets.json') continue;
      const text = (await readFile(path.join(entry.parentPath, entry.name))).toString('latin1');
      expect(text, entry.name).to.not.contain(emulator.tenant.secret);
      expect(text, entry.name).to.not.contain(dc.bindPassword);
    }
  });

  it('should refuse plain ldap:// unless allowed, and work with StartTLS', async () => {
    const configDir = await freshConfigDir();
    const refused = await runAgent(configDir, 'set-directory', { servers: [dc.ldapUrl], bindDn: dc.bindDn, bindPassword: dc.bindPassword });
    expect(refused.exitCode).to.equal(2);
    const startTls = await agentData(configDir, 'set-directory', { servers: [dc.ldapUrl], bindDn: dc.bindDn, bindPassword: dc.bindPassword, startTls: true, caFile: dc.caFile });
    expect(startTls.tested).to.equal(true);
  });
});
