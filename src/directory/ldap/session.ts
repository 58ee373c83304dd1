import type { Client } from 'ldapts';

/**
 * What the LDAP logic needs of a bound connection: searches (one answer, or page by page).
 * ldapts's Client is one; only ldap-directory.ts opens, binds and closes it.
 */
export type LdapSession = Pick<Client, 'search' | 'searchPaginated'>;
