import { outsideMessage } from '../../log/outside.js';
import { InternalError } from '../../protocol/errors.js';
import { SealerUnavailableError, type SecretSealer } from '../secret-sealer.js';
import type { SecretName } from '../secret-store.js';
import { WindowsBridgeError, type WindowsBridge } from './edge-bridge.js';

/**
 * The product's own DPAPI entropy, one per secret name: a blob unseals only as the secret it was
 * sealed as, and only for this product (LocalMachine scope lets any process of the machine call
 * DPAPI; the folder's ACL keeps other users from the file). Never change it: sealed files would
 * become unreadable.
 */
export function dpapiEntropy(name: SecretName): Buffer {
  return Buffer.from(`Signature365.ADConnector/secrets.json/v1/${name}`, 'utf8');
}

/**
 * Seals secrets with DPAPI, LocalMachine scope, through the Windows bridge's `Dpapi.Protect` /
 * `Unprotect` (ProtectedData). The bridge is loaded at the first seal or unseal, so a verb that
 * reads no secret does not start the CLR. A bridge that does not load, or DPAPI missing, is a
 * SealerUnavailableError; another failed seal an INTERNAL one: the value is never written in clear instead.
 */
export class DpapiSealer implements SecretSealer {
  readonly scheme = 'dpapi-machine';

  /** `bridge` throws SealerUnavailableError when the bridge does not load (src/cli/services.ts, secretsBridge). */
  constructor(private readonly bridge: () => WindowsBridge) {}

  async seal(name: SecretName, value: string): Promise<Buffer> {
    const bridge = this.bridge();
    try {
      return await bridge.dpapi.protect(Buffer.from(value, 'utf8'), dpapiEntropy(name), 'machine');
    } catch (error) {
      if (isNoDpapi(error)) throw new SealerUnavailableError(`secrets are sealed with DPAPI, which is not available here (${outsideMessage(error)})`, { cause: error });
      throw new InternalError(`The secret '${name}' could not be sealed with DPAPI, so it is not saved: ${outsideMessage(error)}`, undefined, { cause: error });
    }
  }

  async unseal(name: SecretName, sealed: Buffer): Promise<string> {
    const bridge = this.bridge();
    try {
      return (await bridge.dpapi.unprotect(sealed, dpapiEntropy(name), 'machine')).toString('utf8');
    } catch (error) {
      if (isNoDpapi(error)) throw new SealerUnavailableError(`secrets are sealed with DPAPI, which is not available here (${outsideMessage(error)})`, { cause: error });
      throw error;
    }
  }
}

/** The bridge loaded, on a platform without DPAPI (the CoreCLR build off Windows). */
function isNoDpapi(error: unknown): boolean {
  return error instanceof WindowsBridgeError && error.kind === 'PlatformNotSupportedException';
}
