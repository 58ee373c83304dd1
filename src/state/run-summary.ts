/** What one run did: returned by `sync`, kept in the history that `status` shows. */
import type { RemovalGuardVerdict } from '../sync/removal-guard.js';
import type { ScopeReport } from '../sync/scope.js';

export interface RunCounts {
  /** Directory users read (in delta mode: changed users, in scope or not). */
  read: number;
  skippedNoEmail: number;
  inScope: number;
  unchanged: number;
  added: number;
  updated: number;
  removed: number;
  matched: number;
  unmatched: number;
  rejected: number;
  /** Groups sent (groups sync; in a dry run: groups that would be sent). */
  groupsSent: number;
  /** In-scope users held back because another user has the same email (not in inScope). */
  emailConflicts: number;
}

/** Why a user was read with a problem (docs/mapping.md, "Warnings"). */
export type WarningCode = 'PHOTO_TOO_LARGE' | 'MANAGER_NOT_FOUND' | 'MANAGER_NO_EMAIL' | 'EMAIL_CONFLICT';

/**
 * A per-user problem that did not fail the run. PHOTO_TOO_LARGE and MANAGER_*: the user was sent
 * without the photo / the managerEmail. EMAIL_CONFLICT: the user was not sent (and, if synced
 * before, kept as it was), until the duplicate is fixed.
 */
export interface RunWarning {
  objectGuid: string;
  email: string;
  code: WarningCode;
  message: string;
  /** The user's DN when read. */
  dn?: string;
  /** EMAIL_CONFLICT: the other users that chose the same email. */
  conflictsWith?: { objectGuid: string; dn?: string }[];
}

export interface RunSummary {
  runId?: string;
  mode: 'full' | 'delta';
  /** Why a full sync ran when delta was asked for (or was the default). */
  fullReason?: string;
  dryRun: boolean;
  /** The plan file written (dry run) or applied. */
  planFile?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  status: 'succeeded' | 'failed';
  directoryServer?: string;
  failedOver?: { server: string; reason: string }[];
  counts: RunCounts;
  rejections: { objectGuid: string; email: string; reason: string }[];
  /**
   * Per-user problems of the users read in this run, plus email conflicts still standing from
   * earlier runs (absent in runs recorded by older agents).
   */
  warnings: RunWarning[];
  /** How the scope was resolved: membership strategy, group counts, foreign members (not synced). */
  scope?: ScopeReport;
  /**
   * The deletion guard's verdict on this run's removals: in a dry run, whether the real run would
   * stop (`tripped`). Absent when the run failed before its plan was made, and in older runs.
   */
  guard?: RemovalGuardVerdict;
  error?: { code: string; message: string };
}

export function emptyCounts(): RunCounts {
  return { read: 0, skippedNoEmail: 0, inScope: 0, unchanged: 0, added: 0, updated: 0, removed: 0, matched: 0, unmatched: 0, rejected: 0, groupsSent: 0, emailConflicts: 0 };
}
