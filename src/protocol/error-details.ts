/**
 * The shapes of `error.details` in a failed result (docs/protocol.md): one per kind of error, so
 * that code reading them (the sync engine, the renderer, tests) needs no casts.
 */

/**
 * Facts about a failure, never a secret: the open end of the shapes below. Outside text in details is
 * masked where it is put in (docs/security.md#secrets).
 */
type MoreFacts = Readonly<Record<string, unknown>>;

/** BAD_REQUEST: the param at fault, or the identity looked up and what it matched. */
export interface BadRequestDetails extends MoreFacts {
  param?: string;
  identity?: string;
  candidates?: readonly object[];
}

/** API_ERROR, API_UNREACHABLE, AUTH_REFUSED, INTEGRATION_DISABLED: one call to the agent API. */
export interface ApiErrorDetails {
  method: string;
  /** Endpoint path relative to the API URL, e.g. `/v1/runs/<id>/users`. */
  path: string;
  /** Attempts made, retries included. */
  attempts: number;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The server's `error.code` (HTTP errors) or the network error code (e.g. ECONNREFUSED). */
  code?: string;
  /** The server's `error.message`. */
  serverMessage?: string;
  /** The server's field errors (400). */
  fields?: { path: string; message: string }[];
  /** The server's `error.details` (e.g. `openRunId`, `lastActivityAt` with RUN_OPEN). */
  serverDetails?: Record<string, unknown>;
}

/** API_ERROR when Signature 365 rejected too many of the users sent: the first rejections. */
export interface RejectionsDetails {
  rejections: readonly { objectGuid: string; email: string; reason: string }[];
}

/** DIRECTORY_UNREACHABLE: `connectionLost` when a DC went away in the middle of a read. */
export interface DirectoryUnreachableDetails extends MoreFacts {
  connectionLost?: boolean;
}

/** CONFIG_CORRUPT: the file or folder of the config directory that is damaged. */
export interface ConfigCorruptDetails {
  file: string;
  /**
   * `secret-unreadable`: a secret of secrets.json is sealed (DPAPI on Windows) and cannot be
   * unsealed here: sealed on another machine, damaged, or the sealer (the Windows bridge) is not
   * usable here. `secret` names which one (never its value).
   * `secrets-exposed`: secrets.json admits other accounts, so it is not read (POSIX: `mode` admits
   * group or others, or `owner` is another account than the agent's and not root; Windows: the
   * config directory's ACL admitted `accounts` and could not be restricted again). The message says
   * how to close it and to rotate the secrets.
   */
  problem?: 'secret-unreadable' | 'secrets-exposed';
  secret?: string;
  /** `secrets-exposed` on POSIX: the file's mode as chmod spells it, e.g. `0644`. */
  mode?: string;
  /** `secrets-exposed` on POSIX: the uid owning the file. */
  owner?: number;
  /** `secrets-exposed` on Windows: the SIDs the folder's ACL admitted besides the agent's own. */
  accounts?: string[];
}

/** CONFIG_UNWRITABLE: where a write failed, and why. */
export interface ConfigUnwritableDetails {
  /** The config directory. */
  dir: string;
  /** The file the failed write was for, when known. */
  file?: string;
  /**
   * `full`: no space left on the volume; `read-only`: a read-only volume; `denied`: this account may
   * not write there; `sealer-unavailable`: secrets are sealed on this platform (Windows: DPAPI through
   * the bridge, which also sets the folder's ACL) and the sealer cannot run on this machine (the
   * .NET Framework 4.7.2 missing), so no secret is written, never one in clear instead.
   */
  problem: 'full' | 'read-only' | 'denied' | 'sealer-unavailable';
}

/** LOCKED: who holds the sync lock. */
export interface LockedDetails {
  pid: number;
  host: string;
  startedAt: string;
}
