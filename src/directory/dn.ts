/** Distinguished names as the directory compares them: case-insensitively. */

/** Whether `dn` is `base` itself or an object anywhere below it. */
export function isUnder(dn: string, base: string): boolean {
  const lower = dn.toLowerCase();
  const lowerBase = base.toLowerCase();
  return lower === lowerBase || lower.endsWith(`,${lowerBase}`);
}

/** Whether two DNs name the same object. */
export function sameDn(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
