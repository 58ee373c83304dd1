/** Names of the secrets the agent keeps. */
export const SecretNames = ['apiSecret', 'bindPassword', 'proxyAuth'] as const;
export type SecretName = (typeof SecretNames)[number];

/**
 * Where secrets live: never in config.json. POSIX: a 0600 file in the config directory.
 * Windows (later): the same file's values protected with DPAPI (LocalMachine scope).
 */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}
