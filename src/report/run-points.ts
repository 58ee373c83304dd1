import type { RunSummary } from '../state/run-summary.js';

/** One run as the report's chart shows it. */
export interface RunPoint {
  runId?: string;
  startedAt: string;
  mode: RunSummary['mode'];
  status: RunSummary['status'];
  durationMs: number;
  /** Users Signature 365 accepted in the run (added + updated). */
  synced: number;
  matched: number;
  unmatched: number;
  rejected: number;
  removed: number;
  errorCode?: string;
}

/** The last runs, oldest first (the order a chart reads), from a history given newest first. */
export function runPoints(history: readonly RunSummary[]): RunPoint[] {
  return [...history].reverse().map((run) => ({
    ...(run.runId ? { runId: run.runId } : {}),
    startedAt: run.startedAt,
    mode: run.mode,
    status: run.status,
    durationMs: run.durationMs,
    synced: run.counts.added + run.counts.updated,
    matched: run.counts.matched,
    unmatched: run.counts.unmatched,
    rejected: run.counts.rejected,
    removed: run.counts.removed,
    ...(run.error ? { errorCode: run.error.code } : {}),
  }));
}
