import { createHash } from 'node:crypto';
import type { UserPayload } from '../api/types.js';
import type { DirectorySource, ResolvedScope } from '../directory/model.js';
import { emptyCounts, type RunCounts } from '../state/run-summary.js';
import type { StateDb } from '../state/state-db.js';
import { ManagerResolver } from './manager-resolver.js';
import { hashPayload } from './payload-hash.js';
import type { ProgressSink } from './progress.js';
import type { ModeDecision } from './sync-mode.js';
import { Spool } from './spool.js';
import { mapUser } from './user-mapping.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Everything a run would do, computed before anything is sent. */
export interface Plan {
  decision: ModeDecision;
  /** The upserts, on disk. */
  spool: Spool;
  adds: { objectGuid: string; email: string; displayName?: string }[];
  updates: { objectGuid: string; email: string; changes: FieldChange[] }[];
  removals: { objectGuid: string; email: string }[];
  counts: RunCounts;
  /** The state generation the plan was computed against. */
  stateGeneration: number;
  /** Identifies the plan's operations: the same directory and state give the same hash. */
  planHash: string;
}

export interface PlanInputs {
  directory: DirectorySource;
  state: StateDb;
  scope: ResolvedScope;
  decision: ModeDecision;
  /** For delta: the watermark USN to read above. */
  watermarkUsn?: string;
  spoolDir: string;
  progress: ProgressSink;
}

/** The payload as it is kept in the state and compared in plans: the photo without its bytes. */
export function storedForm(payload: UserPayload): Record<string, unknown> {
  const { photo, ...rest } = payload;
  return photo ? { ...rest, photo: { contentType: photo.contentType, sha256: photo.sha256 } } : rest;
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * Reads the directory (all of the scope, or what changed since the watermark), maps and hashes
 * each user, and diffs against the state: changed users go to the spool, users gone from the scope
 * become removals. Sends nothing.
 */
export async function buildPlan(inputs: PlanInputs): Promise<Plan> {
  const { directory, state, scope, decision, progress } = inputs;
  const counts = emptyCounts();
  const spool = await Spool.create(inputs.spoolDir);
  const adds: Plan['adds'] = [];
  const updates: Plan['updates'] = [];
  const leaving = new Set<string>();
  const seen = new Set<string>();
  const operations: string[] = [];
  const managers = new ManagerResolver(directory);
  const delta = decision.mode === 'delta';

  try {
    const reads = delta ? directory.readUsers(scope, { changedAfterUsn: inputs.watermarkUsn! }) : directory.readUsers(scope);
    for await (const page of reads) {
      counts.read += page.length;
      const mapped = page.map((user) => ({ user, result: mapUser(user) }));
      for (const { user, result } of mapped) managers.remember(user.dn, result.kind === 'payload' ? result.payload.email : undefined);
      await managers.prefetch(
        mapped.flatMap(({ user, result }) => (user.inScope && result.kind === 'payload' && result.managerDn ? [result.managerDn] : [])),
      );
      for (const { user, result } of mapped) {
        if (seen.has(user.objectGuid)) continue;
        seen.add(user.objectGuid);
        if (!user.inScope || result.kind === 'skipped') {
          if (user.inScope) counts.skippedNoEmail += 1;
          if (state.user(user.objectGuid)) leaving.add(user.objectGuid);
          continue;
        }
        const payload = result.payload;
        const managerEmail = result.managerDn ? managers.emailOf(result.managerDn) : undefined;
        if (managerEmail) payload.managerEmail = managerEmail;
        counts.inScope += 1;
        const hash = hashPayload(payload);
        const previous = state.user(payload.objectGuid);
        if (previous?.hash === hash) {
          counts.unchanged += 1;
          continue;
        }
        await spool.add({ payload, hash, isNew: previous === undefined });
        operations.push(`U ${payload.objectGuid} ${hash}`);
        if (previous) updates.push({ objectGuid: payload.objectGuid, email: payload.email, changes: fieldChanges(previous.payload, storedForm(payload)) });
        else adds.push({ objectGuid: payload.objectGuid, email: payload.email, ...(payload.displayName ? { displayName: payload.displayName } : {}) });
      }
      progress.report('read', counts.read);
    }
    await spool.finish();

    // Who has gone: on full, everyone synced and not seen; on delta, the tombstones, or, when the
    // account may not read them, everyone synced who is no longer among the scope's GUIDs.
    let present: Set<string> | undefined = delta ? undefined : seen;
    if (delta) {
      const deleted = await directory.readDeletedUserGuids(inputs.watermarkUsn!);
      if (deleted) {
        for (const guid of deleted) if (state.user(guid)) leaving.add(guid);
      } else {
        present = new Set<string>();
        for await (const guids of directory.readScopeGuids(scope)) for (const guid of guids) present.add(guid);
      }
    }
    const keys = state.userKeys();
    const removals = keys.filter((key) => leaving.has(key.objectGuid) || (present !== undefined && !present.has(key.objectGuid)));
    for (const removal of removals) operations.push(`R ${removal.objectGuid}`);
    const stateGeneration = state.generation();
    const planHash = createHash('sha256')
      .update(`${decision.mode}\n${stateGeneration}\n${operations.sort().join('\n')}`)
      .digest('hex');
    return { decision, spool, adds, updates, removals, counts, stateGeneration, planHash };
  } catch (error) {
    await spool.remove();
    throw error;
  }
}
