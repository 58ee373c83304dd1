import type { SessionControl } from '../session.js';

/** LDAP_SERVER_SHOW_DELETED_OID: makes AD return tombstoned (deleted) objects. No value. */
export const SHOW_DELETED: SessionControl = { oid: '1.2.840.113556.1.4.417', critical: true };
