import { expect } from 'chai';
import { GuardTrippedError } from '../../../src/protocol/errors.js';
import { checkRemovals, DEFAULT_REMOVAL_LIMITS } from '../../../src/sync/removal-guard.js';

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
