import type { SecretName } from './secret-store.js';

/**
 * How a secret is kept in secrets.json when the platform can seal it (DPAPI on Windows): the file
 * then holds `{ "<name>": { "sealed": "<scheme>", "data": "<base64>" } }` instead of the clear string.
 * Each value is sealed for its own name, so a blob moved to another name does not unseal.
 */
export interface SecretSealer {
  /** The `sealed` field of what this sealer writes, e.g. `dpapi-machine`. */
  readonly scheme: string;
  seal(name: SecretName, value: string): Promise<Buffer>;
  /** Rejects when the blob cannot be unsealed here (another machine, damaged); the store turns that into CONFIG_CORRUPT. */
  unseal(name: SecretName, sealed: Buffer): Promise<string>;
}

/** What secrets.json holds for one sealed value. */
export interface SealedValue {
  sealed: string;
  data: string;
}

export function isSealedValue(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && typeof (value as SealedValue).sealed === 'string' && typeof (value as SealedValue).data === 'string';
}
