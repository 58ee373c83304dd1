import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { writeJsonFileAtomic } from '../fs/atomic-file.js';
import { configPath } from '../config/config-dir.js';
import { readModifyWrite } from '../config/config-write-lock.js';
import { AgentError, ConfigCorruptError } from '../protocol/errors.js';
import type { ConfigDirGuard } from './config-dir-guard.js';
import { octalMode, secretFileExposure, type FileIdentity } from './posix-secret-file.js';
import { isSealedValue, SealerUnavailableError, sealerUnavailable, type SealedValue, type SecretSealer } from './secret-sealer.js';
import { SecretNames, type SecretName, type SecretStore } from './secret-store.js';
import { secretsExposedError } from './secrets-exposed.js';

/** What secrets.json holds for each name: the clear value (POSIX; an older agent on Windows), or a sealed one. */
type StoredValue = string | SealedValue;
type SecretFile = Partial<Record<SecretName, StoredValue>>;

export interface FileSecretStoreOptions {
  /** Seals every value written (DPAPI on Windows). Without it values are kept clear, in a 0600 file. */
  sealer?: SecretSealer;
  /** Secures the config directory before each write (the Windows ACL). */
  guard?: ConfigDirGuard;
  /**
   * Refuse a file that admits group or others or is owned by another account (POSIX; default: off
   * Windows only, where modes and owners mean what they say).
   */
  ownerOnly?: boolean;
}

/**
 * Secrets in `secrets.json` with mode 0600, replaced atomically; off Windows a file that admits other
 * accounts is refused unread (CONFIG_CORRUPT `secrets-exposed`). With a sealer (Windows: DPAPI) no
 * value is written in clear: each is sealed, and a clear value left by an older agent is read as it
 * is and sealed at the next write. A sealed value that cannot be unsealed is CONFIG_CORRUPT with
 * `details.problem: "secret-unreadable"`, naming the secret, never its value.
 */
export class FileSecretStore implements SecretStore {
  private readonly file: string;

  constructor(
    private readonly configDir: string,
    private readonly options: FileSecretStoreOptions = {},
  ) {
    this.file = configPath(configDir, 'secrets');
  }

  async get(name: SecretName): Promise<string | undefined> {
    const stored = (await this.read())[name];
    if (stored === undefined || typeof stored === 'string') return stored;
    const { sealer } = this.options;
    if (!sealer || sealer.scheme !== stored.sealed) throw this.unreadable(name, `it is sealed (${stored.sealed}) and this agent cannot unseal that here`);
    try {
      return await sealer.unseal(name, Buffer.from(stored.data, 'base64'));
    } catch (error) {
      if (error instanceof AgentError) throw error;
      if (error instanceof SealerUnavailableError) throw this.unreadable(name, `it is sealed, and ${error.message}`, error);
      throw this.unreadable(name, 'it was sealed on another machine, or it is damaged', error);
    }
  }

  async has(name: SecretName): Promise<boolean> {
    return (await this.read())[name] !== undefined;
  }

  async set(name: SecretName, value: string): Promise<void> {
    // Sealed before the lock is taken: the bridge call may be the first (the CLR starts).
    const stored = await this.stored(name, value);
    await this.update((secrets) => ({ ...secrets, [name]: stored }));
  }

  async delete(name: SecretName): Promise<void> {
    await this.update((secrets) => {
      if (!(name in secrets)) return undefined;
      const { [name]: _removed, ...rest } = secrets;
      return rest;
    });
  }

  /** Every change goes through the config write lock, so concurrent agents lose no secret. */
  private async update(change: (secrets: SecretFile) => SecretFile | undefined): Promise<void> {
    await readModifyWrite(this.configDir, { read: () => this.read(), write: (secrets) => this.write(secrets) }, change);
  }

  private async stored(name: SecretName, value: string): Promise<StoredValue> {
    const { sealer } = this.options;
    if (!sealer) return value;
    try {
      return { sealed: sealer.scheme, data: (await sealer.seal(name, value)).toString('base64') };
    } catch (error) {
      if (error instanceof SealerUnavailableError) throw sealerUnavailable(this.configDir, `The secret '${name}' is not saved`, error, this.file);
      throw error;
    }
  }

  private unreadable(name: SecretName, why: string, cause?: unknown): ConfigCorruptError {
    const again = name === 'apiSecret' ? 'run Connect-Signature365 (connect) again' : name === 'bindPassword' ? 'run Set-S365Directory (set-directory) again with the password' : 'run Connect-Signature365 (connect) again with the proxy credentials';
    return new ConfigCorruptError(this.file, `The secret '${name}' in ${this.file} cannot be read: ${why}. To replace it, ${again}.`, {
      ...(cause !== undefined ? { cause } : {}),
      details: { problem: 'secret-unreadable', secret: name },
    });
  }

  private async read(): Promise<SecretFile> {
    // No parse error text in the message: it quotes the file, secrets and all.
    const damaged = (): ConfigCorruptError =>
      new ConfigCorruptError(
        this.file,
        `The secret file ${this.file} is damaged: remove it and run Connect-Signature365 (connect) again, then Set-S365Directory (set-directory) for the bind password.`,
      );
    const text = await this.readText().catch((error: unknown) => {
      if (error instanceof AgentError) throw error;
      throw damaged();
    });
    if (text === undefined) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw damaged();
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw damaged();
    const secrets: SecretFile = {};
    for (const name of SecretNames) {
      const value = (raw as Record<string, unknown>)[name];
      if (typeof value === 'string') secrets[name] = value;
      else if (isSealedValue(value)) secrets[name] = { sealed: value.sealed, data: value.data };
    }
    return secrets;
  }

  /**
   * The file's text, or undefined when there is none. Off Windows the file is checked first, on the
   * descriptor that is then read (no swap in between): one that admits other accounts is refused
   * before a byte of it is read (src/platform/posix-secret-file.ts).
   */
  private async readText(): Promise<string | undefined> {
    let handle: FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      if (this.options.ownerOnly ?? process.platform !== 'win32') this.refuseExposed(await handle.stat());
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  }

  private refuseExposed(stat: FileIdentity): void {
    const exposure = secretFileExposure(stat, process.getuid?.() ?? stat.uid);
    if (!exposure) return;
    if (exposure.kind === 'mode') {
      const mode = octalMode(exposure.mode);
      throw secretsExposedError(this.file, `The secret file ${this.file} is readable by other accounts (mode ${mode})`, `run chmod 600 ${this.file}`, { mode });
    }
    throw secretsExposedError(
      this.file,
      `The secret file ${this.file} is owned by another account (uid ${exposure.owner}) than the one running the agent (uid ${exposure.processUid}), which can read and rewrite it`,
      `run the agent as that account, or give the file to this one (chown ${exposure.processUid} ${this.file}) after checking what it holds`,
      { owner: exposure.owner },
    );
  }

  private async write(secrets: SecretFile): Promise<void> {
    const sealed: SecretFile = {};
    for (const name of SecretNames) {
      const value = secrets[name];
      // A clear value an older agent wrote is sealed now: with a sealer, nothing is written in clear.
      if (value !== undefined) sealed[name] = typeof value === 'string' ? await this.stored(name, value) : value;
    }
    await this.options.guard?.secure(this.configDir);
    await writeJsonFileAtomic(this.file, sealed, { mode: 0o600 });
    await fs.chmod(this.file, 0o600);
  }
}
