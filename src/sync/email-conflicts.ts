import type { RunWarning } from '../state/run-summary.js';

interface Owner {
  objectGuid: string;
  dn?: string;
  email: string;
}

/**
 * Finds users that chose the same soft-match email (case-insensitively): Signature 365 links a
 * user to the Microsoft 365 user with that address, so two directory users with one address would
 * fight over one mailbox. Such users are held back (not sent, and if synced before, neither
 * updated nor removed) and reported, until the directory is fixed.
 */
export class EmailConflicts {
  private readonly owners = new Map<string, Owner[]>();

  /** A user of this run that is in scope and would be sent (or is unchanged). */
  add(objectGuid: string, email: string, dn?: string): void {
    const key = email.toLowerCase();
    const list = this.owners.get(key);
    const owner = { objectGuid, email, ...(dn ? { dn } : {}) };
    if (list) list.push(owner);
    else this.owners.set(key, [owner]);
  }

  /**
   * The users to hold back and a warning for each. `others`: users synced before that this run did
   * not read and that stay synced (a delta's unchanged users), which still own their email.
   */
  resolve(others: Iterable<{ objectGuid: string; email: string }> = []): { held: Set<string>; heldOfRun: Owner[]; warnings: RunWarning[] } {
    const groups = new Map<string, Owner[]>();
    for (const [key, list] of this.owners) if (list.length > 1) groups.set(key, [...list]);
    const seen = new Set([...this.owners.values()].flat().map((owner) => owner.objectGuid));
    for (const other of others) {
      if (seen.has(other.objectGuid)) continue;
      const key = other.email.toLowerCase();
      const list = this.owners.get(key);
      if (!list) continue;
      const group = groups.get(key) ?? [...list];
      group.push({ objectGuid: other.objectGuid, email: other.email });
      groups.set(key, group);
    }
    const held = new Set<string>();
    const heldOfRun: Owner[] = [];
    const warnings: RunWarning[] = [];
    for (const group of groups.values()) {
      for (const owner of group) {
        held.add(owner.objectGuid);
        if (seen.has(owner.objectGuid)) heldOfRun.push(owner);
        const rest = group.filter((other) => other.objectGuid !== owner.objectGuid);
        warnings.push({
          objectGuid: owner.objectGuid,
          email: owner.email,
          code: 'EMAIL_CONFLICT',
          message:
            `${owner.dn ?? owner.objectGuid} has the same email (${owner.email}) as ${rest.map((other) => other.dn ?? `the synced user ${other.objectGuid}`).join(', ')}: ` +
            'not sent (and kept as it was if synced before) until the duplicate is fixed in the directory.',
          ...(owner.dn ? { dn: owner.dn } : {}),
          conflictsWith: rest.map((other) => ({ objectGuid: other.objectGuid, ...(other.dn ? { dn: other.dn } : {}) })),
        });
      }
    }
    return { held, heldOfRun, warnings };
  }
}

/** Every user named by email-conflict warnings (the users and the ones they conflict with). */
export function conflictParties(warnings: readonly RunWarning[]): Set<string> {
  return new Set(
    warnings.filter((w) => w.code === 'EMAIL_CONFLICT').flatMap((w) => [w.objectGuid, ...(w.conflictsWith ?? []).map((other) => other.objectGuid)]),
  );
}
