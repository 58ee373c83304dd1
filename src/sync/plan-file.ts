import { readFile } from 'node:fs/promises';
import { writeJsonFileAtomic } from '../fs/atomic-file.js';
import { BadRequestError } from '../protocol/errors.js';
import type { Plan } from './planner.js';

export const PLAN_FILE_VERSION = 1;

/** What a plan file holds: for people to review and for `sync --plan-file` to apply. */
export interface PlanFile {
  planVersion: typeof PLAN_FILE_VERSION;
  planHash: string;
  createdAt: string;
  mode: 'full' | 'delta';
  fullReason?: string;
  directoryServer?: string;
  stateGeneration: number;
  counts: { adds: number; updates: number; removals: number; unchanged: number; inScope: number };
  adds: Plan['adds'];
  updates: Plan['updates'];
  removals: Plan['removals'];
  /** Groups sync: the groups that would be sent (members counted, not listed) and those dropped from the state. */
  groups?: { send: { objectGuid: string; name: string; email?: string; members: number }[]; dropped: string[] };
}

export async function writePlanFile(file: string, plan: Plan, directoryServer: string | undefined): Promise<void> {
  const body: PlanFile = {
    planVersion: PLAN_FILE_VERSION,
    planHash: plan.planHash,
    createdAt: new Date().toISOString(),
    mode: plan.decision.mode,
    ...(plan.decision.fullReason ? { fullReason: plan.decision.fullReason } : {}),
    ...(directoryServer ? { directoryServer } : {}),
    stateGeneration: plan.stateGeneration,
    counts: {
      adds: plan.adds.length,
      updates: plan.updates.length,
      removals: plan.removals.length,
      unchanged: plan.counts.unchanged,
      inScope: plan.counts.inScope,
    },
    adds: plan.adds,
    updates: plan.updates,
    removals: plan.removals,
    groups: {
      send: plan.groups.send.map(({ payload }) => ({
        objectGuid: payload.objectGuid,
        name: payload.name,
        ...(payload.email ? { email: payload.email } : {}),
        members: payload.memberGuids.length,
      })),
      dropped: plan.groups.dropped,
    },
  };
  // Plans hold personal data (names, emails, before/after values): readable by the owner only.
  await writeJsonFileAtomic(file, body, { mode: 0o600 });
}

export async function readPlanFile(file: string): Promise<PlanFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BadRequestError(`Plan file ${file} cannot be read as JSON.`, { planFile: file }, { cause: error });
  }
  const plan = parsed as Partial<PlanFile>;
  if (plan.planVersion !== PLAN_FILE_VERSION || typeof plan.planHash !== 'string' || (plan.mode !== 'full' && plan.mode !== 'delta')) {
    throw new BadRequestError(`${file} is not a plan file of this agent (planVersion ${PLAN_FILE_VERSION}).`, { planFile: file });
  }
  return plan as PlanFile;
}
