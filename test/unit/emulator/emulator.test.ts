/** The emulator spoken to directly over HTTP (fetch), without the agent's client. */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/server.js';
import { FaultSet, parseFaultRules } from '../../../src/emulator/faults.js';
import { defaultStateFile } from '../../../src/emulator/tenant-store.js';
import { SECRET, TENANT, api, getState, guid, putTenant, reset, setFaults, user } from '../api/helpers.js';

const totals = { usersSent: 0, usersMatched: 0, usersUnmatched: 0, usersRejected: 0, groupsSent: 0, usersRemoved: 0 };
const openBody = { mode: 'delta', agentVersion: '1.0.0' };

describe('emulator', function () {
  this.timeout(20_000);

  describe('API semantics', () => {
    let emu: EmulatorHandle;
    let clock = Date.parse('2025-06-01T08:00:00Z');
    before(async () => {
      emu = await startEmulator({ tenant: TENANT, now: () => clock, runIdleTimeoutSeconds: 60, maxBodyBytes: 64 * 1024 });
    });
    after(() => emu.close());
    beforeEach(async () => {
      await reset(emu.url);
      await putTenant(emu.url, TENANT);
    });

    async function openRun(): Promise<string> {
      const response = await api(emu.url, 'POST', '/v1/runs', openBody);
      expect(response.status).to.equal(201);
      return response.body.runId as string;
    }

    it('needs the bearer secret', async () => {
      const missing = await api(emu.url, 'GET', '/v1/whoami', undefined, { authorization: '' });
      expect(missing.status).to.equal(401);
      expect(missing.body.error.code).to.equal('UNAUTHORIZED');
      const wrong = await api(emu.url, 'GET', '/v1/whoami', undefined, { authorization: `Bearer ${SECRET}x` });
      expect(wrong.status).to.equal(401);
      const basic = await api(emu.url, 'GET', '/v1/whoami', undefined, { authorization: `Basic ${SECRET}` });
      expect(basic.status).to.equal(401);
      expect((await api(emu.url, 'GET', '/v1/whoami', undefined, { authorization: `bearer ${SECRET}` })).status).to.equal(200);
    });

    it('answers 403 on every endpoint when the integration is disabled', async () => {
      const runId = await openRun();
      await putTenant(emu.url, { enabled: false });
      expect((await api(emu.url, 'GET', '/v1/whoami')).status).to.equal(403);
      const batch = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [] }, { 'idempotency-key': 'k' });
      expect(batch.status).to.equal(403);
      expect(batch.body.error.code).to.equal('INTEGRATION_DISABLED');
    });

    it('answers 404 and 405 with an error body', async () => {
      const notFound = await api(emu.url, 'GET', '/v1/nothing');
      expect(notFound.status).to.equal(404);
      expect(notFound.body.error.code).to.equal('NOT_FOUND');
      const wrongMethod = await api(emu.url, 'GET', '/v1/runs');
      expect(wrongMethod.status).to.equal(405);
      expect(wrongMethod.headers.get('allow')).to.equal('POST');
    });

    it('requires an Idempotency-Key on batches and replays a repeated one', async () => {
      const runId = await openRun();
      const body = { users: [user(1, { email: 'alice@contoso.com' })] };
      const noKey = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, body);
      expect(noKey.status).to.equal(400);
      expect(noKey.body.error.fields).to.deep.equal([{ path: 'Idempotency-Key', message: 'header is required' }]);

      const first = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, body, { 'idempotency-key': 'b1' });
      // The tenant changes, but a replay must give the first answer, not a new soft match.
      await putTenant(emu.url, { m365Users: [] });
      const again = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, body, { 'idempotency-key': 'b1' });
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(first.body);
      expect(again.body.results[0].outcome).to.equal('matched');

      const reused = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [user(2)] }, { 'idempotency-key': 'b1' });
      expect(reused.status).to.equal(422);
      expect(reused.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');

      // Every batch that reached the run counts as received, the refused ones too.
      const run = (await getState(emu.url)).runs[0];
      expect(run).to.deep.include({ usersReceived: 4, usersAccepted: 1, usersMatched: 1, replays: 1, batchesReceived: 4 });
    });

    it('enforces the batch size and the body size with 413', async () => {
      const runId = await openRun();
      const guids = Array.from({ length: 501 }, (_, i) => guid(i));
      const tooMany = await api(emu.url, 'POST', `/v1/runs/${runId}/removals`, { objectGuids: guids }, { 'idempotency-key': 'r' });
      expect(tooMany.status).to.equal(413);
      expect(tooMany.body.error.code).to.equal('BATCH_TOO_LARGE');
      const huge = { users: [user(1, { description: 'x'.repeat(70 * 1024) })] };
      const tooBig = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, huge, { 'idempotency-key': 'h' });
      expect(tooBig.status).to.equal(413);
      expect(tooBig.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('refuses malformed JSON and non-JSON bodies', async () => {
      const runId = await openRun();
      const bad = await api(emu.url, 'POST', `/v1/runs/${runId}/groups`, '{"groups": [', { 'idempotency-key': 'g' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('INVALID_JSON');
      const form = await api(emu.url, 'POST', `/v1/runs/${runId}/groups`, 'a=b', {
        'idempotency-key': 'g2',
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(form.status).to.equal(415);
    });

    it('expires an open run idle past the timeout, so a new one can open', async () => {
      const runId = await openRun();
      clock += 30_000;
      const busy = await api(emu.url, 'POST', '/v1/runs', openBody);
      expect(busy.status).to.equal(409);
      expect(busy.body.error.code).to.equal('RUN_OPEN');
      expect(busy.body.error.details).to.deep.include({ openRunId: runId, lastActivityAt: '2025-06-01T08:00:00.000Z' });
      expect(busy.body.error.details.expiresAt).to.equal('2025-06-01T08:01:00.000Z');

      // Activity keeps it alive.
      await api(emu.url, 'POST', `/v1/runs/${runId}/groups`, { groups: [] }, { 'idempotency-key': 'keepalive' });
      clock += 45_000;
      expect((await api(emu.url, 'POST', '/v1/runs', openBody)).status).to.equal(409);

      clock += 61_000;
      const late = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [user(1)] }, { 'idempotency-key': 'late' });
      expect(late.status).to.equal(409);
      expect(late.body.error).to.deep.include({ code: 'RUN_CLOSED' });
      expect(late.body.error.details.status).to.equal('expired');
      const next = await api(emu.url, 'POST', '/v1/runs', openBody);
      expect(next.status).to.equal(201);
      const runs = (await getState(emu.url)).runs;
      expect(runs.map((r) => r.status)).to.deep.equal(['expired', 'open']);
      // Closed at its last activity (08:00:30) plus the 60 s timeout.
      expect(runs[0]?.closedAt).to.equal('2025-06-01T08:01:30.000Z');
    });

    it('replays an openRun and a close sent again with the same key', async () => {
      const first = await api(emu.url, 'POST', '/v1/runs', openBody, { 'idempotency-key': 'open-1' });
      const again = await api(emu.url, 'POST', '/v1/runs', openBody, { 'idempotency-key': 'open-1' });
      expect(again.status).to.equal(201);
      expect(again.body.runId).to.equal(first.body.runId);
      const runId = first.body.runId as string;
      const close = { status: 'succeeded', totals };
      const closed = await api(emu.url, 'POST', `/v1/runs/${runId}/close`, close, { 'idempotency-key': 'close-1' });
      expect(closed.status).to.equal(200);
      expect(closed.body).to.deep.include({ runId, status: 'succeeded', totals });
      expect((await api(emu.url, 'POST', `/v1/runs/${runId}/close`, close, { 'idempotency-key': 'close-1' })).body).to.deep.equal(closed.body);
      const twice = await api(emu.url, 'POST', `/v1/runs/${runId}/close`, close);
      expect(twice.status).to.equal(409);
    });

    it('validates the close body', async () => {
      const runId = await openRun();
      const bad = await api(emu.url, 'POST', `/v1/runs/${runId}/close`, { status: 'ok' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path)).to.deep.equal(['status', 'totals']);
    });

    it('removes users: counts those that existed, records every guid, and an upsert brings one back', async () => {
      const runId = await openRun();
      await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [user(1), user(2)] }, { 'idempotency-key': 'u' });
      const removal = await api(emu.url, 'POST', `/v1/runs/${runId}/removals`, { objectGuids: [guid(1), guid(3)] }, { 'idempotency-key': 'r' });
      expect(removal.body).to.deep.equal({ removed: 1 });
      let state = await getState(emu.url);
      expect(state.users.map((u) => u.objectGuid)).to.deep.equal([guid(2)]);
      expect(state.removed).to.deep.equal([guid(1), guid(3)]);
      await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [user(1, { displayName: 'Back' })] }, { 'idempotency-key': 'u2' });
      state = await getState(emu.url);
      expect(state.removed).to.deep.equal([guid(3)]);
      expect(state.users.find((u) => u.objectGuid === guid(1))?.displayName).to.equal('Back');
    });

    it('applies faults by substring or regex, method, count and phase', async () => {
      await setFaults(emu.url, [
        { match: '^/v1/who', method: 'POST', kind: 'status', status: 500, times: 1 },
        { match: 'whoami', kind: 'status', status: 503, retryAfterSeconds: 2, times: 2 },
      ]);
      const first = await api(emu.url, 'GET', '/v1/whoami');
      expect(first.status).to.equal(503);
      expect(first.headers.get('retry-after')).to.equal('2');
      expect(first.body.error.code).to.equal('UNAVAILABLE');
      expect((await api(emu.url, 'GET', '/v1/whoami')).status).to.equal(503);
      expect((await api(emu.url, 'GET', '/v1/whoami')).status).to.equal(200);
      const state = await getState(emu.url);
      expect(state.faults).to.have.length(1);
      expect(state.requests.map((r) => [r.status, r.fault ?? null])).to.deep.equal([
        [503, 'status'],
        [503, 'status'],
        [200, null],
      ]);
      expect((await fetch(`${emu.url}/_emulator/faults`, { method: 'DELETE' })).status).to.equal(200);
      expect((await getState(emu.url)).faults).to.deep.equal([]);
      const invalid = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify([{ kind: 'boom' }]) });
      expect(invalid.status).to.equal(400);
    });

    it('parses and consumes fault rules', () => {
      const { rules, errors } = parseFaultRules([
        { match: '/users', kind: 'slow', delayMs: 10, times: 2 },
        { match: 'x', kind: 'status' },
        { kind: 'slow', extra: 1 },
      ]);
      expect(errors.map((e) => e.path)).to.deep.equal(['[2].extra', '[2].match', '[2].delayMs']);
      expect(rules[1]).to.deep.equal({ match: 'x', kind: 'status', status: 500, times: 1 });
      const set = new FaultSet();
      set.add(rules);
      expect(set.take('POST', '/v1/runs/1/users')?.kind).to.equal('slow');
      expect(set.take('POST', '/v1/runs/1/users')?.kind).to.equal('slow');
      expect(set.take('POST', '/v1/runs/1/users')).to.equal(undefined);
      expect(set.take('GET', '/x')?.status).to.equal(500);
      expect(set.list()).to.deep.equal([]);
    });

    it('shows the tenant without its secret and keeps it through reset', async () => {
      await putTenant(emu.url, { tenantName: 'Fabrikam' });
      await reset(emu.url);
      const state = await getState(emu.url);
      expect(state.tenant).to.deep.include({ tenantName: 'Fabrikam', enabled: true });
      expect(JSON.stringify(state)).to.not.include(SECRET);
      const bad = await fetch(`${emu.url}/_emulator/tenant`, { method: 'PUT', body: JSON.stringify({ enabled: 'yes' }) });
      expect(bad.status).to.equal(400);
    });
  });

  describe('persistence', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 's365-emu-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes the state file next to the tenant file and reloads it on start', async () => {
      const tenantFile = join(dir, 'contoso.json');
      writeFileSync(tenantFile, JSON.stringify(TENANT));
      let emu = await startEmulator({ tenantFile });
      expect(emu.stateFile).to.equal(join(dir, 'contoso.state.json'));
      expect(defaultStateFile('/x/y/tenant')).to.equal('/x/y/tenant.state.json');
      const opened = await api(emu.url, 'POST', '/v1/runs', openBody);
      const runId = opened.body.runId as string;
      await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [user(1), user(2)] }, { 'idempotency-key': 'p1' });
      await api(emu.url, 'POST', `/v1/runs/${runId}/groups`, { groups: [{ objectGuid: guid(9), name: 'G', memberGuids: [guid(1)] }] }, {
        'idempotency-key': 'p2',
      });
      await api(emu.url, 'POST', `/v1/runs/${runId}/removals`, { objectGuids: [guid(2)] }, { 'idempotency-key': 'p3' });
      await emu.close();

      const onDisk = JSON.parse(readFileSync(emu.stateFile ?? '', 'utf8'));
      expect(Object.keys(onDisk.users)).to.deep.equal([guid(1)]);
      expect(readdirSync(dir).sort()).to.deep.equal(['contoso.json', 'contoso.state.json']);

      emu = await startEmulator({ tenantFile });
      try {
        const state = await getState(emu.url);
        expect(state.users.map((u) => u.objectGuid)).to.deep.equal([guid(1)]);
        expect(state.groups.map((g) => g.objectGuid)).to.deep.equal([guid(9)]);
        expect(state.removed).to.deep.equal([guid(2)]);
        expect(state.runs.map((r) => [r.runId, r.status, r.usersReceived])).to.deep.equal([[runId, 'open', 2]]);
        // The idempotency record survived the restart too.
        const replay = await api(emu.url, 'POST', `/v1/runs/${runId}/users`, { users: [user(1), user(2)] }, { 'idempotency-key': 'p1' });
        expect(replay.status).to.equal(200);
        expect((await getState(emu.url)).runs[0]?.replays).to.equal(1);
      } finally {
        await emu.close();
      }
    });

    /** Runs the emulator's CLI with these flags, calls `use` with its URL, then stops it; resolves with its exit code. */
    async function runCli(flags: string[], use: (url: string) => Promise<void>): Promise<number | null> {
      const here = dirname(fileURLToPath(import.meta.url));
      const main = join(here, '../../../src/emulator/main.js');
      const child = spawn(process.execPath, [main, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('\n')) resolve(out);
          });
          child.on('exit', () => reject(new Error(`exited early: ${out}`)));
        });
        expect(line).to.match(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
        await use(line.trim().replace('listening on ', ''));
      } finally {
        child.kill('SIGTERM');
      }
      return exited;
    }

    it('runs as a CLI: prints the listening line, serves, and exits 0 on SIGTERM with the state written', async () => {
      const tenantFile = join(dir, 'tenant.json');
      const stateFile = join(dir, 'custom-state.json');
      writeFileSync(tenantFile, JSON.stringify(TENANT));
      const code = await runCli(['--tenant-file', tenantFile, '--state-file', stateFile], async (url) => {
        expect((await api(url, 'GET', '/v1/whoami')).body.tenantName).to.equal(TENANT.tenantName);
        expect((await api(url, 'POST', '/v1/runs', openBody)).status).to.equal(201);
      });
      expect(code).to.equal(0);
      expect(existsSync(stateFile)).to.equal(true);
      expect(JSON.parse(readFileSync(stateFile, 'utf8')).runs).to.have.length(1);
    });

    it('keeps its state in memory only with --in-memory (the benchmark\'s mode): no state file, before or after SIGTERM', async () => {
      const sub = join(dir, 'in-memory');
      mkdirSync(sub);
      const tenantFile = join(sub, 'tenant.json');
      writeFileSync(tenantFile, JSON.stringify(TENANT));
      const code = await runCli(['--tenant-file', tenantFile, '--in-memory'], async (url) => {
        const opened = await api(url, 'POST', '/v1/runs', openBody);
        expect(opened.status).to.equal(201);
        expect((await api(url, 'POST', `/v1/runs/${opened.body.runId}/users`, { users: [user(1)] }, { 'idempotency-key': 'm1' })).status).to.equal(200);
        expect((await getState(url)).users.map((u) => u.objectGuid)).to.deep.equal([guid(1)]);
        expect(readdirSync(sub)).to.deep.equal(['tenant.json']);
      });
      expect(code).to.equal(0);
      expect(readdirSync(sub)).to.deep.equal(['tenant.json']);
    });

    it('refuses a bad tenant file', async () => {
      const tenantFile = join(dir, 'bad.json');
      writeFileSync(tenantFile, JSON.stringify({ tenantId: 't' }));
      const error = await startEmulator({ tenantFile }).catch((e: unknown) => e as Error);
      expect(String(error)).to.match(/invalid tenant file .*tenantName/);
    });
  });
});
