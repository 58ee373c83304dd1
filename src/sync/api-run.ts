import { randomUUID } from 'node:crypto';
import type { Signature365Client } from '../api/client.js';
import type { Run, RunTotals, SyncMode } from '../api/types.js';
import type { Logger } from '../log/logger.js';
import { ApiError, toAgentError } from '../protocol/errors.js';
import type { RunCounts } from '../state/run-summary.js';
import type { StateDb } from '../state/state-db.js';

export interface ApiRunInputs {
  client: Signature365Client;
  state: StateDb;
  logger: Logger;
  agentVersion: string;
}

/**
 * The Signature 365 run of one sync, opened on first use (the first batch sent, which may come
 * while the directory is still being read) and closed once: succeeded at the end, or failed by
 * whatever stops the sync. A run that could not be closed stays recorded in the state, so the next
 * sync closes it before opening its own instead of meeting RUN_OPEN.
 */
export class ApiRun {
  private opening: Promise<string> | undefined;
  private closed = false;
  /** Signature 365's id of the run, once it opened. */
  runId: string | undefined;

  /** `mode`: asked when the run opens (a DC lost before anything was sent may change it). */
  constructor(
    private readonly mode: () => SyncMode,
    private readonly inputs: ApiRunInputs,
  ) {}

  /** The run's id, opening the run the first time. */
  id(): Promise<string> {
    this.opening ??= openRun(this.mode(), this.inputs).then((runId) => (this.runId = runId));
    return this.opening;
  }

  /** Whether the run was opened (or is being opened). */
  get opened(): boolean {
    return this.opening !== undefined;
  }

  async succeed(counts: RunCounts): Promise<void> {
    const runId = await this.id();
    await this.inputs.client.closeRun(runId, { status: 'succeeded', totals: totalsOf(counts) });
    this.closed = true;
    this.inputs.state.recordPendingApiRun(undefined);
  }

  /** Closes an opened run as failed; never throws (the sync's own error is what the caller reports). */
  async fail(counts: RunCounts): Promise<void> {
    if (!this.opening || this.closed) return;
    const runId = await this.opening.catch(() => undefined);
    if (runId === undefined) return;
    this.closed = true;
    await this.inputs.client.closeRun(runId, { status: 'failed', totals: totalsOf(counts) }).then(
      () => this.inputs.state.recordPendingApiRun(undefined),
      (closeError: unknown) => {
        this.inputs.logger.warn('Could not close the failed run; the next sync closes it first', { runId, reason: toAgentError(closeError).message });
      },
    );
  }
}

/**
 * Opens a run. A run this agent left open (it was killed, or could not close it) is closed as
 * failed first: known by the run id it recorded, or, when it died before hearing the id, by asking
 * again with the idempotency key it recorded before the request, which makes the API name the run
 * that request opened.
 */
async function openRun(mode: SyncMode, inputs: ApiRunInputs): Promise<string> {
  const { client, state, logger } = inputs;
  const request = { mode, agentVersion: inputs.agentVersion };
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
async function closeLeftBehind(runId: string, inputs: ApiRunInputs): Promise<void> {
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
