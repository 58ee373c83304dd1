/** What one run did: returned by `sync`, kept in the history that `status` shows. */

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
  error?: { code: string; message: string };
}

export function emptyCounts(): RunCounts {
  return { read: 0, skippedNoEmail: 0, inScope: 0, unchanged: 0, added: 0, updated: 0, removed: 0, matched: 0, unmatched: 0, rejected: 0 };
}
