import { inspect } from 'node:util';
import net from 'node:net';
import { expect } from 'chai';
import { HttpSignature365Client, type HttpClientOptions } from '../../../src/api/http-client.js';
import { MAX_BATCH_SIZE, MAX_PHOTO_BYTES, type UserPayload } from '../../../src/api/types.js';
import {
  AgentError,
  ApiError,
  ApiUnreachableError,
  AuthRefusedError,
  IntegrationDisabledError,
} from '../../../src/protocol/errors.js';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/server.js';
import { SECRET, TENANT, captureLogger, getState, guid, photo, putTenant, rejection, reset, setFaults, user } from './helpers.js';

const totals = { usersSent: 0, usersMatched: 0, usersUnmatched: 0, usersRejected: 0, groupsSent: 0, usersRemoved: 0 };

/** Every way an error could carry the secret to a log or a result line. */
function leakSurface(error: unknown): string {
  const e = error as AgentError;
  return [
    String(e),
    e.message,
    e.stack ?? '',
    JSON.stringify(e),
    JSON.stringify(e.details ?? null),
    inspect(e, { depth: 20, showHidden: true }),
  ].join('\n');
}

describe('api/http-client against the emulator', function () {
  this.timeout(20_000);
  let emu: EmulatorHandle;
  const clients: HttpSignature365Client[] = [];

  before(async () => {
    emu = await startEmulator({ tenant: TENANT });
  });
  after(async () => {
    for (const c of clients) c.close();
    await emu.close();
  });
  beforeEach(async () => {
    await reset(emu.url);
    await putTenant(emu.url, TENANT);
  });

  function client(extra: Partial<HttpClientOptions> = {}) {
    const log = captureLogger();
    const c = new HttpSignature365Client({
      apiUrl: emu.url,
      secret: SECRET,
      logger: log.logger,
      timeoutMs: 2000,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
      env: {},
      ...extra,
    });
    clients.push(c);
    return { c, log };
  }

  const open = (c: HttpSignature365Client) => c.openRun({ mode: 'full', agentVersion: '0.1.0-test' });
  const requestsTo = async (suffix: string) => (await getState(emu.url)).requests.filter((r) => r.path.endsWith(suffix));

  describe('whoami', () => {
    it('returns the tenant', async () => {
      const { c } = client();
      expect(await c.whoami()).to.deep.equal({ tenantId: TENANT.tenantId, tenantName: TENANT.tenantName, enabled: true });
    });

    it('maps 401 to AuthRefusedError without retrying', async () => {
      const { c } = client({ secret: 'wrong-secret-value' });
      const error = await rejection(c.whoami());
      expect(error).to.be.instanceOf(AuthRefusedError);
      expect(error.code).to.equal('AUTH_REFUSED');
      expect(error.details).to.deep.include({ status: 401, code: 'UNAUTHORIZED', attempts: 1 });
      expect(await requestsTo('/whoami')).to.have.length(1);
    });

    it('maps 403 to IntegrationDisabledError without retrying', async () => {
      await putTenant(emu.url, { enabled: false });
      const { c } = client();
      const error = await rejection(c.whoami());
      expect(error).to.be.instanceOf(IntegrationDisabledError);
      expect(error.details).to.deep.include({ status: 403, code: 'INTEGRATION_DISABLED' });
      expect(await requestsTo('/whoami')).to.have.length(1);
    });
  });

  describe('run lifecycle', () => {
    it('opens, pushes users, groups and removals, closes, and the emulator shows it all', async () => {
      const { c } = client();
      const run = await open(c);
      expect(run).to.include({ mode: 'full', status: 'open' });
      expect(run.runId).to.be.a('string');

      const users: UserPayload[] = [
        user(1, { email: 'ALICE@contoso.com' }),
        user(2, { email: 'bob@contoso.com' }),
        user(3, { email: 'carol@fabrikam.com' }),
        user(4, { photo: photo(Buffer.alloc(MAX_PHOTO_BYTES + 1, 7)) }),
        user(5, { photo: { ...photo(Buffer.from('real bytes')), sha256: 'f'.repeat(64) } }),
        user(6, { email: 'x@contoso.com', photo: photo(Buffer.from('small photo')) }),
      ];
      const { results } = await c.upsertUsers(run.runId, users, 'users-batch-1');
      expect(results.map((r) => [r.objectGuid, r.outcome])).to.deep.equal([
        [guid(1), 'matched'],
        [guid(2), 'matched'],
        [guid(3), 'unmatched'],
        [guid(4), 'rejected'],
        [guid(5), 'rejected'],
        [guid(6), 'unmatched'],
      ]);
      expect(results[3]?.reason).to.match(/too large/);
      expect(results[5]?.reason).to.equal(undefined);
      expect(results[4]?.reason).to.match(/sha256/);

      const groups = [{ objectGuid: guid(100), name: 'Sales', memberGuids: [guid(1), guid(2)] }];
      expect(await c.upsertGroups(run.runId, groups, 'groups-batch-1')).to.deep.equal({ accepted: 1 });
      expect(await c.removeUsers(run.runId, [guid(3), guid(404)], 'removals-batch-1')).to.deep.equal({ removed: 1 });

      const closeTotals = { ...totals, usersSent: 6, usersMatched: 2, usersUnmatched: 2, usersRejected: 2, groupsSent: 1, usersRemoved: 1 };
      const closed = await c.closeRun(run.runId, { status: 'succeeded', totals: closeTotals });
      expect(closed).to.deep.include({ runId: run.runId, status: 'succeeded', totals: closeTotals });
      expect(Date.parse(closed.closedAt ?? '')).to.be.greaterThan(0);

      const state = await getState(emu.url);
      expect(state.users.map((u) => u.objectGuid)).to.have.members([guid(1), guid(2), guid(6)]);
      expect(state.users.find((u) => u.objectGuid === guid(6))?.photo?.data).to.equal(Buffer.from('small photo').toString('base64'));
      expect(state.groups).to.deep.equal(groups);
      expect(state.removed).to.have.members([guid(3), guid(404)]);
      expect(state.runs).to.have.length(1);
      expect(state.runs[0]).to.deep.include({
        runId: run.runId,
        mode: 'full',
        status: 'succeeded',
        usersReceived: 6,
        usersAccepted: 4,
        usersMatched: 2,
        usersUnmatched: 2,
        usersRejected: 2,
        groupsReceived: 1,
        removalsReceived: 2,
        usersRemoved: 1,
        totals: closeTotals,
      });
      expect(state.runs[0]?.openedAt).to.equal(run.openedAt);
      expect(state.runs[0]?.closedAt).to.equal(closed.closedAt);
      expect(state.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).to.deep.equal([
        'POST /v1/runs 201',
        `POST /v1/runs/${run.runId}/users 200`,
        `POST /v1/runs/${run.runId}/groups 200`,
        `POST /v1/runs/${run.runId}/removals 200`,
        `POST /v1/runs/${run.runId}/close 200`,
      ]);
      expect(state.requests[1]?.idempotencyKey).to.equal('users-batch-1');
    });

    it('gets 409 RUN_OPEN with the open run in the details, not retried', async () => {
      const { c } = client();
      const first = await open(c);
      const error = await rejection(open(c));
      expect(error).to.be.instanceOf(ApiError);
      expect(error.status).to.equal(409);
      expect(error.details.code).to.equal('RUN_OPEN');
      expect(error.details.serverDetails.openRunId).to.equal(first.runId);
      expect(Date.parse(error.details.serverDetails.lastActivityAt)).to.be.greaterThan(0);
      expect(await requestsTo('/v1/runs')).to.have.length(2);
    });

    it('gets 409 when closing twice and 404 for an unknown run', async () => {
      const { c } = client();
      const run = await open(c);
      await c.closeRun(run.runId, { status: 'failed', totals });
      const twice = await rejection(c.closeRun(run.runId, { status: 'failed', totals }));
      expect(twice).to.be.instanceOf(ApiError);
      expect(twice.status).to.equal(409);
      expect(twice.details.code).to.equal('RUN_CLOSED');
      const late = await rejection(c.upsertUsers(run.runId, [user(1)], 'late'));
      expect(late.status).to.equal(409);
      const unknown = await rejection(c.upsertUsers('no-such-run', [user(1)], 'k'));
      expect(unknown.status).to.equal(404);
      expect(unknown.details.code).to.equal('RUN_NOT_FOUND');
    });

    it('gets 413 for more than MAX_BATCH_SIZE users, not retried', async () => {
      const { c } = client();
      const run = await open(c);
      const users = Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => user(i + 1));
      const error = await rejection(c.upsertUsers(run.runId, users, 'too-big'));
      expect(error).to.be.instanceOf(ApiError);
      expect(error.status).to.equal(413);
      expect(error.details.code).to.equal('BATCH_TOO_LARGE');
      expect(await requestsTo('/users')).to.have.length(1);
      const ok = await c.upsertUsers(run.runId, users.slice(0, MAX_BATCH_SIZE), 'just-right');
      expect(ok.results).to.have.length(MAX_BATCH_SIZE);
    });

    it('surfaces 400 field errors in ApiError details, not retried', async () => {
      const { c } = client();
      const run = await open(c);
      const bad = [user(1), { ...user(2), email: 'not-an-email', nickname: 'x' }, { ...user(3), objectGuid: 'ABC' }] as UserPayload[];
      const error = await rejection(c.upsertUsers(run.runId, bad, 'bad-batch'));
      expect(error).to.be.instanceOf(ApiError);
      expect(error.status).to.equal(400);
      expect(error.details.code).to.equal('VALIDATION_FAILED');
      expect(error.details.fields.map((f: { path: string }) => f.path)).to.have.members([
        'users[1].email',
        'users[1].nickname',
        'users[2].objectGuid',
      ]);
      expect(error.message).to.include('HTTP 400');
      expect((await getState(emu.url)).users).to.have.length(0);
      expect(await requestsTo('/users')).to.have.length(1);
    });
  });

  describe('retries', () => {
    it('honours Retry-After on 429 (measured in the emulator request log)', async () => {
      const { c, log } = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5000 } });
      await setFaults(emu.url, [{ match: '/v1/whoami', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 }]);
      await c.whoami();
      const [first, second] = await requestsTo('/whoami');
      expect(first?.status).to.equal(429);
      expect(second?.status).to.equal(200);
      expect((second?.t ?? 0) - (first?.t ?? 0)).to.be.at.least(990);
      expect(log.lines.find((l) => l.level === 'warn')?.fields).to.deep.include({ delayMs: 1000, reason: 'HTTP 429' });
    });

    it('caps Retry-After at maxDelayMs', async () => {
      const { c } = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 100 } });
      await setFaults(emu.url, [{ match: 'whoami', kind: 'status', status: 503, retryAfterSeconds: 30, times: 1 }]);
      await c.whoami();
      const [first, second] = await requestsTo('/whoami');
      expect((second?.t ?? 0) - (first?.t ?? 0)).to.be.below(1000);
    });

    it('retries 500 twice then succeeds with the same Idempotency-Key; the batch is stored once, usersReceived counts retries', async () => {
      const { c } = client();
      const run = await open(c);
      await setFaults(emu.url, [{ match: '/users$', method: 'POST', kind: 'status', status: 500, times: 2 }]);
      const users = [user(1), user(2), user(3)];
      const { results } = await c.upsertUsers(run.runId, users, 'key-500');
      expect(results).to.have.length(3);
      const state = await getState(emu.url);
      const attempts = state.requests.filter((r) => r.path.endsWith('/users'));
      expect(attempts.map((r) => r.status)).to.deep.equal([500, 500, 200]);
      expect(attempts.map((r) => r.idempotencyKey)).to.deep.equal(['key-500', 'key-500', 'key-500']);
      expect(state.users).to.have.length(3);
      expect(state.runs[0]).to.deep.include({ usersReceived: 9, usersAccepted: 3, batchesReceived: 3 });
    });

    it('replays the stored answer when a processed batch lost its response', async () => {
      const { c } = client();
      const run = await open(c);
      await setFaults(emu.url, [{ match: '/users', kind: 'status', status: 502, times: 1, phase: 'after' }]);
      const { results } = await c.upsertUsers(run.runId, [user(1, { email: 'alice@contoso.com' })], 'lost-answer');
      expect(results[0]?.outcome).to.equal('matched');
      const state = await getState(emu.url);
      expect(state.runs[0]).to.deep.include({ usersReceived: 2, usersAccepted: 1, replays: 1 });
    });

    it('gets the same run back when the answer to openRun was lost', async () => {
      const { c } = client();
      await setFaults(emu.url, [{ match: '/v1/runs', kind: 'drop', times: 1, phase: 'after' }]);
      const run = await open(c);
      const state = await getState(emu.url);
      expect(state.runs.map((r) => r.runId)).to.deep.equal([run.runId]);
      expect(state.requests.map((r) => r.status)).to.deep.equal([0, 201]);
    });

    it('retries a dropped connection', async () => {
      const { c } = client();
      const run = await open(c);
      await setFaults(emu.url, [{ match: '/groups', kind: 'drop', times: 1 }]);
      const result = await c.upsertGroups(run.runId, [{ objectGuid: guid(7), name: 'G', memberGuids: [] }], 'drop-key');
      expect(result).to.deep.equal({ accepted: 1 });
      const attempts = await requestsTo('/groups');
      expect(attempts.map((r) => [r.status, r.fault, r.idempotencyKey])).to.deep.equal([
        [0, 'drop', 'drop-key'],
        [200, undefined, 'drop-key'],
      ]);
    });

    it('retries after a response slower than the client timeout', async () => {
      const { c } = client({ timeoutMs: 300 });
      const run = await open(c);
      await setFaults(emu.url, [{ match: '/removals', kind: 'slow', delayMs: 1500, times: 1 }]);
      const result = await c.removeUsers(run.runId, [guid(1)], 'slow-key');
      expect(result).to.deep.equal({ removed: 0 });
      const attempts = await requestsTo('/removals');
      expect(attempts.map((r) => [r.status, r.fault])).to.deep.equal([
        [0, 'slow'],
        [200, undefined],
      ]);
      expect((attempts[1]?.t ?? 0) - (attempts[0]?.t ?? 0)).to.be.at.least(290);
    });

    it('gives up with ApiError after maxAttempts of 500', async () => {
      const { c, log } = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
      await setFaults(emu.url, [{ match: 'whoami', kind: 'status', status: 500, times: 100 }]);
      const error = await rejection(c.whoami());
      expect(error).to.be.instanceOf(ApiError);
      expect(error.status).to.equal(500);
      expect(error.details).to.deep.include({ attempts: 3, status: 500, code: 'INTERNAL' });
      expect(error.message).to.include('after 3 attempts');
      expect(await requestsTo('/whoami')).to.have.length(3);
      expect(log.lines.filter((l) => l.level === 'warn')).to.have.length(2);
    });

    it('gives up with ApiUnreachableError when nothing listens', async () => {
      const port = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (server.address() as net.AddressInfo).port;
          server.close(() => resolve(p));
        });
      });
      const { c } = client({ apiUrl: `http://127.0.0.1:${port}/api/agent`, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
      const error = await rejection(c.whoami());
      expect(error).to.be.instanceOf(ApiUnreachableError);
      expect(error.code).to.equal('API_UNREACHABLE');
      expect(error.details).to.deep.include({ code: 'ECONNREFUSED', attempts: 2 });
    });
  });

  describe('secret hygiene', () => {
    it('never puts the secret in errors, details or logs', async () => {
      const gathered: unknown[] = [];
      const logs: string[] = [];
      const attempt = async (options: Partial<HttpClientOptions>, call: (c: HttpSignature365Client) => Promise<unknown>) => {
        const { c, log } = client(options);
        gathered.push(await rejection(call(c)));
        logs.push(log.text());
      };
      // 401 with a wrong secret (which must not leak either).
      await attempt({ secret: `${SECRET}-wrong` }, (c) => c.whoami());
      // 500 until the client gives up.
      await setFaults(emu.url, [{ match: 'whoami', kind: 'status', status: 500, times: 4 }]);
      await attempt({}, (c) => c.whoami());
      // dropped connections until the client gives up.
      await setFaults(emu.url, [{ match: 'whoami', kind: 'drop', times: 4 }]);
      await attempt({}, (c) => c.whoami());
      // timeouts until the client gives up.
      await setFaults(emu.url, [{ match: 'whoami', kind: 'slow', delayMs: 1000, times: 4 }]);
      await attempt({ timeoutMs: 100 }, (c) => c.whoami());
      // 400 with field errors, 409, 404.
      const { c } = client();
      const run = await open(c);
      await attempt({}, (x) => x.upsertUsers(run.runId, [{ ...user(1), email: SECRET } as UserPayload], 'k1'));
      await attempt({}, (x) => open(x));
      await attempt({}, (x) => x.removeUsers('unknown-run', [guid(1)], 'k2'));
      // nothing listening.
      await attempt({ apiUrl: 'http://127.0.0.1:1/api', retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }, (x) => x.whoami());
      // retries were logged (so the log check below is not vacuous).
      expect(logs.join('')).to.include('retrying');

      expect(gathered).to.have.length(8);
      for (const error of gathered) {
        expect(error).to.be.instanceOf(AgentError);
        const surface = leakSurface(error);
        expect(surface).to.not.include(SECRET);
        expect(surface).to.not.match(/Bearer\s+sk_/);
        expect(surface).to.not.match(/authorization/i);
        expect((error as Error).cause).to.equal(undefined);
      }
      for (const text of logs) expect(text).to.not.include(SECRET);
    });

    it('keeps the secret and proxy credentials out of an inspected client', () => {
      const { c } = client({ proxy: 'http://agent:proxy-pass-123@127.0.0.1:9' });
      const dump = inspect(c, { depth: 10, showHidden: true }) + JSON.stringify(c);
      expect(dump).to.not.include(SECRET);
      expect(dump).to.not.include('proxy-pass-123');
    });
  });
});
