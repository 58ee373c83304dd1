import { expect } from 'chai';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, withRetry, type AttemptOutcome } from '../../../src/api/retry.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('api/retry', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).to.deep.equal({ maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 });
  });

  it('uses full jitter under an exponentially growing ceiling', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, undefined, top))).to.deep.equal([99, 199, 399, 799, 999]);
    expect(retryDelayMs(3, policy, undefined, () => 0)).to.equal(0);
    expect(retryDelayMs(3, policy, undefined, () => 0.5)).to.equal(200);
    expect(retryDelayMs(60, policy, undefined, top)).to.equal(999);
    expect(retryDelayMs(2000, policy, undefined, top)).to.equal(999);
  });

  it('honours Retry-After exactly, capped at maxDelayMs', () => {
    expect(retryDelayMs(1, policy, 700, () => 0)).to.equal(700);
    expect(retryDelayMs(1, policy, 5000, () => 0)).to.equal(1000);
    expect(retryDelayMs(1, policy, 0, () => 0.9)).to.equal(0);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).to.equal(3000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('1.5', now)).to.equal(1500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).to.equal(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter('-1', now)).to.equal(undefined);
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
    expect(parseRetryAfter('', now)).to.equal(undefined);
  });

  describe('withRetry', () => {
    function script(outcomes: AttemptOutcome<string>[]) {
      const calls: number[] = [];
      return {
        calls,
        attempt: async (n: number) => {
          calls.push(n);
          const outcome = outcomes[n - 1];
          if (!outcome) throw new Error('script exhausted');
          return outcome;
        },
      };
    }
    const transient = (retryAfterMs?: number): AttemptOutcome<string> => ({
      ok: false,
      retryable: true,
      error: new Error('transient'),
      reason: 'HTTP 503',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });

    it('retries transient failures, sleeping the computed delays', async () => {
      const sleeps: number[] = [];
      const retries: number[] = [];
      const s = script([transient(), transient(250), { ok: true, value: 'done' }]);
      const value = await withRetry(s.attempt, policy, {
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        onRetry: (info) => retries.push(info.attempt),
      });
      expect(value).to.equal('done');
      expect(s.calls).to.deep.equal([1, 2, 3]);
      expect(sleeps).to.deep.equal([50, 250]);
      expect(retries).to.deep.equal([1, 2]);
    });

    it('stops at once on a non-retryable failure', async () => {
      const fatal = new Error('fatal');
      const s = script([{ ok: false, retryable: false, error: fatal, reason: 'HTTP 400' }]);
      const error = await withRetry(s.attempt, policy, { sleep: async () => {} }).catch((e: unknown) => e);
      expect(error).to.equal(fatal);
      expect(s.calls).to.deep.equal([1]);
    });

    it('throws the last error after maxAttempts', async () => {
      const last = new Error('last');
      const s = script([transient(), transient(), { ok: false, retryable: true, error: last, reason: 'HTTP 500' }]);
      const error = await withRetry(s.attempt, { ...policy, maxAttempts: 3 }, { sleep: async () => {} }).catch((e: unknown) => e);
      expect(error).to.equal(last);
      expect(s.calls).to.deep.equal([1, 2, 3]);
    });
  });
});
