import type { UsersByDnReader } from '../directory/source.js';
import { chooseEmail, type EmailRule } from './email.js';

/** What a manager DN resolves to: the manager's email, or why there is none. */
export type ManagerLookup = { email: string } | { missing: 'not-found' | 'no-email' };

/** Where a resolver keeps its answers. */
export interface ManagerLookups {
  get(dnKey: string): ManagerLookup | undefined;
  set(dnKey: string, lookup: ManagerLookup): unknown;
  has(dnKey: string): boolean;
}

/**
 * Resolves manager DNs to the manager's email (by the same rule as every user's email), whether
 * or not the manager is in scope. Remembers every answer (including "none") so each DN is looked
 * up once per run.
 */
export class ManagerResolver {
  constructor(
    private readonly directory: UsersByDnReader,
    private readonly rule: EmailRule = {},
    /** Lower-cased DN -> answer: a sync keeps one per user read, so in its scratch database (ScratchMap). */
    private readonly lookups: ManagerLookups = new Map<string, ManagerLookup>(),
  ) {}

  /** Teaches the resolver the email of a user already read (undefined: the user has none), saving a lookup. */
  remember(dn: string, email: string | undefined): void {
    this.lookups.set(dn.toLowerCase(), email ? { email } : { missing: 'no-email' });
  }

  /** Looks up every DN not yet known, in one pass. */
  async prefetch(dns: Iterable<string>): Promise<void> {
    const missing = [...new Set([...dns].filter((dn) => !this.lookups.has(dn.toLowerCase())))];
    if (missing.length === 0) return;
    for (const user of await this.directory.readUsersByDn(missing)) {
      this.remember(user.dn, chooseEmail(user.attributes, this.rule)?.email);
    }
    for (const dn of missing) if (!this.lookups.has(dn.toLowerCase())) this.lookups.set(dn.toLowerCase(), { missing: 'not-found' });
  }

  /** What a prefetched DN resolved to. */
  lookup(dn: string): ManagerLookup {
    return this.lookups.get(dn.toLowerCase()) ?? { missing: 'not-found' };
  }

  /** The email of a prefetched DN; undefined when the manager is gone or has no email. */
  emailOf(dn: string): string | undefined {
    const found = this.lookup(dn);
    return 'email' in found ? found.email : undefined;
  }
}
