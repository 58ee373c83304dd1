import { DirectoryError, DirectoryUnreachableError } from '../../protocol/errors.js';
import { DirectoryConnectionLostError, PagedSearchInterruptedError } from '../errors.js';
import { outsideMessage } from '../../log/outside.js';
import { ldapResultCode, LdapResultCode } from './session.js';

/** Client-side result codes (the bridge's libldap / wldap32) that mean the connection is gone. */
const CONNECTION_RESULT_CODES: readonly number[] = [LdapResultCode.serverDown, LdapResultCode.timeout, LdapResultCode.connectError];

/**
 * Errors of the connection rather than of the request: the socket closed or failed, or an
 * operation timed out (ldapts then drops the socket), or reconnecting failed; through the bridge,
 * libldap's server down, timeout and connect error results.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const resultCode = ldapResultCode(error);
  if (resultCode !== undefined && CONNECTION_RESULT_CODES.includes(resultCode)) return true;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'].includes(code)) return true;
  return /Connection closed|Socket error|Operation timed out|Connection timeout|socket connection not established|socket hang up|ECONNRESET|ECONNREFUSED|EPIPE/i.test(error.message);
}

/**
 * The one wrapper of every failed LDAP read: a lost DC becomes DirectoryConnectionLostError (the
 * engine reads again from the next DC), anything else a DirectoryError saying what failed where.
 * Directory errors pass through as they are.
 */
export function searchError(error: unknown, where: string, what = 'Directory search'): DirectoryError | DirectoryUnreachableError {
  if (error instanceof DirectoryError || error instanceof DirectoryUnreachableError) return error;
  const reason = outsideMessage(error);
  if (isConnectionFailure(error)) return new DirectoryConnectionLostError(`Lost the domain controller while reading '${where}': ${reason}`, where, { cause: error });
  return new DirectoryError(`${what} under '${where}' failed: ${reason}`, { baseDn: where }, { cause: error });
}

/**
 * searchError for a paged search that failed after `pages` pages had arrived: an error of the
 * search itself (not of the connection, not one of ours) is then the DC giving up on the result
 * set, which a fresh read gets past (PagedSearchInterruptedError).
 */
export function pagedSearchError(error: unknown, where: string, pages: number, what = 'Directory search'): DirectoryError | DirectoryUnreachableError {
  if (pages === 0 || error instanceof DirectoryError || error instanceof DirectoryUnreachableError || isConnectionFailure(error)) return searchError(error, where, what);
  return new PagedSearchInterruptedError(`${what} under '${where}' was cut off by the DC after ${pages} page(s): ${outsideMessage(error)}`, { baseDn: where, pages }, { cause: error });
}
