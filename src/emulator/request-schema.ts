/**
 * Validation of the agent API's request bodies (docs/api.md, docs/openapi.yaml), as the emulator
 * enforces them: it refuses a body with 400 when these report anything. Each problem is a
 * `{path, message}` with a path like `users[3].photo.sha256`. Only Node built-ins are used.
 */
import { createHash } from 'node:crypto';
import {
  isEmail,
  MAX_AGENT_VERSION_LENGTH,
  MAX_CUSTOM_ATTRIBUTE_KEY_LENGTH,
  MAX_CUSTOM_ATTRIBUTES,
  MAX_DESCRIPTION_LENGTH,
  MAX_PROXY_EMAILS,
  MAX_STRING_LENGTH,
  PHOTO_CONTENT_TYPES,
} from '../api/schema.js';
import { MAX_PHOTO_BYTES, type UserPhoto } from '../api/types.js';

export interface FieldError {
  path: string;
  message: string;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_RE = /^[0-9a-f]{64}$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Plain optional string fields of a user, with their maximum length. */
const USER_STRING_FIELDS: Record<string, number> = {
  userPrincipalName: MAX_STRING_LENGTH,
  displayName: MAX_STRING_LENGTH,
  givenName: MAX_STRING_LENGTH,
  surname: MAX_STRING_LENGTH,
  jobTitle: MAX_STRING_LENGTH,
  department: MAX_STRING_LENGTH,
  companyName: MAX_STRING_LENGTH,
  officeLocation: MAX_STRING_LENGTH,
  phone: MAX_STRING_LENGTH,
  mobile: MAX_STRING_LENGTH,
  fax: MAX_STRING_LENGTH,
  streetAddress: MAX_STRING_LENGTH,
  postOfficeBox: MAX_STRING_LENGTH,
  city: MAX_STRING_LENGTH,
  state: MAX_STRING_LENGTH,
  postalCode: MAX_STRING_LENGTH,
  country: MAX_STRING_LENGTH,
  countryCode: MAX_STRING_LENGTH,
  website: MAX_STRING_LENGTH,
  description: MAX_DESCRIPTION_LENGTH,
  employeeId: MAX_STRING_LENGTH,
};
const USER_FIELDS = new Set([
  'objectGuid',
  'email',
  'proxyEmails',
  'managerEmail',
  'customAttributes',
  'photo',
  'enabled',
  ...Object.keys(USER_STRING_FIELDS),
]);
const PHOTO_FIELDS = new Set(['contentType', 'sha256', 'data']);
const GROUP_FIELDS = new Set(['objectGuid', 'name', 'email', 'description', 'memberGuids']);
const TOTALS_FIELDS = ['usersSent', 'usersMatched', 'usersUnmatched', 'usersRejected', 'groupsSent', 'usersRemoved'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

class Collector {
  readonly errors: FieldError[] = [];
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  unknownFields(value: Record<string, unknown>, allowed: Set<string>, prefix: string): void {
    for (const key of Object.keys(value)) if (!allowed.has(key)) this.add(join(prefix, key), 'unknown field');
  }
  /** A non-empty string of at most `max` characters; returns it when valid. */
  string(value: unknown, path: string, max = MAX_STRING_LENGTH): string | undefined {
    if (typeof value !== 'string') this.add(path, `must be a string, got ${describe(value)}`);
    else if (value.length === 0) this.add(path, 'must not be empty (omit the field instead)');
    else if (value.length > max) this.add(path, `must be at most ${max} characters (got ${value.length})`);
    else return value;
    return undefined;
  }
  guid(value: unknown, path: string): void {
    if (typeof value !== 'string') this.add(path, `must be a GUID string, got ${describe(value)}`);
    else if (!GUID_RE.test(value)) this.add(path, 'must be a lower-case dashed GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
  }
  email(value: unknown, path: string): void {
    if (this.string(value, path) !== undefined && !isEmail(value)) this.add(path, 'must be a valid email address');
  }
  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.add(path, `must be an array, got ${describe(value)}`);
    return undefined;
  }
}

function checkPhoto(c: Collector, value: unknown, path: string): void {
  if (!isPlainObject(value)) {
    c.add(path, `must be an object, got ${describe(value)}`);
    return;
  }
  c.unknownFields(value, PHOTO_FIELDS, path);
  const { contentType, sha256, data } = value;
  if (typeof contentType !== 'string' || !(PHOTO_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    c.add(join(path, 'contentType'), `must be one of ${PHOTO_CONTENT_TYPES.join(', ')}`);
  }
  if (typeof sha256 !== 'string' || !SHA256_RE.test(sha256)) c.add(join(path, 'sha256'), 'must be 64 lower-case hex characters');
  if (typeof data !== 'string' || data.length === 0) c.add(join(path, 'data'), 'must be a non-empty base64 string');
  else if (data.length % 4 !== 0 || !BASE64_RE.test(data)) c.add(join(path, 'data'), 'must be standard padded base64');
}

/** An item of a batch: an object holding no field but `fields`, with an objectGuid; undefined when no object. */
function batchItem(c: Collector, value: unknown, prefix: string, fields: Set<string>): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    c.add(prefix || '(root)', `must be an object, got ${describe(value)}`);
    return undefined;
  }
  c.unknownFields(value, fields, prefix);
  c.guid(value.objectGuid, join(prefix, 'objectGuid'));
  return value;
}

function checkUser(c: Collector, item: unknown, prefix: string): void {
  const value = batchItem(c, item, prefix, USER_FIELDS);
  if (!value) return;
  c.email(value.email, join(prefix, 'email'));
  if (typeof value.enabled !== 'boolean') c.add(join(prefix, 'enabled'), `must be a boolean, got ${describe(value.enabled)}`);
  for (const [field, max] of Object.entries(USER_STRING_FIELDS)) {
    if (value[field] !== undefined) c.string(value[field], join(prefix, field), max);
  }
  if (value.managerEmail !== undefined) c.email(value.managerEmail, join(prefix, 'managerEmail'));
  if (value.proxyEmails !== undefined) {
    const list = c.array(value.proxyEmails, join(prefix, 'proxyEmails'));
    if (list && list.length > MAX_PROXY_EMAILS) c.add(join(prefix, 'proxyEmails'), `must have at most ${MAX_PROXY_EMAILS} entries`);
    list?.forEach((item, i) => c.email(item, `${join(prefix, 'proxyEmails')}[${i}]`));
  }
  if (value.customAttributes !== undefined) {
    const path = join(prefix, 'customAttributes');
    const attributes = value.customAttributes;
    if (!isPlainObject(attributes)) c.add(path, `must be an object of string values, got ${describe(attributes)}`);
    else {
      const keys = Object.keys(attributes);
      if (keys.length > MAX_CUSTOM_ATTRIBUTES) c.add(path, `must have at most ${MAX_CUSTOM_ATTRIBUTES} keys`);
      for (const key of keys) {
        if (key.length === 0 || key.length > MAX_CUSTOM_ATTRIBUTE_KEY_LENGTH) {
          c.add(`${path}.${key}`, `key must be 1 to ${MAX_CUSTOM_ATTRIBUTE_KEY_LENGTH} characters`);
        }
        c.string(attributes[key], `${path}.${key}`);
      }
    }
  }
  if (value.photo !== undefined) checkPhoto(c, value.photo, join(prefix, 'photo'));
}

function checkGroup(c: Collector, item: unknown, prefix: string): void {
  const value = batchItem(c, item, prefix, GROUP_FIELDS);
  if (!value) return;
  c.string(value.name, join(prefix, 'name'));
  if (value.email !== undefined) c.email(value.email, join(prefix, 'email'));
  if (value.description !== undefined) c.string(value.description, join(prefix, 'description'), MAX_DESCRIPTION_LENGTH);
  const members = c.array(value.memberGuids, join(prefix, 'memberGuids'));
  members?.forEach((item, i) => c.guid(item, `${join(prefix, 'memberGuids')}[${i}]`));
}

/** Reports a guid seen twice in one batch (the batch would be ambiguous). */
function checkDuplicates(c: Collector, guids: unknown[], pathOf: (i: number) => string): void {
  const seen = new Map<string, number>();
  guids.forEach((guid, i) => {
    if (typeof guid !== 'string') return;
    const first = seen.get(guid);
    if (first === undefined) seen.set(guid, i);
    else c.add(pathOf(i), `duplicate objectGuid in batch (first at index ${first})`);
  });
}

/** A body `{ <key>: [...] }` with no other field; returns the array when present. */
/** The body as a JSON object that holds no field but `fields`, or undefined (the error noted). */
function objectBody(c: Collector, body: unknown, fields: readonly string[]): Record<string, unknown> | undefined {
  if (!isPlainObject(body)) {
    c.add('(root)', `body must be a JSON object, got ${describe(body)}`);
    return undefined;
  }
  c.unknownFields(body, new Set(fields), '');
  return body;
}

/** Checks a body that must be a JSON object holding no field but `fields`; the errors found. */
function validateObjectBody(raw: unknown, fields: readonly string[], check: (c: Collector, body: Record<string, unknown>) => void): FieldError[] {
  const c = new Collector();
  const body = objectBody(c, raw, fields);
  if (body) check(c, body);
  return c.errors;
}

function batchEnvelope(c: Collector, raw: unknown, key: string): unknown[] | undefined {
  const body = objectBody(c, raw, [key]);
  if (!body) return undefined;
  if (body[key] === undefined) {
    c.add(key, 'is required');
    return undefined;
  }
  return c.array(body[key], key);
}

/** A batch of payloads `{ <key>: [...] }`, each checked by `check`, no objectGuid twice. */
function validateUpsertBatch(body: unknown, key: string, check: (c: Collector, value: unknown, prefix: string) => void): FieldError[] {
  const c = new Collector();
  const items = batchEnvelope(c, body, key);
  if (items) {
    items.forEach((item, i) => check(c, item, `${key}[${i}]`));
    checkDuplicates(c, items.map((item) => (isPlainObject(item) ? item.objectGuid : undefined)), (i) => `${key}[${i}].objectGuid`);
  }
  return c.errors;
}

/** Body of `POST /v1/runs/{runId}/users`: `{ users: UserPayload[] }`. Does not check MAX_BATCH_SIZE (that is a 413). */
export function validateUpsertUsersRequest(body: unknown): FieldError[] {
  return validateUpsertBatch(body, 'users', checkUser);
}

/** Body of `POST /v1/runs/{runId}/groups`: `{ groups: GroupPayload[] }`. */
export function validateUpsertGroupsRequest(body: unknown): FieldError[] {
  return validateUpsertBatch(body, 'groups', checkGroup);
}

/** Body of `POST /v1/runs/{runId}/removals`: `{ objectGuids: string[] }`. */
export function validateRemoveUsersRequest(body: unknown): FieldError[] {
  const c = new Collector();
  const guids = batchEnvelope(c, body, 'objectGuids');
  guids?.forEach((guid, i) => c.guid(guid, `objectGuids[${i}]`));
  return c.errors;
}

/** Body of `POST /v1/runs`: `{ mode: 'full'|'delta', agentVersion }`. */
export function validateOpenRunRequest(raw: unknown): FieldError[] {
  return validateObjectBody(raw, ['mode', 'agentVersion'], (c, body) => {
    if (body.mode !== 'full' && body.mode !== 'delta') c.add('mode', "must be 'full' or 'delta'");
    c.string(body.agentVersion, 'agentVersion', MAX_AGENT_VERSION_LENGTH);
  });
}

/** Body of `POST /v1/runs/{runId}/close`: `{ status: 'succeeded'|'failed', totals: RunTotals }`. */
export function validateCloseRunRequest(raw: unknown): FieldError[] {
  return validateObjectBody(raw, ['status', 'totals'], (c, body) => {
    if (body.status !== 'succeeded' && body.status !== 'failed') c.add('status', "must be 'succeeded' or 'failed'");
    const totals = body.totals;
    if (!isPlainObject(totals)) return c.add('totals', `must be an object, got ${describe(totals)}`);
    c.unknownFields(totals, new Set(TOTALS_FIELDS), 'totals');
    for (const field of TOTALS_FIELDS) {
      const n = totals[field];
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) c.add(`totals.${field}`, 'must be a non-negative integer');
    }
  });
}

/**
 * Why a schema-valid photo is refused (the user then gets outcome `rejected`), or undefined when it is fine:
 * decoded size over MAX_PHOTO_BYTES, or sha256 not matching the decoded bytes.
 */
export function photoRejection(photo: UserPhoto): string | undefined {
  const bytes = Buffer.from(photo.data, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) return `photo too large: ${bytes.length} bytes (limit ${MAX_PHOTO_BYTES})`;
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== photo.sha256) return 'photo sha256 does not match its data';
  return undefined;
}
