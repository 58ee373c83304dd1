/**
 * Reading the values of a search entry as ldapts returns them (a value, or an array of values;
 * strings, or Buffers for the attributes asked as binary): every attribute read goes through here.
 */
import { DirectoryError } from '../../protocol/errors.js';
import { guidFromBytes } from '../guid.js';

/** A search entry, or any record of attribute values (a ranged read's entry). */
export type EntryValues = Readonly<Record<string, unknown>>;

function valuesOf(entry: EntryValues, name: string): unknown[] {
  const raw = entry[name];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** Every value as text (binary ones decoded as UTF-8); empty values are dropped. */
export function entryStrings(entry: EntryValues, name: string): string[] {
  return valuesOf(entry, name)
    .map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)))
    .filter((value) => value !== '');
}

/** The first value as text. */
export function entryString(entry: EntryValues, name: string): string | undefined {
  return entryStrings(entry, name)[0];
}

/** The first value of a binary attribute; undefined when absent, empty or not read as binary. */
export function entryBytes(entry: EntryValues, name: string): Buffer | undefined {
  const first = valuesOf(entry, name)[0];
  return Buffer.isBuffer(first) && first.length > 0 ? first : undefined;
}

/** A TRUE/FALSE attribute (isCriticalSystemObject, isSingleValued). */
export function entryBoolean(entry: EntryValues, name: string): boolean | undefined {
  const value = entryString(entry, name);
  return value === undefined ? undefined : value.toUpperCase() === 'TRUE';
}

/** A GUID attribute (objectGUID, invocationId) as the dashed string; undefined when it is not 16 bytes. */
export function entryGuid(entry: EntryValues, name: string): string | undefined {
  const bytes = entryBytes(entry, name);
  return bytes?.length === 16 ? guidFromBytes(bytes) : undefined;
}

/** The entry's objectGUID; an entry without one (not read as binary) is a directory error. */
export function objectGuidOf(entry: EntryValues & { dn: string }): string {
  const raw = valuesOf(entry, 'objectGUID')[0];
  if (!Buffer.isBuffer(raw)) throw new DirectoryError(`Entry ${entry.dn} has no binary objectGUID.`);
  return guidFromBytes(raw);
}
