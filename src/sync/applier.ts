import type { Signature365Client } from '../api/client.js';
import { randomUUID } from 'node:crypto';
import { MAX_BATCH_SIZE, type Run, type RunTotals } from '../api/types.js';
import type { Logger } from '../log/logger.js';
import { ApiError, TooManyRejectionsError, toAgentError } from '../protocol/errors.js';
import type { RunCounts, RunSummary } from '../state/run-summary.js';
import type { StateDb, SyncedUser } from '../state/state-db.js';
import { sendGroups } from './groups.js';
import { storedForm, type Plan } from './planner.js';
import type { ProgressSink } from './progress.js';

export interface ApplyInputs {
  client: Signature365Client;
  state: StateDb;
  logger: Logger;
  progress: ProgressSink;
  agentVersion: string;
  /** Rejected users above this share of those sent fail the run. */
  maxRejectedShare: number;
}

/**
 * Sends a plan: opens a run, upserts the spooled users batch by batch, removes, closes. Each batch
 * is confirmed in the state as soon as Signature 365 accepts it, so a run killed half-way leaves
 * exactly what was confirmed and the next plan sends the rest.
 */
export async function applyPlan(plan: Plan, summary: RunSummary, inputs: ApplyInputs): Promise<void> {
  const { client, state, progress } = inputs;
  const { counts, rejections } = summary;
  const runId = await openRun(plan, inputs);
  summary.runId = runId;
  try {
    let batchIndex = 0;
    const toSend = plan.spool.count;
    for await (const batch of plan.spool.batches()) {
      const response = await client.upsertUsers(runId, batch.map((item) => item.payload), `${runId}:users:${batchIndex++}`);
      const confirmed: SyncedUser[] = [];
      response.results.forEach((result, index) => {
        const item = batch[index];
        if (!item) return;
        if (result.outcome === 'rejected') {
          counts.rejected += 1;
          rejections.push({ objectGuid: item.payload.objectGuid, email: item.payload.email, reason: result.reason ?? 'rejected' });
          return;
        }
        counts[result.outcome] += 1;
        counts[item.isNew ? 'added' : 'updated'] += 1;
        confirmed.push({ objectGuid: item.payload.objectGuid, hash: item.hash, email: item.payload.email, outcome: result.outcome, payload: storedForm(item.payload) });
      });
      state.confirmUsers(confirmed);
      progress.report('send-users', counts.added + counts.updated + counts.rejected, toSend);
    }

    // Groups after the users (their memberGuids name users just sent), before removals.
    counts.groupsSent = 0;
    await sendGroups(plan.groups, runId, { client, state, progress }, counts);

    for (let start = 0; start < plan.removals.length; start += MAX_BATCH_SIZE) {
      const guids = plan.removals.slice(start, start + MAX_BATCH_SIZE).map((removal) => removal.objectGuid);
      await client.removeUsers(runId, guids, `${runId}:removals:${start / MAX_BATCH_SIZE}`);
      state.forgetUsers(guids);
      counts.removed += guids.length;
      progress.report('send-removals', counts.removed, plan.removals.length);
    }

    const sent = counts.added + counts.updated + counts.rejected;
    if (counts.rejected > 0 && counts.rejected > sent * inputs.maxRejectedShare) {
      throw new TooManyRejectionsError(
        `Signature 365 rejected ${counts.rejected} of ${sent} users, more than ${Math.round(inputs.maxRejectedShare * 100)}%: see the rejections.`,
        { rejections: rejections.slice(0, 50) },
      );
    }
    await client.closeRun(runId, { status: 'succeeded', totals: totalsOf(counts) });
    state.recordPendingApiRun(undefined);
  } catch (error) {
    // A run that could not be closed (the secret revoked, the integration disabled, the API gone)
    // stays recorded, so the next sync closes it before opening its own instead of meeting RUN_OPEN.
    await client.closeRun(runId, { status: 'failed', totals: totalsOf(counts) }).then(
      () => state.recordPendingApiRun(undefined),
      (closeError: unknown) => {
        inputs.logger.warn('Could not close the failed run; the next sync closes it first', { runId, reason: toAgentError(closeError).message });
      },
    );
    throw error;
  }
}

/**
 * Opens a run. A run this agent left open (it was killed, or could not close it) is closed as
 * failed first: known by the run id it recorded, or, when it died before hearing the id, by asking
 * again with the idempotency key it recorded before the request, which makes the API name the run
 * that request opened.
 */
async function openRun(plan: Plan, inputs: ApplyInputs): Promise<string> {
  const { client, state, logger } = inputs;
  const request = { mode: plan.decision.mode, agentVersion: inputs.agentVersion };
  let leftBehind = state.pendingApiRun();
  if (leftBehind?.runId) {
    // Known by its id (a sync that failed, or was killed, after hearing it): close it now. Until
    // Signature 365 confirms, the record stays, so a refused secret here loses nothing.
    await closeLeftBehind(leftBehind.runId, inputs);
    state.recordPendingApiRun(undefined);
    leftBehind = undefined;
  }
  const attempt = async (): Promise<Run> => {
    const idempotencyKey = randomUUID();
    state.recordPendingApiRun({ idempotencyKey, request });
    return client.openRun(request, idempotencyKey);
  };
  let run: Run;
  try {
    run = await attempt();
  } catch (error) {
    const details = error instanceof ApiError ? error.details : undefined;
    const openRunId = details?.serverDetails?.openRunId;
    if (details?.code !== 'RUN_OPEN' || !openRunId || !leftBehind) throw error;
    // Left open by a sync killed before it heard the run id: the replayed open request names it.
    const ours = (await client.openRun(leftBehind.request, leftBehind.idempotencyKey).catch(() => undefined))?.runId;
    if (ours !== openRunId) throw error;
    await closeLeftBehind(ours, inputs);
    run = await attempt();
  }
  state.recordPendingApiRun({ ...state.pendingApiRun()!, runId: run.runId });
  logger.info('Sync run opened', { runId: run.runId, mode: run.mode });
  return run.runId;
}

/** Closes, as failed, a run an earlier sync of this agent left open; one already closed or gone is fine. */
async function closeLeftBehind(runId: string, inputs: ApplyInputs): Promise<void> {
  inputs.logger.warn('Closing the run a previous, interrupted sync left open', { runId });
  try {
    await inputs.client.closeRun(runId, { status: 'failed', totals: totalsOf(undefined) });
  } catch (error) {
    const code = error instanceof ApiError ? error.details?.code : undefined;
    if (code !== 'RUN_CLOSED' && code !== 'RUN_NOT_FOUND') throw error;
  }
}

function totalsOf(counts: RunCounts | undefined): RunTotals {
  return {
    usersSent: counts ? counts.added + counts.updated + counts.rejected : 0,
    usersMatched: counts?.matched ?? 0,
    usersUnmatched: counts?.unmatched ?? 0,
    usersRejected: counts?.rejected ?? 0,
    groupsSent: counts?.groupsSent ?? 0,
    usersRemoved: counts?.removed ?? 0,
  };
}
