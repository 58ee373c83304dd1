/**
 * Retry with exponential backoff and full jitter, honouring Retry-After. Pure and injectable (random source,
 * sleep) so tests run instantly. Used by HttpSignature365Client; knows nothing about HTTP beyond Retry-After.
 */

export interface RetryPolicy {
  /** Total attempts including the first one (>= 1). Default 6. */
  maxAttempts: number;
  /** Backoff ceiling before the first retry, doubled on each further retry. Default 500 ms. */
  baseDelayMs: number;
  /** No wait ever exceeds this, Retry-After included. Default 30000 ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Wait before the retry that follows failed attempt number `attempt` (1-based).
 * - With `retryAfterMs` (the server's Retry-After): exactly that, capped at maxDelayMs. A server asking for
 *   longer than maxDelayMs is retried after maxDelayMs (and may answer 429 again, using up an attempt).
 * - Otherwise full jitter: uniform in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))).
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return Math.min(policy.maxDelayMs, Math.max(0, Math.ceil(retryAfterMs)));
  }
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header: delta-seconds (`"3"`, decimals accepted) or an HTTP date. Returns milliseconds
 * from `now` (a past date gives 0), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // e.g. `-1`: neither delta-seconds nor an HTTP date
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** What one attempt produced: a value, or an error that is worth retrying (or not). */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; retryable: boolean; error: Error; retryAfterMs?: number; reason: string };

export interface RetryHooks {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait; `attempt` is the attempt that just failed. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt(n)` (n = 1, 2, ...) until it succeeds, fails non-retryably, or maxAttempts is reached;
 * then throws the last outcome's error as it is.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<AttemptOutcome<T>>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable || n >= maxAttempts) throw outcome.error;
    const delayMs = retryDelayMs(n, policy, outcome.retryAfterMs, hooks.random);
    hooks.onRetry?.({ attempt: n, delayMs, reason: outcome.reason });
    await sleep(delayMs);
  }
}
