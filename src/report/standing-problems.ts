import type { RunSummary, RunWarning } from '../state/run-summary.js';

/** A user Signature 365 refused (not stored there), with the reason of the newest refusal. */
export interface StandingRejection {
  objectGuid: string;
  email: string;
  /** As Signature 365 last accepted it, when it holds the user (the report adds it). */
  displayName?: string;
  reason: string;
  /** When the run that refused it started. */
  at: string;
  runId?: string;
}

/** A user held back because another user has the same email: never sent until the directory is fixed. */
export interface HeldBackUser {
  objectGuid: string;
  email: string;
  displayName?: string;
  dn?: string;
  message: string;
  conflictsWith: { objectGuid: string; dn?: string }[];
}

/** A warning of a user that was still sent (without its photo, without its manager's email). */
export interface StandingWarning extends RunWarning {
  at: string;
  displayName?: string;
}

export interface StandingProblems {
  rejected: StandingRejection[];
  heldBack: HeldBackUser[];
  warnings: StandingWarning[];
}

/**
 * The runs whose per-user findings still stand, newest first: back to, and including, the newest
 * successful full run. A full run reads and judges every user in scope, so what runs before it
 * found was found again by it (or is gone); a delta only reads the users that changed, so the
 * findings of the deltas since, and of that full run, add up.
 */
export function runsThatStand(history: readonly RunSummary[]): RunSummary[] {
  const lastFull = history.findIndex((run) => run.status === 'succeeded' && run.mode === 'full');
  return lastFull < 0 ? [...history] : history.slice(0, lastFull + 1);
}

/**
 * Who was rejected, who is held back and which warnings stand, from the run history (newest first).
 * Each user is listed once per kind, with its newest finding. Email conflicts come from the newest
 * successful run alone: each run carries forward the conflicts still standing.
 */
export function standingProblems(history: readonly RunSummary[]): StandingProblems {
  const standing = runsThatStand(history);
  const rejected = new Map<string, StandingRejection>();
  const warnings = new Map<string, StandingWarning>();
  for (const run of standing) {
    for (const rejection of run.rejections) {
      if (!rejected.has(rejection.objectGuid)) rejected.set(rejection.objectGuid, { ...rejection, at: run.startedAt, ...(run.runId ? { runId: run.runId } : {}) });
    }
    for (const warning of run.warnings ?? []) {
      const key = `${warning.objectGuid}|${warning.code}`;
      if (warning.code !== 'EMAIL_CONFLICT' && !warnings.has(key)) warnings.set(key, { ...warning, at: run.startedAt });
    }
  }
  const lastSuccess = history.find((run) => run.status === 'succeeded');
  const heldBack = (lastSuccess?.warnings ?? [])
    .filter((warning) => warning.code === 'EMAIL_CONFLICT')
    .map((warning) => ({
      objectGuid: warning.objectGuid,
      email: warning.email,
      ...(warning.dn ? { dn: warning.dn } : {}),
      message: warning.message,
      conflictsWith: warning.conflictsWith ?? [],
    }));
  return { rejected: [...rejected.values()], heldBack, warnings: [...warnings.values()] };
}
