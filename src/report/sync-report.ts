import type { RunSummary } from '../state/run-summary.js';
import type { StateDb } from '../state/state-db.js';
import { runPoints, type RunPoint } from './run-points.js';
import { standingProblems, type HeldBackUser, type StandingProblems, type StandingRejection, type StandingWarning } from './standing-problems.js';

/** A synced user and what Signature 365 answered for it. */
export interface ReportUser {
  objectGuid: string;
  email: string;
  displayName?: string;
  outcome: 'matched' | 'unmatched';
}

/** The `report` verb's data (docs/protocol.md, `report`). */
export interface SyncReport {
  generatedAt: string;
  counts: { synced: number; matched: number; unmatched: number; rejected: number; heldBack: number; warnings: number };
  /** Synced and linked to a Microsoft 365 user: they get signatures. */
  matched: ReportUser[];
  /** Synced, but no Microsoft 365 user has their email: no signature for them. */
  unmatched: ReportUser[];
  rejected: StandingRejection[];
  heldBack: HeldBackUser[];
  warnings: StandingWarning[];
  lastRun: RunSummary | null;
  /** The last runs, oldest first. */
  runs: RunPoint[];
}

/** Builds the report from the state (users) and its run history (newest first, all kept runs). */
export function buildReport(state: Pick<StateDb, 'syncedUsers'>, history: readonly RunSummary[], runCount: number, now: Date): SyncReport {
  const users = state.syncedUsers();
  const matched = users.filter((user) => user.outcome === 'matched');
  const unmatched = users.filter((user) => user.outcome === 'unmatched');
  const problems = withDisplayNames(standingProblems(history), users);
  return {
    generatedAt: now.toISOString(),
    counts: {
      synced: users.length,
      matched: matched.length,
      unmatched: unmatched.length,
      rejected: problems.rejected.length,
      heldBack: problems.heldBack.length,
      warnings: problems.warnings.length,
    },
    matched,
    unmatched,
    ...problems,
    lastRun: history[0] ?? null,
    runs: runPoints(history.slice(0, runCount)),
  };
}

/**
 * Names the users of the findings by the display name Signature 365 last accepted for them, when it
 * holds one: a warned user was sent, a held-back or rejected one may have been synced before.
 */
function withDisplayNames(problems: StandingProblems, users: readonly ReportUser[]): StandingProblems {
  const names = new Map(users.flatMap((user) => (user.displayName ? [[user.objectGuid, user.displayName] as const] : [])));
  const named = <T extends { objectGuid: string }>(item: T): T & { displayName?: string } => {
    const displayName = names.get(item.objectGuid);
    return displayName ? { ...item, displayName } : item;
  };
  return { rejected: problems.rejected.map(named), heldBack: problems.heldBack.map(named), warnings: problems.warnings.map(named) };
}

/** The report of a config directory that has no state yet: nothing synced, no runs. */
export function emptyReport(now: Date): SyncReport {
  return {
    generatedAt: now.toISOString(),
    counts: { synced: 0, matched: 0, unmatched: 0, rejected: 0, heldBack: 0, warnings: 0 },
    matched: [],
    unmatched: [],
    rejected: [],
    heldBack: [],
    warnings: [],
    lastRun: null,
    runs: [],
  };
}
