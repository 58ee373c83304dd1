import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Signature365Client } from '../../../src/api/client.js';
import { HttpSignature365Client } from '../../../src/api/http-client.js';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/server.js';
import { ApiError } from '../../../src/protocol/errors.js';
import { StateDb } from '../../../src/state/state-db.js';
import { ApiRun } from '../../../src/sync/api-run.js';
import type { ProgressSink } from '../../../src/sync/progress.js';
import { UserUploads } from '../../../src/sync/user-uploads.js';
import { SECRET, TENANT, captureLogger, getState, guid, putTenant, rejection, reset, setFaults, user } from '../api/helpers.js';

/** The real client, counting how many upserts are in flight at once. */
function counted(client: Signature365Client): { client: Signature365Client; peak: () => number; calls: () => number } {
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const wrapped: Signature365Client = {
    whoami: () => client.whoami(),
    openRun: (...args) => client.openRun(...args),
    upsertGroups: (...args) => client.upsertGroups(...args),
    removeUsers: (...args) => client.removeUsers(...args),
    closeRun: (...args) => client.closeRun(...args),
    upsertUsers: async (...args) => {
      inFlight += 1;
      calls += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await client.upsertUsers(...args);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { client: wrapped, peak: () => peak, calls: () => calls };
}

describe('UserUploads against the emulator', function () {
  this.timeout(30_000);
  let emulator: EmulatorHandle;
  let configDir: string;
  let state: StateDb;
  let http: HttpSignature365Client;
  const progress: ProgressSink & { events: [string, number, number | undefined][] } = {
    events: [],
    report(phase, done, total) {
      this.events.push([phase, done, total]);
    },
  };

  before(async () => {
    emulator = await startEmulator({ tenant: TENANT });
  });
  after(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await reset(emulator.url);
    await putTenant(emulator.url, TENANT);
    configDir = await mkdtemp(path.join(os.tmpdir(), 's365-uploads-'));
    state = StateDb.open(configDir);
    http = new HttpSignature365Client({ apiUrl: emulator.url, secret: SECRET, logger: captureLogger().logger, timeoutMs: 5000, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 }, env: {} });
    progress.events = [];
  });
  afterEach(async () => {
    http.close();
    state.close();
    await rm(configDir, { recursive: true, force: true });
  });

  const uploadsOf = (client: Signature365Client, concurrency: number, maxItems = 3) => {
    const run = new ApiRun(() => 'full', { client, state, logger: captureLogger().logger, agentVersion: '0.1.0-test' });
    return { run, uploads: new UserUploads(run, { client, state, progress, concurrency, limits: { maxItems, maxBytes: 1_000_000 } }) };
  };
  const item = (index: number) => ({ payload: user(index), hash: `h${index}`.padEnd(64, '0'), isNew: true });

  it('should cut batches by count, open the run with the first, and confirm every user in the state', async () => {
    const { client, calls } = counted(http);
    const { run, uploads } = uploadsOf(client, 2);
    for (let index = 1; index <= 7; index += 1) await uploads.add(item(index));
    await uploads.finish();
    expect(calls()).to.equal(3);
    expect(run.runId).to.be.a('string');
    const sent = (await getState(emulator.url)).users.map((u) => u.objectGuid).sort();
    expect(sent).to.deep.equal([1, 2, 3, 4, 5, 6, 7].map(guid).sort());
    for (let index = 1; index <= 7; index += 1) expect(state.user(guid(index))?.hash).to.equal(item(index).hash);
    expect(uploads.tally.counts).to.deep.include({ added: 7, updated: 0, rejected: 0 });
    expect(uploads.count).to.equal(7);
    expect(uploads.has(guid(7))).to.equal(true);
  });

  it('should keep at most `concurrency` requests in flight, however fast users are added', async () => {
    await setFaults(emulator.url, [{ match: '/users', method: 'POST', kind: 'slow', delayMs: 150, times: 20 }]);
    const { client, peak, calls } = counted(http);
    const { uploads } = uploadsOf(client, 3, 2);
    for (let index = 1; index <= 20; index += 1) await uploads.add(item(index));
    await uploads.finish();
    expect(calls()).to.equal(10);
    expect(peak()).to.equal(3);
    expect((await getState(emulator.url)).users).to.have.length(20);
  });

  it('should stop at the first failed request: confirmed batches stay confirmed, the failed one is not, later adds throw', async () => {
    const { uploads } = uploadsOf(http, 1);
    // With one request at a time, adding user 4 sends users 1-3 and waits for their answer.
    for (let index = 1; index <= 4; index += 1) await uploads.add(item(index));
    await setFaults(emulator.url, [{ match: '/users', method: 'POST', kind: 'status', status: 500, times: 10 }]);
    await uploads.add(item(5));
    await uploads.add(item(6));
    // Adding user 7 sends users 4-6, which fails (500, retries used up): that add throws, and so does finish.
    expect(await rejection(uploads.add(item(7)))).to.be.instanceOf(ApiError);
    expect(await rejection(uploads.finish())).to.be.instanceOf(ApiError);
    expect([1, 2, 3, 4, 5, 6, 7].filter((index) => state.user(guid(index)) !== undefined)).to.deep.equal([1, 2, 3]);
    expect((await getState(emulator.url)).users.map((u) => u.objectGuid).sort()).to.deep.equal([1, 2, 3].map(guid).sort());
    expect(uploads.tally.counts.added).to.equal(3);
  });

  it('settle should wait for the batches in flight and drop the users not sent yet (a read that starts again)', async () => {
    await setFaults(emulator.url, [{ match: '/users', method: 'POST', kind: 'slow', delayMs: 200, times: 1 }]);
    const { uploads } = uploadsOf(http, 2);
    // Users 1-3 go in one (slow) request when user 4 is added; users 4-5 wait for a full batch.
    for (let index = 1; index <= 5; index += 1) await uploads.add(item(index));
    await uploads.settle();
    expect([1, 2, 3, 4, 5].map((index) => uploads.has(guid(index)))).to.deep.equal([true, true, true, false, false]);
    expect(uploads.count).to.equal(3);
    expect([1, 2, 3, 4, 5].filter((index) => state.user(guid(index)) !== undefined)).to.deep.equal([1, 2, 3]);
    await uploads.finish();
    expect((await getState(emulator.url)).users).to.have.length(3);
  });

  it('should report send-users progress only once a total is given', async () => {
    const { uploads } = uploadsOf(http, 2);
    for (let index = 1; index <= 4; index += 1) await uploads.add(item(index));
    await uploads.finish();
    expect(progress.events).to.deep.equal([]);
    uploads.reportProgress(6);
    for (let index = 5; index <= 6; index += 1) await uploads.add(item(index));
    await uploads.finish();
    expect(progress.events[0]).to.deep.equal(['send-users', 4, 6]);
    expect(progress.events.at(-1)).to.deep.equal(['send-users', 6, 6]);
  });
});
