import { outsideMessage } from '../../log/outside.js';
import { ConfigUnwritableError, InternalError } from '../../protocol/errors.js';
import type { ConfigDirGuard } from '../config-dir-guard.js';
import { SealerUnavailableError, sealerUnavailable } from '../secret-sealer.js';
import { WindowsBridgeError, type WindowsBridge } from './edge-bridge.js';

/**
 * The Windows config directory's ACL, set by the agent (docs/windows.md, *Secrets at rest*):
 * SYSTEM and Administrators only, inherited by everything in it, nothing from ProgramData. Set
 * before every write of secrets.json (idempotent), so a folder made by hand or by an older agent
 * is closed the next time a secret is written. A failure stops the write: the secret is not saved.
 */
export class WindowsConfigDirAcl implements ConfigDirGuard {
  constructor(private readonly bridge: () => WindowsBridge) {}

  async secure(configDir: string): Promise<void> {
    try {
      await this.bridge().configDirAcl.restrict(configDir);
    } catch (error) {
      if (error instanceof SealerUnavailableError) throw sealerUnavailable(configDir, `The configuration directory ${configDir} cannot be restricted to SYSTEM and Administrators, so no secret is written into it`, error);
      if (error instanceof WindowsBridgeError && error.kind === 'UnauthorizedAccessException') {
        throw new ConfigUnwritableError(`This account may not set the ACL of the configuration directory ${configDir} (SYSTEM and Administrators only), so no secret is written into it: run as an administrator or SYSTEM.`, { dir: configDir, problem: 'denied' }, { cause: error });
      }
      throw new InternalError(`The configuration directory ${configDir} could not be restricted to SYSTEM and Administrators, so no secret is written into it: ${outsideMessage(error)}`, undefined, { cause: error });
    }
  }
}
