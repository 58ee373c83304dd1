import type { DirectorySettings } from '../../config/config.js';
import { DirectorySettingsError } from '../errors.js';

/**
 * The one rule of what goes with each auth, for set-directory and for every connect (so a
 * hand-edited config cannot mix them): integrated carries no account, no password and none of the
 * ldapts TLS settings (Kerberos signs and seals the session itself; LDAPS there uses the system's
 * trust); simple needs its account and password (below).
 */
export function assertDirectoryAuth(
  settings: Pick<DirectorySettings, 'auth' | 'bindDn' | 'startTls' | 'caFile' | 'tlsInsecure'>,
  bindPassword: string | undefined,
): void {
  if (settings.auth !== 'integrated') {
    assertBindCredentials(settings.bindDn, bindPassword);
    return;
  }
  const refuse = (param: string, why: string): never => {
    throw new DirectorySettingsError(`Integrated authentication ${why}.`, { param });
  };
  if (settings.bindDn !== undefined && settings.bindDn !== '') refuse('bindDn', "binds as the process identity: it takes no 'bindDn' (give auth simple for a service account)");
  if (bindPassword !== undefined && bindPassword !== '') refuse('bindPassword', "stores no password: it takes no 'bindPassword'");
  if (settings.startTls) refuse('startTls', "signs and seals the LDAP session with Kerberos: 'startTls' does not apply (use ldap://, or ldaps://)");
  if (settings.caFile !== undefined) refuse('caFile', "over ldaps:// trusts the system's certificate store: 'caFile' does not apply");
  if (settings.tlsInsecure) refuse('tlsInsecure', "does not turn certificate checks off: 'tlsInsecure' does not apply");
}

/**
 * Refuses a simple bind with a DN and no password before any connection: AD treats it as an
 * unauthenticated bind and lets it succeed (RFC 4513 5.1.2), so the agent would read the directory
 * anonymously, or not at all, while reporting a bind. One rule for set-directory and for every
 * connect, so a hand-edited config cannot do it either.
 */
export function assertBindCredentials(bindDn: string | undefined, bindPassword: string | undefined): void {
  if (bindDn !== undefined && bindDn !== '' && (bindPassword === undefined || bindPassword === '')) {
    throw new DirectorySettingsError(
      `The directory account '${bindDn}' has no bind password: a bind with an empty password is an unauthenticated bind (RFC 4513 5.1.2) and is refused. Give 'bindPassword' with set-directory.`,
      { param: 'bindPassword' },
    );
  }
}
