import { outsideMessage } from '../../log/outside.js';
import { ConfigUnwritableError, InternalError } from '../../protocol/errors.js';
import type { ConfigDirCheck, ConfigDirGuard } from '../config-dir-guard.js';
import { SealerUnavailableError, sealerUnavailable } from '../secret-sealer.js';
import { secretsExposedError } from '../secrets-exposed.js';
import { aclOpenings, describeOpenings } from './acl-openings.js';
import { restrictArgs, restrictRuntimeFolders } from './addon-assets.js';
import { WindowsBridgeError, type FolderAcl, type WindowsBridge } from './edge-bridge.js';

/**
 * The Windows config directory's ACL, set by the agent (docs/windows.md, *Secrets at rest*):
 * SYSTEM and Administrators only, inherited by everything in it, nothing from ProgramData. Set
 * before every write of secrets.json (idempotent), so a folder made by hand or by an older agent
 * is closed the next time a secret is written. A failure stops the write: the secret is not saved.
 * Checked before secrets are first used (`verify`): a folder widened since (by hand, by a copy) is
 * restricted again, and refused only when that fails.
 */
export class WindowsConfigDirAcl implements ConfigDirGuard {
  /** `admitted`: the SIDs let in beside SYSTEM and Administrators (config.json's service account), read at each call. */
  constructor(
    private readonly bridge: () => WindowsBridge,
    private readonly admitted: () => readonly string[] = () => [],
  ) {}

  async secure(configDir: string): Promise<void> {
    try {
      const admitted = this.admitted();
      await this.bridge().configDirAcl.restrict(configDir, admitted);
      // The bridge's own folders keep an ACL of their own (not inherited): the same accounts.
      restrictRuntimeFolders(configDir, admitted);
    } catch (error) {
      if (error instanceof SealerUnavailableError) throw sealerUnavailable(configDir, `The configuration directory ${configDir} cannot be restricted to SYSTEM and Administrators, so no secret is written into it`, error);
      if (error instanceof WindowsBridgeError && error.kind === 'UnauthorizedAccessException') {
        throw new ConfigUnwritableError(`This account may not set the ACL of the configuration directory ${configDir} (SYSTEM and Administrators only), so no secret is written into it: run as an administrator or SYSTEM.`, { dir: configDir, problem: 'denied' }, { cause: error });
      }
      throw new InternalError(`The configuration directory ${configDir} could not be restricted to SYSTEM and Administrators, so no secret is written into it: ${outsideMessage(error)}`, undefined, { cause: error });
    }
  }

  async verify(configDir: string): Promise<ConfigDirCheck> {
    let bridge: WindowsBridge;
    let acl: FolderAcl;
    try {
      bridge = this.bridge();
      acl = await bridge.configDirAcl.describe(configDir);
    } catch (error) {
      if (error instanceof WindowsBridgeError && error.kind === 'DirectoryNotFoundException') return { state: 'closed' };
      // Not known to be open: reading exposes nothing more, every write still sets the ACL or fails.
      return { state: 'unchecked', reason: outsideMessage(error) };
    }
    const admitted = this.admitted();
    const openings = aclOpenings(acl, admitted);
    if (!openings) {
      // Closed, but the service account stored since may not be in it yet (set-service-account run
      // without the right to set the ACL): let it in now if this account may, else the task says so.
      const missing = admitted.filter((sid) => !acl.rules.some((rule) => rule.allow && rule.sid.toUpperCase() === sid.toUpperCase()));
      if (missing.length > 0) await bridge.configDirAcl.restrict(configDir, admitted).catch(() => undefined);
      return { state: 'closed' };
    }
    try {
      await bridge.configDirAcl.restrict(configDir, admitted);
    } catch (error) {
      throw secretsExposedError(
        configDir,
        `The configuration directory ${configDir} admits other accounts than SYSTEM, Administrators${admitted.length > 0 ? ' and the service account' : ''} (${describeOpenings(openings)}), and this account could not restrict it again (${outsideMessage(error)})`,
        `run the agent once as SYSTEM or an administrator, which restricts it, or restrict it yourself: icacls "${configDir}" ${restrictArgs(configDir, admitted).slice(1, -1).join(' ')}`,
        { accounts: openings.accounts },
      );
    }
    return { state: 'restored', ...openings, what: describeOpenings(openings) };
  }
}
