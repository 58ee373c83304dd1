/**
 * What the platform does to the config directory before a secret is written into it (Windows: an
 * ACL of SYSTEM and Administrators only). POSIX needs nothing: each file is written 0600.
 */
export interface ConfigDirGuard {
  secure(configDir: string): Promise<void>;
}
