import type { Signature365Client } from '../api/client.js';
import { MAX_BATCH_SIZE, MAX_REQUEST_BODY_BYTES, type RunTotals, type UserPayload } from '../api/types.js';
import type { ScopeSettings } from '../config/config.js';
import type { DirectorySource } from '../directory/model.js';
import type { Logger } from '../log/logger.js';
import { toAgentError } from '../protocol/errors.js';
import { emptyCounts } from './counts.js';
import { ManagerResolver } from './manager-resolver.js';
import { hashPayload } from './payload-hash.js';
import type { ProgressSink } from './progress.js';
import { checkRemovals, type RemovalGuardLimits } from './removal-guard.js';
import { resolveUserQuery } from './scope.js';
import { mapUser } from './user-mapping.js';
import { withRun, type RunSummary, type SyncState, type SyncStateStore, type SyncedUser } from '../state/sync-state.js';

export interface SyncDependencies {
  directory: DirectorySource;
  client: Signature365Client;
  stateStore: SyncStateStore;
  logger: Logger;
  progress: ProgressSink;
  agentVersion: string;
}

export interface SyncOptions {
  scope: ScopeSettings;
  /** Configured search base; absent means the DC's defaultNamingContext. */
  baseDn?: string;
  mode: 'full' | 'delta';
  dryRun: boolean;
  removalLimits: RemovalGuardLimits;
  /** One-shot acceptance of up to this many removals. */
  allowRemovals?: number;
}

interface PendingUser {
  payload: UserPayload;
  hash: string;
  isNew: boolean;
}

/** A batch is sent once it reaches this many bytes, well under MAX_REQUEST_BODY_BYTES (photos are big). */
const BATCH_BYTES_TARGET = Math.floor(MAX_REQUEST_BODY_BYTES * 0.8);

/**
 * One sync run: directory -> map -> diff against state -> send -> commit state.
 * Only what Signature 365 confirmed is committed; a failed run still records what was confirmed.
 */
export async function runSync(deps: SyncDependencies, options: SyncOptions): Promise<RunSummary> {
  const { directory, client, stateStore, logger, progress } = deps;
  const started = new Date();
  const before = await stateStore.load();
  const confirmed: Record<string, SyncedUser> = { ...before.users };
  const counts = emptyCounts();
  const rejections: RunSummary['rejections'] = [];
  const summary: RunSummary = {
    mode: 'full',
    ...(options.mode === 'delta' ? { fullReason: 'delta sync is not available yet in this version' } : {}),
    dryRun: options.dryRun,
    startedAt: started.toISOString(),
    finishedAt: '',
    durationMs: 0,
    status: 'failed',
    counts,
    rejections,
  };
  let runId: string | undefined;
  let batchIndex = 0;

  const sendUsers = async (batch: PendingUser[]): Promise<void> => {
    if (batch.length === 0) return;
    if (options.dryRun || !runId) {
      for (const item of batch) (item.isNew ? counts.added++ : counts.updated++);
      return;
    }
    const response = await client.upsertUsers(runId, batch.map((item) => item.payload), `${runId}:users:${batchIndex++}`);
    response.results.forEach((result, index) => {
      const item = batch[index];
      if (!item) return;
      if (result.outcome === 'rejected') {
        counts.rejected += 1;
        rejections.push({ objectGuid: item.payload.objectGuid, email: item.payload.email, reason: result.reason ?? 'rejected' });
        return;
      }
      if (result.outcome === 'matched') counts.matched += 1;
      else counts.unmatched += 1;
      if (item.isNew) counts.added += 1;
      else counts.updated += 1;
      confirmed[item.payload.objectGuid] = { hash: item.hash, email: item.payload.email, outcome: result.outcome };
    });
    progress.report('send-users', counts.added + counts.updated + counts.rejected);
  };

  try {
    progress.report('connect', 0);
    const server = await directory.connect();
    summary.directoryServer = server.server;
    if (server.failedOver.length > 0) summary.failedOver = server.failedOver;
    const baseDn = options.baseDn ?? server.defaultNamingContext;
    const query = await resolveUserQuery(directory, options.scope, baseDn);

    if (!options.dryRun) {
      runId = (await client.openRun({ mode: 'full', agentVersion: deps.agentVersion })).runId;
      summary.runId = runId;
      logger.info('Sync run opened', { runId });
    }

    const managers = new ManagerResolver(directory);
    const seen = new Set<string>();
    let pending: PendingUser[] = [];
    let pendingBytes = 0;
    for await (const page of directory.readUsers(query)) {
      counts.read += page.length;
      const mapped = page.map((user) => ({ user, result: mapUser(user) }));
      for (const { user, result } of mapped) {
        managers.remember(user.dn, result.kind === 'payload' ? result.payload.email : undefined);
      }
      await managers.prefetch(mapped.flatMap(({ result }) => (result.kind === 'payload' && result.managerDn ? [result.managerDn] : [])));
      for (const { result } of mapped) {
        if (result.kind === 'skipped') {
          counts.skippedNoEmail += 1;
          continue;
        }
        const payload = result.payload;
        const managerEmail = result.managerDn ? managers.emailOf(result.managerDn) : undefined;
        if (managerEmail) payload.managerEmail = managerEmail;
        if (seen.has(payload.objectGuid)) continue;
        seen.add(payload.objectGuid);
        counts.inScope += 1;
        const hash = hashPayload(payload);
        const previous = before.users[payload.objectGuid];
        if (previous?.hash === hash) {
          counts.unchanged += 1;
          continue;
        }
        const bytes = Buffer.byteLength(JSON.stringify(payload));
        if (pending.length > 0 && pendingBytes + bytes > BATCH_BYTES_TARGET) {
          const batch = pending;
          [pending, pendingBytes] = [[], 0];
          await sendUsers(batch);
        }
        pending.push({ payload, hash, isNew: previous === undefined });
        pendingBytes += bytes;
        if (pending.length >= MAX_BATCH_SIZE) {
          const batch = pending;
          [pending, pendingBytes] = [[], 0];
          await sendUsers(batch);
        }
      }
      progress.report('read', counts.read);
    }
    await sendUsers(pending);

    const removals = Object.keys(before.users).filter((guid) => !seen.has(guid));
    checkRemovals(removals.length, Object.keys(before.users).length, options.removalLimits, options.allowRemovals);
    for (let start = 0; start < removals.length; start += MAX_BATCH_SIZE) {
      const chunk = removals.slice(start, start + MAX_BATCH_SIZE);
      if (runId) await client.removeUsers(runId, chunk, `${runId}:removals:${start / MAX_BATCH_SIZE}`);
      counts.removed += chunk.length;
      if (runId) for (const guid of chunk) delete confirmed[guid];
      progress.report('send-removals', counts.removed, removals.length);
    }

    if (runId) await client.closeRun(runId, { status: 'succeeded', totals: totalsOf(summary) });
    summary.status = 'succeeded';
  } catch (error) {
    const agentError = toAgentError(error);
    summary.error = { code: agentError.code, message: agentError.message };
    if (runId) {
      await client.closeRun(runId, { status: 'failed', totals: totalsOf(summary) }).catch((closeError: unknown) => {
        logger.warn('Could not close the failed run', { runId, reason: toAgentError(closeError).message });
      });
    }
    throw agentError;
  } finally {
    await directory.close();
    const finished = new Date();
    summary.finishedAt = finished.toISOString();
    summary.durationMs = finished.getTime() - started.getTime();
    if (!options.dryRun) {
      const after: SyncState = withRun({ ...before, users: confirmed }, summary);
      await stateStore.save(after);
    }
    logger.info('Sync run finished', { status: summary.status, runId, counts });
  }
  return summary;
}

function totalsOf(summary: RunSummary): RunTotals {
  const { counts } = summary;
  return {
    usersSent: counts.added + counts.updated + counts.rejected,
    usersMatched: counts.matched,
    usersUnmatched: counts.unmatched,
    usersRejected: counts.rejected,
    groupsSent: 0,
    usersRemoved: counts.removed,
  };
}
