import type { SecretName, SecretStore } from './secret-store.js';

/**
 * A SecretStore that runs `verify` once, before the first secret is read, written or removed (the
 * Windows config directory's ACL check), and fails every such call when it fails. `has` only asks
 * whether a value is there, and does not wait for it, so `get-config` and `disconnect` of a verb
 * that needs no value never start the bridge for it.
 */
export class VerifiedSecretStore implements SecretStore {
  private verified: Promise<void> | undefined;

  constructor(
    private readonly inner: SecretStore,
    private readonly verify: () => Promise<void>,
  ) {}

  async get(name: SecretName): Promise<string | undefined> {
    await this.ready();
    return this.inner.get(name);
  }

  has(name: SecretName): Promise<boolean> {
    return this.inner.has(name);
  }

  async set(name: SecretName, value: string): Promise<void> {
    await this.ready();
    await this.inner.set(name, value);
  }

  async delete(name: SecretName): Promise<void> {
    await this.ready();
    await this.inner.delete(name);
  }

  private ready(): Promise<void> {
    this.verified ??= this.verify();
    return this.verified;
  }
}
