import type { DirectorySource } from '../directory/model.js';
import { chooseEmail } from './email.js';

/**
 * Resolves manager DNs to the manager's email, whether or not the manager is in scope.
 * Remembers every answer (including "none") so each DN is looked up once per run.
 */
export class ManagerResolver {
  private readonly emails = new Map<string, string | null>();

  constructor(private readonly directory: DirectorySource) {}

  /** Teaches the resolver the email of a user already read, saving a lookup. */
  remember(dn: string, email: string | undefined): void {
    this.emails.set(dn.toLowerCase(), email ?? null);
  }

  /** Looks up every DN not yet known, in one pass. */
  async prefetch(dns: Iterable<string>): Promise<void> {
    const missing = [...new Set([...dns].filter((dn) => !this.emails.has(dn.toLowerCase())))];
    if (missing.length === 0) return;
    for (const user of await this.directory.readUsersByDn(missing)) {
      this.remember(user.dn, chooseEmail(user.attributes)?.email);
    }
    for (const dn of missing) if (!this.emails.has(dn.toLowerCase())) this.emails.set(dn.toLowerCase(), null);
  }

  /** The email of a prefetched DN; undefined when the manager is gone or has no email. */
  emailOf(dn: string): string | undefined {
    return this.emails.get(dn.toLowerCase()) ?? undefined;
  }
}
