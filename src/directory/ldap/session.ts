import { ResultCodeError, type Filter } from 'ldapts';

/**
 * What the LDAP logic (paging callers, ranged member reads, in-chain, Show Deleted, failover,
 * primary groups, the schema and discover) needs of a bound connection, and nothing more. Two
 * transports implement it: ldapts (simple bind, ldapts-session.ts) and the .NET Negotiate session
 * through edge-js (integrated auth, bridge-session.ts). Everything above it is written once.
 */
export interface LdapSession {
  /** One search request; every entry of its answer (base reads, ranged reads, small searches). */
  search(request: SessionSearch): Promise<SessionEntry[]>;
  /**
   * A paged search (RFC 2696, `pageSize` entries a page): the pages as they arrive, each a page's
   * entries. The transport carries the cookie from one page to the next.
   */
  searchPages(request: SessionSearch, pageSize: number): AsyncIterable<SessionEntry[]>;
  /** Unbinds; never throws. */
  close(): Promise<void>;
}

/** Opens and binds a session to one server (an ldap:// or ldaps:// URL); the failover loop calls it per DC. */
export type SessionOpener = (server: string) => Promise<LdapSession>;

export interface SessionSearch {
  base: string;
  scope: 'base' | 'one' | 'sub';
  filter: Filter;
  /** Attributes to return; `member;range=0-1499` style names for ranged reads. */
  attributes: readonly string[];
  /** Attributes whose values come back as Buffers (objectGUID, objectSid, thumbnailPhoto...). */
  binaryAttributes?: readonly string[];
  /** Server-side time limit in seconds (in-chain searches). */
  timeLimitSeconds?: number;
  controls?: readonly SessionControl[];
}

/** A request control without a value (controls/show-deleted.ts). Paged results is searchPages' business. */
export interface SessionControl {
  oid: string;
  critical: boolean;
}

/**
 * An entry: its DN, and attribute values under the requested attribute's spelling (a ranged
 * attribute under the name the server gave, e.g. `member;range=0-1499`): a value or an array;
 * strings, or Buffers for binary attributes. ldapts's Entry has this shape.
 */
export interface SessionEntry {
  dn: string;
  [attribute: string]: string | string[] | Buffer | Buffer[];
}

/** LDAP result codes the logic tells apart (RFC 4511 4.1.9, and the client-side ones of RFC 3494 / libldap). */
export const LdapResultCode = {
  operationsError: 1,
  timeLimitExceeded: 3,
  adminLimitExceeded: 11,
  unavailableCriticalExtension: 12,
  inappropriateMatching: 18,
  noSuchObject: 32,
  invalidCredentials: 49,
  unwillingToPerform: 53,
  /** Client side: the server went away. */
  serverDown: 81,
  /** Client side: e.g. no Kerberos ticket for a GSSAPI bind. */
  localError: 82,
  timeout: 85,
  connectError: 91,
} as const;

/** An LDAP result that was not success, from a transport that has no error class per code (the bridge). */
export class LdapResultError extends Error {
  override readonly name = 'LdapResultError';
  constructor(
    message: string,
    readonly resultCode: number,
    readonly serverMessage?: string,
  ) {
    super(message);
  }
}

/** The LDAP result code of a failed operation, from either transport; undefined for anything else. */
export function ldapResultCode(error: unknown): number | undefined {
  if (error instanceof LdapResultError) return error.resultCode;
  if (error instanceof ResultCodeError) return error.code;
  return undefined;
}
