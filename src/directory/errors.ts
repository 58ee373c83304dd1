/**
 * The directory layer's own errors. Each extends the protocol error whose stable code (and exit
 * code) it reports, so callers above see the same codes, and can tell a directory error apart.
 */
import type { DirectoryUnreachableDetails } from '../protocol/error-details.js';
import { BadRequestError, DirectoryError, DirectoryUnreachableError } from '../protocol/errors.js';

/** Directory settings that cannot work (no server, not an LDAP URL, plain LDAP without the opt-in): BAD_REQUEST, exit 2. */
export class DirectorySettingsError extends BadRequestError {}

export interface ConnectionLostDetails extends DirectoryUnreachableDetails {
  /** Where the read was when the DC went away. */
  baseDn: string;
  connectionLost: true;
}

/**
 * The DC went away (or stopped answering) in the middle of a read, whatever was being read (users,
 * the scope groups' closures, the group graph): nothing is sent yet, so the run may read everything
 * again from the next DC. DIRECTORY_UNREACHABLE, exit 4, when none is left.
 */
export class DirectoryConnectionLostError extends DirectoryUnreachableError {
  declare readonly details: ConnectionLostDetails;

  constructor(message: string, baseDn: string, options?: { cause?: unknown }) {
    super(message, { baseDn, connectionLost: true } satisfies ConnectionLostDetails, options);
  }
}

/**
 * The DC ended a paged search after some pages had arrived, for a reason of the search rather
 * than of the connection: it refused the paged results cookie (the result set expired, or the DC
 * dropped it). Nothing is sent yet, so the run reads everything again, once. DIRECTORY_ERROR,
 * exit 4, when it happens again.
 */
export class PagedSearchInterruptedError extends DirectoryError {}
