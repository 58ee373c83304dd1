import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildReport } from '../../../src/report/sync-report.js';
import { emptyCounts, type RunSummary } from '../../../src/state/run-summary.js';
import { StateDb } from '../../../src/state/state-db.js';

function run(startedAt: string): RunSummary {
  return { mode: 'full', dryRun: false, startedAt, finishedAt: startedAt, durationMs: 1, status: 'succeeded', counts: emptyCounts(), rejections: [], warnings: [] };
}

describe('buildReport', () => {
  it('should split the synced users of the state by the outcome Signature 365 answered, sorted by email, with their display names', async () => {
    const state = StateDb.open(await fs.mkdtemp(path.join(os.tmpdir(), 's365-unit-')));
    try {
      state.confirmUsers([
        { objectGuid: 'g1', hash: 'h', email: 'Zoe@contoso.com', outcome: 'unmatched', payload: { displayName: 'Zoe' } },
        { objectGuid: 'g2', hash: 'h', email: 'bob@contoso.com', outcome: 'matched', payload: { displayName: 'Bob' } },
        { objectGuid: 'g3', hash: 'h', email: 'amy@contoso.com', outcome: 'unmatched', payload: {} },
      ]);
      const warned = { ...run('t3'), warnings: [{ objectGuid: 'g1', email: 'Zoe@contoso.com', code: 'PHOTO_TOO_LARGE' as const, message: 'too large' }] };
      const report = buildReport(state, [warned, run('t2'), run('t1')], 2, new Date('2026-12-02T08:00:00Z'));
      expect(report.warnings.map((w) => w.displayName), 'named from the state').to.deep.equal(['Zoe']);
      expect(report.matched).to.deep.equal([{ objectGuid: 'g2', email: 'bob@contoso.com', outcome: 'matched', displayName: 'Bob' }]);
      expect(report.unmatched.map((user) => [user.email, user.displayName])).to.deep.equal([
        ['amy@contoso.com', undefined],
        ['Zoe@contoso.com', 'Zoe'],
      ]);
      expect(report.counts).to.deep.equal({ synced: 3, matched: 1, unmatched: 2, rejected: 0, heldBack: 0, warnings: 1 });
      expect(report.runs.map((point) => point.startedAt), 'the last 2 runs, oldest first').to.deep.equal(['t2', 't3']);
      expect(report.lastRun?.startedAt).to.equal('t3');
      expect(report.generatedAt).to.equal('2026-12-02T08:00:00.000Z');
    } finally {
      state.close();
    }
  });
});
