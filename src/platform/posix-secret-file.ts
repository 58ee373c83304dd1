/**
 * The POSIX rule for secrets.json (docs/security.md, ssh's rule for its own files): the file must
 * admit no group and no other access (mode & 0o077 is 0), and be owned by the account running the
 * agent or by root. A file that breaks it is not read: its secrets may already have been read or
 * replaced by another account.
 */
export type SecretFileExposure =
  /** Group or other access bits are set. */
  | { kind: 'mode'; mode: number }
  /** Owned by another account than the process's (and not root). */
  | { kind: 'owner'; owner: number; processUid: number };

export interface FileIdentity {
  mode: number;
  uid: number;
}

/**
 * Why this file may not hold secrets for this process, or undefined when it may. Root reading a
 * file owned by an ordinary user is refused too: that user can rewrite the file at will (ssh
 * refuses such a file for root as well); a file owned by root is admitted for any process, since
 * root can read everything anyway.
 */
export function secretFileExposure(file: FileIdentity, processUid: number): SecretFileExposure | undefined {
  const mode = file.mode & 0o777;
  if ((mode & 0o077) !== 0) return { kind: 'mode', mode };
  if (file.uid !== processUid && file.uid !== 0) return { kind: 'owner', owner: file.uid, processUid };
  return undefined;
}

/** `0644`: a mode as chmod spells it. */
export function octalMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
