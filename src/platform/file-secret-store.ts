import { promises as fs } from 'node:fs';
import { readJsonFile, writeJsonFileAtomic } from '../fs/atomic-file.js';
import { configPath } from '../config/config-dir.js';
import { SecretNames, type SecretName, type SecretStore } from './secret-store.js';

type SecretFile = Partial<Record<SecretName, string>>;

/**
 * Secrets in `secrets.json` with mode 0600, replaced atomically: the store on every platform until
 * the Windows release protects the values with DPAPI.
 */
export class FileSecretStore implements SecretStore {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = configPath(configDir, 'secrets');
  }

  async get(name: SecretName): Promise<string | undefined> {
    return (await this.read())[name];
  }

  async set(name: SecretName, value: string): Promise<void> {
    const secrets = await this.read();
    secrets[name] = value;
    await this.write(secrets);
  }

  async delete(name: SecretName): Promise<void> {
    const secrets = await this.read();
    if (!(name in secrets)) return;
    delete secrets[name];
    await this.write(secrets);
  }

  private async read(): Promise<SecretFile> {
    const raw = await readJsonFile(this.file).catch(() => {
      throw new Error(`Secret file ${this.file} is unreadable; run connect again.`);
    });
    if (raw === undefined) return {};
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
