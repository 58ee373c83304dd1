/**
 * Injected faults of the emulator (`POST /_emulator/faults`): make the next matching API requests fail with
 * a status, answer slowly, or drop the connection. Emulator-only; see docs/api.md.
 */

export type FaultKind = 'status' | 'slow' | 'drop';

export interface FaultRule {
  /** Substring of the request path, or a regular expression tested against it (either matching is enough). */
  match: string;
  /** Only requests with this method (any when absent). */
  method?: string;
  kind: FaultKind;
  /** For `status`: the HTTP status answered (4xx/5xx), default 500. */
  status?: number;
  /** For `status`: adds `Retry-After: n` (seconds). */
  retryAfterSeconds?: number;
  /** For `slow`: how long the answer is held back, in ms. */
  delayMs?: number;
  /** How many matching requests the rule applies to (default 1). */
  times: number;
  /**
   * `before` (default): the fault hits before the request is processed (nothing is stored).
   * `after`: the request is processed and stored, then its answer is replaced by the fault (a lost answer).
   */
  phase?: 'before' | 'after';
}

/** Checks and normalizes a POSTed list of rules (an array, or a single rule). Returns errors as `{path, message}`. */
export function parseFaultRules(body: unknown): { rules: FaultRule[]; errors: { path: string; message: string }[] } {
  const list = Array.isArray(body) ? body : [body];
  const rules: FaultRule[] = [];
  const errors: { path: string; message: string }[] = [];
  list.forEach((item: unknown, i) => {
    const at = (field: string) => `[${i}].${field}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ path: `[${i}]`, message: 'must be an object' });
      return;
    }
    const r = item as Record<string, unknown>;
    const known = new Set(['match', 'method', 'kind', 'status', 'retryAfterSeconds', 'delayMs', 'times', 'phase']);
    for (const key of Object.keys(r)) if (!known.has(key)) errors.push({ path: at(key), message: 'unknown field' });
    const before = errors.length;
    if (typeof r.match !== 'string' || r.match === '') errors.push({ path: at('match'), message: 'must be a non-empty string' });
    if (r.method !== undefined && typeof r.method !== 'string') errors.push({ path: at('method'), message: 'must be a string' });
    if (r.kind !== 'status' && r.kind !== 'slow' && r.kind !== 'drop') {
      errors.push({ path: at('kind'), message: "must be 'status', 'slow' or 'drop'" });
    }
    if (r.status !== undefined && !(Number.isInteger(r.status) && (r.status as number) >= 400 && (r.status as number) <= 599)) {
      errors.push({ path: at('status'), message: 'must be an integer from 400 to 599' });
    }
    if (r.retryAfterSeconds !== undefined && !(typeof r.retryAfterSeconds === 'number' && r.retryAfterSeconds >= 0)) {
      errors.push({ path: at('retryAfterSeconds'), message: 'must be a non-negative number' });
    }
    if (r.kind === 'slow' && r.delayMs === undefined) errors.push({ path: at('delayMs'), message: "is required for kind 'slow'" });
    if (r.delayMs !== undefined && !(Number.isInteger(r.delayMs) && (r.delayMs as number) >= 0)) {
      errors.push({ path: at('delayMs'), message: 'must be a non-negative integer' });
    }
    if (r.times !== undefined && !(Number.isInteger(r.times) && (r.times as number) >= 1)) {
      errors.push({ path: at('times'), message: 'must be a positive integer' });
    }
    if (r.phase !== undefined && r.phase !== 'before' && r.phase !== 'after') {
      errors.push({ path: at('phase'), message: "must be 'before' or 'after'" });
    }
    if (errors.length > before) return;
    const rule: FaultRule = { match: r.match as string, kind: r.kind as FaultKind, times: (r.times as number | undefined) ?? 1 };
    if (typeof r.method === 'string') rule.method = r.method.toUpperCase();
    if (rule.kind === 'status') rule.status = (r.status as number | undefined) ?? 500;
    if (r.retryAfterSeconds !== undefined) rule.retryAfterSeconds = r.retryAfterSeconds as number;
    if (r.delayMs !== undefined) rule.delayMs = r.delayMs as number;
    if (r.phase !== undefined) rule.phase = r.phase as 'before' | 'after';
    rules.push(rule);
  });
  return { rules, errors };
}

function pathMatches(match: string, path: string): boolean {
  if (path.includes(match)) return true;
  try {
    return new RegExp(match).test(path);
  } catch {
    return false;
  }
}

/** The active rules, consumed first-come first-served. */
export class FaultSet {
  private rules: FaultRule[] = [];

  add(rules: FaultRule[]): void {
    this.rules.push(...rules.map((r) => ({ ...r })));
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first rule matching the request, with one use consumed (a rule is removed when used up). */
  take(method: string, path: string): FaultRule | undefined {
    const index = this.rules.findIndex((r) => (!r.method || r.method === method.toUpperCase()) && pathMatches(r.match, path));
    const rule = this.rules[index];
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.rules.splice(index, 1);
    return { ...rule, times: rule.times };
  }
}
