/**
 * The little BER (X.690) that an LDAP ping needs: definite lengths, one-byte tags. Enough to write
 * the request and to walk the answer; not a general ASN.1 library.
 */

/** A tag, its length and its content, from `bytes` at `offset`. */
export interface Tlv {
  tag: number;
  content: Buffer;
  /** Offset just after this element. */
  end: number;
}

export class BerError extends Error {
  override readonly name = 'BerError';
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: tag, definite length, content. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

/** An INTEGER (or ENUMERATED with its tag) of a non-negative value, in the fewest bytes. */
export function berInteger(value: number, tag = 0x02): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(tag, Buffer.from(bytes));
}

export function berOctets(value: string | Buffer, tag = 0x04): Buffer {
  return tlv(tag, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

/** The element at `offset`; throws BerError when it runs past the end of `bytes`. */
export function readTlv(bytes: Buffer, offset = 0): Tlv {
  if (offset + 2 > bytes.length) throw new BerError(`BER element truncated at byte ${offset}`);
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > bytes.length) throw new BerError(`BER length not supported or truncated at byte ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) throw new BerError(`BER element at byte ${offset} claims ${length} bytes, ${bytes.length - start} left`);
  return { tag, content: bytes.subarray(start, end), end };
}

/** The elements of a constructed element's content, in order. */
export function readChildren(content: Buffer): Tlv[] {
  const children: Tlv[] = [];
  for (let offset = 0; offset < content.length; ) {
    const child = readTlv(content, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The value of an INTEGER or ENUMERATED element (non-negative values of up to 6 bytes). */
export function integerValue(element: Tlv): number {
  let value = 0;
  for (const byte of element.content) value = value * 256 + byte;
  return value;
}
