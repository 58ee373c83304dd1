import { createHash } from 'node:crypto';
import type { UserPayload } from '../api/types.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Stable hash of a payload: key order does not matter; the photo counts by its sha256, not its bytes. */
export function hashPayload(payload: UserPayload): string {
  const { photo, ...rest } = payload;
  const hashed = photo ? { ...rest, photo: photo.sha256 } : rest;
  return createHash('sha256').update(JSON.stringify(canonical(hashed))).digest('hex');
}
