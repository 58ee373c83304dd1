import { ConfigCorruptError } from '../protocol/errors.js';
import type { ConfigCorruptDetails } from '../protocol/error-details.js';

/** What to do once a secret may have been read by another account: the same on every platform. */
export const ROTATE_ADVICE =
  'The secrets in it may have been read: rotate the integration secret in the Signature 365 portal and give the new one with Connect-Signature365 (connect), and change the directory bind password, if one is stored, then give it with Set-S365Directory (set-directory).';

/**
 * CONFIG_CORRUPT `secrets-exposed`: secrets.json (or its folder) admits other accounts, so the agent
 * does not read it. `repair` says how to close it; the message then says to rotate the secrets.
 * Never a secret in it: only the file, its mode, owner or the accounts admitted.
 */
export function secretsExposedError(file: string, what: string, repair: string, details: Omit<ConfigCorruptDetails, 'file' | 'problem'>): ConfigCorruptError {
  return new ConfigCorruptError(file, `${what}, so the agent does not read the secrets in it: ${repair}. ${ROTATE_ADVICE}`, {
    details: { problem: 'secrets-exposed', ...details },
  });
}
