import type { RunCounts } from '../state/sync-state.js';

export function emptyCounts(): RunCounts {
  return { read: 0, skippedNoEmail: 0, inScope: 0, unchanged: 0, added: 0, updated: 0, removed: 0, matched: 0, unmatched: 0, rejected: 0 };
}
