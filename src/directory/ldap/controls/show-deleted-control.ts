import { Control } from 'ldapts';

/** LDAP_SERVER_SHOW_DELETED_OID: makes AD return tombstoned (deleted) objects. No value. */
export class ShowDeletedControl extends Control {
  static readonly type = '1.2.840.113556.1.4.417';

  constructor() {
    super(ShowDeletedControl.type, { critical: true });
  }
}
