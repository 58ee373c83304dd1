import type { Signature365Client } from '../api/client.js';
import { MAX_BATCH_SIZE } from '../api/types.js';
import { TooManyRejectionsError } from '../protocol/errors.js';
import type { StateDb } from '../state/state-db.js';
import type { ApiRun } from './api-run.js';
import { sendGroups } from './groups.js';
import type { Plan } from './planner.js';
import type { ProgressSink } from './progress.js';
import type { UserUploads } from './user-uploads.js';

export interface ApplyInputs {
  client: Signature365Client;
  state: StateDb;
  progress: ProgressSink;
  /** Rejected users above this share of those sent fail the run. */
  maxRejectedShare: number;
}

/**
 * Sends the rest of a plan in the sync's run, once the read is complete and the guards have
 * passed: the spooled users (through the uploads that may already have sent users while the
 * directory was read), then the groups (their memberGuids name users just sent), then the
 * removals; then closes the run as succeeded. Counts go to the uploads' tally. Each batch is
 * confirmed in the state as soon as Signature 365 accepts it, so a run killed half-way leaves
 * exactly what was confirmed and the next plan sends the rest.
 */
export async function applyPlan(plan: Plan, run: ApiRun, uploads: UserUploads, inputs: ApplyInputs): Promise<void> {
  const { client, state, progress } = inputs;
  const { counts, rejections } = uploads.tally;
  uploads.reportProgress(uploads.count + plan.spool.count);
  for await (const user of plan.spool.items()) await uploads.add(user);
  await uploads.finish();
  const runId = await run.id();

  counts.groupsSent = 0;
  uploads.tally.groupsSendStarted = true;
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
  await run.succeed(counts);
}
