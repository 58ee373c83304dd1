/** Names of the secrets the agent keeps. */
export const SecretNames = ['apiSecret', 'bindPassword', 'proxyAuth'] as const;
export type SecretName = (typeof SecretNames)[number];

/**
 * Where secrets live: never in config.json. POSIX: a 0600 file in the config directory.
 * Windows: the same file, each value sealed with DPAPI (LocalMachine scope), in a folder restricted
 * to SYSTEM and Administrators (createSecretStore in src/cli/services.ts picks by platform).
 */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  /** Whether a value is stored, without reading it: true for a sealed value that cannot be unsealed here. */
  has(name: SecretName): Promise<boolean>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}
