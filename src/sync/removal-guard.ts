import { GuardTrippedError } from '../protocol/errors.js';

export interface RemovalGuardLimits {
  /** Most removals one run may send. */
  maxCount: number;
  /** Most removals one run may send, as a share (0..1) of the users synced before it. */
  maxShare: number;
  /**
   * The share rule applies only to runs removing more than this many users, so one user leaving a
   * small scope does not stop the run. The count rule applies regardless.
   */
  minCount: number;
}

export const DEFAULT_REMOVAL_LIMITS: RemovalGuardLimits = { maxCount: 500, maxShare: 0.1, minCount: 10 };

/** Which limit a run's removals went over: `count` (maxCount) or `share` (maxShare). */
export type RemovalGuardRule = 'count' | 'share';

/**
 * The guard's verdict on one run's removals (the summary's `guard`, and the details of
 * GUARD_TRIPPED; docs/protocol.md). Decided once, by judgeRemovals; everything else reads it.
 */
export interface RemovalGuardVerdict {
  tripped: boolean;
  removals: number;
  /** Users synced before the run: the base of the share rule. */
  syncedBefore: number;
  /** Most removals this run could have sent without `allowRemovals`. */
  limit: number;
  /** The rule that tripped; absent when the guard did not trip. */
  rule?: RemovalGuardRule;
  /** Why it tripped, in words (no parameter names: callers add how to override). */
  reason?: string;
  /** The `allowRemovals` this run was given, when it was. */
  allowRemovals?: number;
  limits: RemovalGuardLimits;
}

/** Most removals the limits let through for a scope of `syncedBefore` users. */
function mostAllowed(syncedBefore: number, limits: RemovalGuardLimits): number {
  const byShare = syncedBefore === 0 ? (limits.maxShare >= 1 ? Infinity : 0) : Math.floor(limits.maxShare * syncedBefore + 1e-9);
  return Math.min(limits.maxCount, Math.max(limits.minCount, byShare));
}

/**
 * Judges a run's removals against the limits, before anything is sent. `allowRemovals` is the
 * admin's one-shot acceptance of up to that many removals.
 */
export function judgeRemovals(removals: number, syncedBefore: number, limits: RemovalGuardLimits, allowRemovals?: number): RemovalGuardVerdict {
  const verdict: RemovalGuardVerdict = {
    tripped: false,
    removals,
    syncedBefore,
    limit: mostAllowed(syncedBefore, limits),
    ...(allowRemovals !== undefined ? { allowRemovals } : {}),
    limits,
  };
  if (removals === 0) return verdict;
  if (allowRemovals !== undefined && removals <= allowRemovals) return verdict;
  const share = syncedBefore === 0 ? 1 : removals / syncedBefore;
  const overCount = removals > limits.maxCount;
  const overShare = removals > limits.minCount && share > limits.maxShare;
  if (!overCount && !overShare) return verdict;
  return {
    ...verdict,
    tripped: true,
    rule: overCount ? 'count' : 'share',
    reason: overCount
      ? `more than the limit of ${limits.maxCount}`
      : `${(share * 100).toFixed(1)}% of the ${syncedBefore} synced users, over the limit of ${(limits.maxShare * 100).toFixed(0)}%`,
  };
}

/** The GUARD_TRIPPED error of a tripped verdict; its details are the verdict. */
export function guardTrippedError(verdict: RemovalGuardVerdict): GuardTrippedError {
  return new GuardTrippedError(
    `This run would remove ${verdict.removals} users (${verdict.reason ?? 'over the limits'}); nothing was sent. If that is intended, run once with allowRemovals ${verdict.removals}.`,
    { ...verdict },
  );
}

/** Throws GUARD_TRIPPED when the removals go over the limits (see judgeRemovals). */
export function checkRemovals(removals: number, syncedBefore: number, limits: RemovalGuardLimits, allowRemovals?: number): void {
  const verdict = judgeRemovals(removals, syncedBefore, limits, allowRemovals);
  if (verdict.tripped) throw guardTrippedError(verdict);
}
