/** What a value met again while walking it (a cycle, or one object reached twice) becomes. */
export const CIRCULAR = '[Circular]';

/**
 * A copy of `value` with every string in it (leaves and object keys, at any depth) passed through
 * `map`. Iterative, so depth costs no stack; an object met again becomes CIRCULAR, so the copy can
 * always be serialised. Only own enumerable properties are copied, as JSON.stringify would.
 */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  const seen = new WeakSet<object>();
  const root: Record<string, unknown> = {};
  const pending: { source: unknown; target: Record<string, unknown>; key: string }[] = [{ source: value, target: root, key: 'value' }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { source, target, key } = item;
    if (typeof source === 'string') target[key] = map(source);
    else if (source === null || typeof source !== 'object') target[key] = source;
    else if (seen.has(source)) target[key] = CIRCULAR;
    else {
      seen.add(source);
      const isArray = Array.isArray(source);
      const copy: Record<string, unknown> = isArray ? ([] as unknown as Record<string, unknown>) : {};
      target[key] = copy;
      for (const [k, v] of Object.entries(source)) {
        const copiedKey = isArray ? k : map(k);
        copy[copiedKey] = undefined; // keeps the key order, as the stack fills the values in reverse
        pending.push({ source: v, target: copy, key: copiedKey });
      }
    }
  }
  return root.value;
}
