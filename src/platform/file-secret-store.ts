import { promises as fs } from 'node:fs';
import { readJsonFile, writeJsonFileAtomic } from '../fs/atomic-file.js';
import { configPath } from '../config/config-dir.js';
import { readModifyWrite } from '../config/config-write-lock.js';
import { ConfigCorruptError } from '../protocol/errors.js';
import { SecretNames, type SecretName, type SecretStore } from './secret-store.js';

type SecretFile = Partial<Record<SecretName, string>>;

/**
 * Secrets in `secrets.json` with mode 0600, replaced atomically: the store on every platform until
 * the Windows release protects the values with DPAPI.
 */
export class FileSecretStore implements SecretStore {
  private readonly file: string;

  constructor(private readonly configDir: string) {
    this.file = configPath(configDir, 'secrets');
  }

  async get(name: SecretName): Promise<string | undefined> {
    return (await this.read())[name];
  }

  async set(name: SecretName, value: string): Promise<void> {
    await this.update((secrets) => ({ ...secrets, [name]: value }));
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

  private async read(): Promise<SecretFile> {
    // No parse error text in the message: it quotes the file, secrets and all.
    const damaged = (): ConfigCorruptError =>
      new ConfigCorruptError(
        this.file,
        `The secret file ${this.file} is damaged: remove it and run Connect-Signature365 (connect) again, then Set-S365Directory (set-directory) for the bind password.`,
      );
    const raw = await readJsonFile(this.file).catch(() => {
      throw damaged();
    });
    if (raw === undefined) return {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw damaged();
    const secrets: SecretFile = {};
    for (const name of SecretNames) {
      const value = (raw as Record<string, unknown>)[name];
      if (typeof value === 'string') secrets[name] = value;
    }
    return secrets;
  }

  private async write(secrets: SecretFile): Promise<void> {
    await writeJsonFileAtomic(this.file, secrets, { mode: 0o600 });
    await fs.chmod(this.file, 0o600);
  }
}
