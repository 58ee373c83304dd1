import { DirectoryError } from '../../protocol/errors.js';
import { entryString, entryStrings, type EntryValues } from './entry.js';

/**
 * Ranged retrieval of a multi-valued attribute (AD's "range option", used for `member` of large
 * groups). AD returns at most MaxValRange (1,500) values and names the attribute
 * `member;range=0-1499`; a client that asked for plain `member` then sees no `member` at all. So
 * we always ask with explicit ranges and step on what the server answered: `member;range=X-Y`
 * (more to come from Y+1) or `member;range=X-*` (the last chunk).
 */

/** One chunk as the server named it. */
export interface RangeChunk {
  low: number;
  /** `*` for the last chunk. */
  high: number | '*';
  values: string[];
}

/** AD's default MaxValRange. */
export const DEFAULT_RANGE_STEP = 1500;

/** Parses `member;range=0-1499` / `member;range=1500-*` for the given attribute; undefined for any other name. */
export function parseRangedName(name: string, attribute: string): { low: number; high: number | '*' } | undefined {
  const match = /^([^;]+);range=(\d+)-(\d+|\*)$/i.exec(name);
  if (!match || match[1]!.toLowerCase() !== attribute.toLowerCase()) return undefined;
  const low = Number(match[2]);
  const high = match[3] === '*' ? '*' : Number(match[3]);
  return { low, high };
}

/** The request option for one chunk: `member;range=<low>-<low + step - 1>`. */
export function rangeRequest(attribute: string, low: number, step: number): string {
  return `${attribute};range=${low}-${low + step - 1}`;
}

/**
 * The chunk the server returned in an entry, or undefined when it returned no value of the
 * attribute. ldapts lists every requested attribute, so the requested name appears with no
 * values when the server answered under another range (e.g. asked 0-99, got 0-*): that empty echo
 * is not a chunk. A server that ignores range options and returns the plain attribute gives a
 * single, last chunk. Two different chunks in one entry are inconsistent.
 */
export function chunkOf(entry: EntryValues, attribute: string, requested: string): RangeChunk | undefined {
  const chunks: RangeChunk[] = [];
  let plain: string[] | undefined;
  for (const name of Object.keys(entry)) {
    const values = entryStrings(entry, name);
    if (name.toLowerCase() === attribute.toLowerCase()) {
      if (values.length > 0) plain = values;
      continue;
    }
    const range = parseRangedName(name, attribute);
    if (!range) continue;
    if (name.toLowerCase() === requested.toLowerCase() && values.length === 0) continue;
    chunks.push({ ...range, values });
  }
  if (chunks.length > 1) {
    throw new DirectoryError(`The directory returned ${chunks.length} ranges of '${attribute}' in one answer.`, { ranges: chunks.map((c) => `${c.low}-${c.high}`) });
  }
  if (chunks[0]) return chunks[0];
  return plain ? { low: 0, high: '*', values: plain } : undefined;
}

/** Reads one chunk: the entry (with the ranged attribute and `uSNChanged`), undefined when the object is gone. */
export type RangeFetcher = (requestedAttribute: string) => Promise<EntryValues | undefined>;

export interface RangedReadOptions {
  attribute: string;
  step: number;
  /** For messages: what is read (the group's DN). */
  what: string;
  /** A read that saw the object change between chunks is restarted this many times before it fails. */
  restarts?: number;
}

/**
 * Every value of a ranged attribute. Fails with DirectoryError (so the run stops before anything
 * is sent) when an answer is incomplete or inconsistent: a chunk that does not start where asked,
 * a bounded chunk with fewer or more values than its range says, a missing chunk after the first,
 * values repeated across chunks, or the object gone half-way. When the object's uSNChanged moves
 * between chunks (its membership changed during the read) the read starts again.
 */
export async function readRanged(fetch: RangeFetcher, options: RangedReadOptions): Promise<string[]> {
  const { attribute, step, what } = options;
  if (!Number.isInteger(step) || step < 1) throw new DirectoryError(`The range step must be a positive whole number, got ${step}.`);
  const attempts = (options.restarts ?? 2) + 1;
  for (let attempt = 1; ; attempt++) {
    const values: string[] = [];
    let usn: string | undefined;
    let changed = false;
    for (let low = 0, round = 0; ; round++) {
      const requested = rangeRequest(attribute, low, step);
      const entry = await fetch(requested);
      if (!entry) {
        throw new DirectoryError(`'${what}' disappeared while its '${attribute}' values were read (at value ${low}).`, { dn: what, at: low });
      }
      const entryUsn = entryString(entry, 'uSNChanged') ?? entryString(entry, 'usnchanged');
      if (round === 0) usn = entryUsn;
      else if (entryUsn !== usn) {
        changed = true;
        break;
      }
      const chunk = chunkOf(entry, attribute, requested);
      if (!chunk) {
        if (low === 0) return values;
        throw new DirectoryError(
          `Incomplete ranged read of '${attribute}' of '${what}': the directory returned nothing from value ${low} on.`,
          { dn: what, at: low },
        );
      }
      if (chunk.low !== low) {
        throw new DirectoryError(
          `Inconsistent ranged read of '${attribute}' of '${what}': asked from value ${low}, got ${chunk.low}-${chunk.high}.`,
          { dn: what, asked: requested, got: `${chunk.low}-${chunk.high}` },
        );
      }
      if (chunk.high === '*') {
        values.push(...chunk.values);
        break;
      }
      if (chunk.high < low || chunk.values.length !== chunk.high - low + 1) {
        throw new DirectoryError(
          `Inconsistent ranged read of '${attribute}' of '${what}': range ${chunk.low}-${chunk.high} carried ${chunk.values.length} values.`,
          { dn: what, got: `${chunk.low}-${chunk.high}`, values: chunk.values.length },
        );
      }
      values.push(...chunk.values);
      low = chunk.high + 1;
    }
    if (!changed) {
      const distinct = new Set(values.map((value) => value.toLowerCase()));
      if (distinct.size !== values.length) {
        throw new DirectoryError(`Inconsistent ranged read of '${attribute}' of '${what}': ${values.length - distinct.size} values came twice.`, { dn: what });
      }
      return values;
    }
    if (attempt >= attempts) {
      throw new DirectoryError(`'${what}' kept changing while its '${attribute}' values were read (${attempts} attempts); try again later.`, { dn: what });
    }
  }
}
