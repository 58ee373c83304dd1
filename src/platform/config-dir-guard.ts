/**
 * What the platform does to the config directory before a secret is written into it (Windows: an
 * ACL of SYSTEM and Administrators only), and the check before secrets are first used. POSIX needs
 * nothing: each file is written 0600, and secrets.json is refused when it admits others.
 */
export interface ConfigDirGuard {
  secure(configDir: string): Promise<void>;
  /**
   * Checks the existing config directory before its secrets are used, and restricts it again when it
   * admits more than the agent's accounts. Rejects (CONFIG_CORRUPT `secrets-exposed`) when it is
   * open and cannot be restricted again.
   */
  verify(configDir: string): Promise<ConfigDirCheck>;
}

export type ConfigDirCheck =
  /** Nothing more than the agent's own ACL (or no folder yet). */
  | { state: 'closed' }
  /**
   * It was open (`inherits`: from its parent; `accounts`: SIDs let in besides the agent's; `what`:
   * the two in a phrase for people), and is closed again.
   */
  | { state: 'restored'; inherits: boolean; accounts: string[]; what: string }
  /** It could not be looked at (the bridge does not load): `reason` says why. */
  | { state: 'unchecked'; reason: string };
