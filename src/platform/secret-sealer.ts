import { ConfigUnwritableError } from '../protocol/errors.js';
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

/**
 * The sealer cannot run on this machine at all (Windows: the bridge to DPAPI does not load, or DPAPI
 * is not there), as opposed to one blob that does not unseal. The message is one sentence of the
 * sealer's own saying why and what to install; the store answers it in its own terms: a write is
 * CONFIG_UNWRITABLE `sealer-unavailable`, a read CONFIG_CORRUPT `secret-unreadable`.
 */
export class SealerUnavailableError extends Error {
  override readonly name = 'SealerUnavailableError';
}

/**
 * CONFIG_UNWRITABLE `sealer-unavailable`: a secret (or the folder's ACL before it) cannot be written
 * on this machine, and nothing was. `what` is what was refused: "The secret 'apiSecret' is not saved".
 */
export function sealerUnavailable(configDir: string, what: string, error: SealerUnavailableError, file?: string): ConfigUnwritableError {
  return new ConfigUnwritableError(`${what}: ${error.message}. Nothing was written, and never a secret in clear instead.`, { dir: configDir, ...(file !== undefined ? { file } : {}), problem: 'sealer-unavailable' }, { cause: error });
}
