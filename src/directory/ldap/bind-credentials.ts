import { DirectorySettingsError } from '../errors.js';

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
