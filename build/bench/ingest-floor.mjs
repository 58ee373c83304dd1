// The emulator's ingest floor: the payloads the agent sent, posted in batches cut as the agent cuts
// them (src/sync/applier.ts: at most MAX_BATCH_SIZE users or 80% of MAX_REQUEST_BODY_BYTES), by a
// minimal client: open a run, post the users, post the groups, close. No mapping, no state.
import { MAX_BATCH_SIZE, MAX_REQUEST_BODY_BYTES } from '../../dist/api/types.js';

const BATCH_BYTES_TARGET = Math.floor(MAX_REQUEST_BODY_BYTES * 0.8);

/** Cuts payloads into batches by count and by bytes of their JSON, as the agent's spool does. */
export function batchesOf(payloads) {
  const batches = [];
  let batch = [];
  let bytes = 0;
  for (const payload of payloads) {
    const size = Buffer.byteLength(JSON.stringify(payload));
    if (batch.length > 0 && (batch.length >= MAX_BATCH_SIZE || bytes + size > BATCH_BYTES_TARGET)) {
      batches.push(batch);
      [batch, bytes] = [[], 0];
    }
    batch.push(payload);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Serialised request bodies, made before the clock starts: the floor is the emulator's, not JSON.stringify's. */
export function ingestBodies({ users, groups }) {
  return {
    users: batchesOf(users).map((batch) => JSON.stringify({ users: batch })),
    groups: batchesOf(groups).map((batch) => JSON.stringify({ groups: batch })),
  };
}

/** Posts the bodies in one run; resolves the wall-clock ms. */
export async function ingestOnce({ url, secret, bodies }) {
  const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  const post = async (path, body, key) => {
    const response = await fetch(url + path, { method: 'POST', headers: { ...headers, 'Idempotency-Key': key }, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const started = performance.now();
  const run = await post('/v1/runs', JSON.stringify({ mode: 'full', agentVersion: 'bench-floor' }), `floor-${started}`);
  const runPath = `/v1/runs/${encodeURIComponent(run.runId)}`;
  for (const [n, body] of bodies.users.entries()) await post(`${runPath}/users`, body, `${run.runId}:users:${n}`);
  for (const [n, body] of bodies.groups.entries()) await post(`${runPath}/groups`, body, `${run.runId}:groups:${n}`);
  await post(`${runPath}/close`, JSON.stringify({ status: 'succeeded', totals: { usersSent: 0, usersMatched: 0, usersUnmatched: 0, usersRejected: 0, groupsSent: 0, usersRemoved: 0 } }), `${run.runId}:close`);
  return performance.now() - started;
}
