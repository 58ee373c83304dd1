import { expect } from 'chai';
import { emptyCounts, type RunSummary, type RunWarning } from '../../../src/state/run-summary.js';
import { runsThatStand, standingProblems } from '../../../src/report/standing-problems.js';

function run(mode: RunSummary['mode'], startedAt: string, extra: Partial<RunSummary> = {}): RunSummary {
  return { mode, dryRun: false, startedAt, finishedAt: startedAt, durationMs: 1000, status: 'succeeded', counts: emptyCounts(), rejections: [], warnings: [], ...extra };
}

const photo = (guid: string): RunWarning => ({ objectGuid: guid, email: `${guid}@contoso.com`, code: 'PHOTO_TOO_LARGE', message: 'too large' });
const conflict = (guid: string, other: string): RunWarning => ({
  objectGuid: guid,
  email: 'same@contoso.com',
  code: 'EMAIL_CONFLICT',
  message: 'same email',
  dn: `CN=${guid}`,
  conflictsWith: [{ objectGuid: other }],
});

describe('standingProblems', () => {
  describe('#runsThatStand()', () => {
    it('should keep the runs back to and including the newest successful full run', () => {
      const history = [run('delta', 't4'), run('full', 't3', { status: 'failed' }), run('full', 't2'), run('full', 't1')];
      expect(runsThatStand(history).map((r) => r.startedAt)).to.deep.equal(['t4', 't3', 't2']);
    });

    it('should keep every run when no full run succeeded', () => {
      expect(runsThatStand([run('delta', 't2'), run('full', 't1', { status: 'failed' })])).to.have.length(2);
    });
  });

  describe('#standingProblems()', () => {
    it('should list a rejected user once, with the newest reason, and forget rejections before the last full run', () => {
      const history = [
        run('delta', 't3', { runId: 'r3', rejections: [{ objectGuid: 'a', email: 'a@contoso.com', reason: 'photo sha256 mismatch' }] }),
        run('full', 't2', { rejections: [{ objectGuid: 'a', email: 'a@contoso.com', reason: 'photo too large' }, { objectGuid: 'b', email: 'b@contoso.com', reason: 'x' }] }),
        run('full', 't1', { rejections: [{ objectGuid: 'c', email: 'c@contoso.com', reason: 'gone since' }] }),
      ];
      expect(standingProblems(history).rejected).to.deep.equal([
        { objectGuid: 'a', email: 'a@contoso.com', reason: 'photo sha256 mismatch', at: 't3', runId: 'r3' },
        { objectGuid: 'b', email: 'b@contoso.com', reason: 'x', at: 't2' },
      ]);
    });

    it('should add up the warnings of the deltas and their full run, once per user and code', () => {
      const history = [run('delta', 't3', { warnings: [photo('a')] }), run('full', 't2', { warnings: [photo('a'), photo('b')] }), run('full', 't1', { warnings: [photo('c')] })];
      const warnings = standingProblems(history).warnings;
      expect(warnings.map((w) => [w.objectGuid, w.at])).to.deep.equal([
        ['a', 't3'],
        ['b', 't2'],
      ]);
    });

    it('should take the held-back users from the newest successful run only, and not list them as warnings', () => {
      const history = [
        run('delta', 't3', { status: 'failed', warnings: [] }),
        run('delta', 't2', { warnings: [conflict('a', 'b'), conflict('b', 'a')] }),
        run('full', 't1', { warnings: [conflict('c', 'd')] }),
      ];
      const problems = standingProblems(history);
      expect(problems.heldBack.map((u) => [u.objectGuid, u.conflictsWith.map((o) => o.objectGuid)])).to.deep.equal([
        ['a', ['b']],
        ['b', ['a']],
      ]);
      expect(problems.heldBack[0]).to.deep.include({ email: 'same@contoso.com', dn: 'CN=a', message: 'same email' });
      expect(problems.warnings).to.deep.equal([]);
    });

    it('should find nothing in an empty history', () => {
      expect(standingProblems([])).to.deep.equal({ rejected: [], heldBack: [], warnings: [] });
    });
  });
});
