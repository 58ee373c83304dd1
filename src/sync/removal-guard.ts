import { GuardTrippedError } from '../protocol/errors.js';

export interface RemovalGuardLimits {
  /** Most removals one run may send. */
  maxCount: number;
  /** Most removals one run may send, as a share (0..1) of the users synced before it. */
  maxShare: number;
}

export const DEFAULT_REMOVAL_LIMITS: RemovalGuardLimits = { maxCount: 500, maxShare: 0.1 };

/**
 * Stops a run that would remove more users than the limits allow, before anything is sent.
 * `allowRemovals` is the admin's one-shot acceptance of up to that many removals.
 */
export function checkRemovals(removals: number, syncedBefore: number, limits: RemovalGuardLimits, allowRemovals?: number): void {
  if (removals === 0) return;
  if (allowRemovals !== undefined && removals <= allowRemovals) return;
  const share = syncedBefore === 0 ? 1 : removals / syncedBefore;
  const overCount = removals > limits.maxCount;
  const overShare = share > limits.maxShare;
  if (!overCount && !overShare) return;
  const why = overCount
    ? `more than the limit of ${limits.maxCount}`
    : `${(share * 100).toFixed(1)}% of the ${syncedBefore} synced users, over the limit of ${(limits.maxShare * 100).toFixed(0)}%`;
  throw new GuardTrippedError(
    `This run would remove ${removals} users (${why}); nothing was sent. If that is intended, run once with allowRemovals ${removals}.`,
    { removals, syncedBefore, limits },
  );
}
