/**
 * The limits of the agent API's payloads (docs/api.md, docs/openapi.yaml) that the agent itself
 * needs: to clip what it sends and to check what it is told to map. The emulator's validation of
 * whole request bodies (src/emulator/request-schema.ts) enforces the same limits.
 */
import type { UserPhoto } from './types.js';

/** Longest accepted string field (characters). */
export const MAX_STRING_LENGTH = 1024;
/** Longest accepted `description` (characters). */
export const MAX_DESCRIPTION_LENGTH = 4096;
/** Most entries in `proxyEmails`. */
export const MAX_PROXY_EMAILS = 1000;
/** Most keys in `customAttributes`, and the longest key. */
export const MAX_CUSTOM_ATTRIBUTES = 100;
export const MAX_CUSTOM_ATTRIBUTE_KEY_LENGTH = 128;
/** Longest accepted `agentVersion`. */
export const MAX_AGENT_VERSION_LENGTH = 64;

export const PHOTO_CONTENT_TYPES: readonly UserPhoto['contentType'][] = ['image/jpeg', 'image/png', 'image/gif', 'image/bmp'];

/** Dot-atom local part; non-ASCII characters are allowed (internationalized addresses, RFC 6531). */
const EMAIL_LOCAL_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;
/** A DNS label, or its Unicode (IDN) form. */
const DOMAIN_LABEL_RE = /^[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]{0,61}[A-Za-z0-9\u0080-\uFFFF])?$/;

/** A pragmatic syntactic check of an email address (dot-atom local part, dotted DNS or IDN domain). */
export function isEmail(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  return EMAIL_LOCAL_RE.test(local) && labels.length >= 2 && labels.every((label) => DOMAIN_LABEL_RE.test(label));
}
