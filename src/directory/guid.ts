/**
 * AD stores objectGUID as 16 bytes whose first three fields are little-endian; the string form
 * everyone shows (and the API uses) is the dashed, lower-case, field-order form.
 */
const BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuidString(text: string): boolean {
  return GUID_PATTERN.test(text.trim().replace(/^\{|\}$/g, ''));
}

export function guidFromBytes(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`objectGUID must be 16 bytes, got ${bytes.length}`);
  const hex = BYTE_ORDER.map((index) => (bytes[index] as number).toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function guidToBytes(guid: string): Buffer {
  const clean = guid.trim().replace(/^\{|\}$/g, '');
  if (!GUID_PATTERN.test(clean)) throw new Error(`not a GUID: ${guid}`);
  const fieldOrder = Buffer.from(clean.replace(/-/g, ''), 'hex');
  const bytes = Buffer.alloc(16);
  BYTE_ORDER.forEach((source, target) => {
    bytes[source] = fieldOrder[target] as number;
  });
  return bytes;
}
