import { expect } from 'chai';
import { emptyCounts, type RunSummary } from '../../../src/state/run-summary.js';
import { runPoints } from '../../../src/report/run-points.js';

describe('runPoints', () => {
  it('should give one point per run, oldest first, synced = added + updated', () => {
    const newest: RunSummary = {
      runId: 'r2',
      mode: 'delta',
      dryRun: false,
      startedAt: 't2',
      finishedAt: 't2',
      durationMs: 2500,
      status: 'failed',
      counts: { ...emptyCounts(), added: 2, updated: 3, matched: 1, unmatched: 4, rejected: 1, removed: 6 },
      rejections: [],
      warnings: [],
      error: { code: 'API_UNREACHABLE', message: 'gone' },
    };
    const oldest: RunSummary = { ...newest, runId: 'r1', mode: 'full', startedAt: 't1', status: 'succeeded', counts: emptyCounts(), durationMs: 10 };
    delete oldest.error;
    expect(runPoints([newest, oldest])).to.deep.equal([
      { runId: 'r1', startedAt: 't1', mode: 'full', status: 'succeeded', durationMs: 10, synced: 0, matched: 0, unmatched: 0, rejected: 0, removed: 0 },
      { runId: 'r2', startedAt: 't2', mode: 'delta', status: 'failed', durationMs: 2500, synced: 5, matched: 1, unmatched: 4, rejected: 1, removed: 6, errorCode: 'API_UNREACHABLE' },
    ]);
  });
});
