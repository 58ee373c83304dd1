import { expect } from 'chai';
import { GuardTrippedError } from '../../../src/protocol/errors.js';
import { checkRemovals, DEFAULT_REMOVAL_LIMITS, judgeRemovals } from '../../../src/sync/removal-guard.js';

describe('checkRemovals', () => {
  it('should let removals within both limits through', () => {
    expect(() => checkRemovals(10, 100, DEFAULT_REMOVAL_LIMITS)).to.not.throw();
    expect(() => checkRemovals(0, 0, DEFAULT_REMOVAL_LIMITS)).to.not.throw();
  });

  it('should stop a run over the share limit, saying how many and why', () => {
    expect(() => checkRemovals(60, 100, DEFAULT_REMOVAL_LIMITS)).to.throw(GuardTrippedError, /remove 60 users \(60\.0% of the 100 synced users/);
  });

  it('should stop a run over the count limit', () => {
    expect(() => checkRemovals(501, 100_000, DEFAULT_REMOVAL_LIMITS)).to.throw(GuardTrippedError, /more than the limit of 500/);
  });

  it('should let the one-shot override through only up to its number', () => {
    expect(() => checkRemovals(60, 100, DEFAULT_REMOVAL_LIMITS, 60)).to.not.throw();
    expect(() => checkRemovals(61, 100, DEFAULT_REMOVAL_LIMITS, 60)).to.throw(GuardTrippedError);
  });
});

describe('the share rule floor (removalGuardMinCount)', () => {
  // A variable, not a literal, so this also compiles against limits without minCount.
  const limits = { maxCount: 500, maxShare: 0.1, minCount: 10 };

  it('should let one user leaving a 9-user scope through (11%, but not more than 10 removals)', () => {
    expect(() => checkRemovals(1, 9, limits)).to.not.throw();
    expect(() => checkRemovals(10, 12, limits)).to.not.throw();
  });

  it('should apply the share rule above the floor', () => {
    expect(() => checkRemovals(11, 12, limits)).to.throw(GuardTrippedError, /remove 11 users \(91\.7% of the 12 synced users/);
  });

  it('should apply the count rule below the floor too', () => {
    expect(() => checkRemovals(5, 1000, { maxCount: 4, maxShare: 0.1, minCount: 10 })).to.throw(GuardTrippedError, /more than the limit of 4/);
  });

  it('should apply the share rule to every removal with a floor of 0', () => {
    expect(() => checkRemovals(1, 9, { maxCount: 500, maxShare: 0.1, minCount: 0 })).to.throw(GuardTrippedError, /11\.1% of the 9 synced users/);
  });
});

describe('judgeRemovals', () => {
  it('should report a tripped share rule with the removals, the limit and the reason', () => {
    const verdict = judgeRemovals(17, 18, DEFAULT_REMOVAL_LIMITS);
    expect(verdict).to.deep.include({ tripped: true, removals: 17, syncedBefore: 18, limit: 10, rule: 'share' });
    expect(verdict.reason).to.match(/94\.4% of the 18 synced users/);
  });

  it('should report a tripped count rule with the count limit', () => {
    expect(judgeRemovals(501, 100_000, DEFAULT_REMOVAL_LIMITS)).to.deep.include({ tripped: true, rule: 'count', limit: 500 });
  });

  it('should report an untripped verdict without a rule, accepting up to allowRemovals', () => {
    const verdict = judgeRemovals(17, 18, DEFAULT_REMOVAL_LIMITS, 17);
    expect(verdict).to.deep.include({ tripped: false, allowRemovals: 17 });
    expect(verdict).to.not.have.property('rule');
    expect(judgeRemovals(1, 9, DEFAULT_REMOVAL_LIMITS).tripped).to.equal(false);
  });
});
