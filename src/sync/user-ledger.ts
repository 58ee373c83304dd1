import type { GroupMember } from './groups.js';
import type { RunScratch } from './run-scratch.js';

/**
 * What a plan decided for one user it read, recorded once:
 * - `add`, `update`: changed (never synced, or synced with another hash): sent, now or from the spool;
 * - `unchanged`: the hash Signature 365 confirmed;
 * - `confirmed-earlier`: unchanged because this run sent it before its DC was lost (the uploads count it);
 * - `no-email`: in scope without an email address; `out-of-scope`: read but not in the scope.
 */
export type UserDecision = 'add' | 'update' | 'unchanged' | 'confirmed-earlier' | 'no-email' | 'out-of-scope';

/** The decisions of users that are in scope with an email: the owners of their email. */
const OWNER_DECISIONS = ['add', 'update', 'unchanged', 'confirmed-earlier'] as const;
const OWNERS = `decision IN (${OWNER_DECISIONS.map((d) => `'${d}'`).join(', ')})`;

export interface LedgerEntry {
  objectGuid: string;
  decision: UserDecision;
  /** Owners only: the email chosen, the DN (for conflict warnings), the direct groups, the display name (for plan files). */
  email?: string;
  dn?: string;
  memberOf?: readonly string[];
  displayName?: string;
  /** Changed users: handed to the uploads while the directory was read (not spooled). */
  sent?: boolean;
}

export interface EmailOwner {
  objectGuid: string;
  email: string;
  dn?: string;
}

/**
 * One plan's decisions, one row per objectGUID read, in the run's scratch database (so a plan of
 * 100,000 users keeps none of them in memory). A decision is recorded once and never changed;
 * what the plan reports (its counts, who was added, the groups' members, who shares an email) is
 * derived from the decisions once the read is over.
 */
export class UserLedger {
  private readonly table: string;

  constructor(private readonly scratch: RunScratch) {
    this.table = scratch.table(
      'guid TEXT NOT NULL UNIQUE, decision TEXT NOT NULL, email_key TEXT, email TEXT, dn TEXT, member_of TEXT, display_name TEXT, sent INTEGER NOT NULL',
      { indexes: ['email_key'] },
    );
  }

  /** Whether this objectGUID was read already (a user a search returned twice counts once). */
  has(objectGuid: string): boolean {
    return this.decision(objectGuid) !== undefined;
  }

  decision(objectGuid: string): UserDecision | undefined {
    return (this.scratch.statement(`SELECT decision FROM ${this.table} WHERE guid = ?`).get(objectGuid) as { decision: UserDecision } | undefined)
      ?.decision;
  }

  /** Records a user's decision; a second decision for the same objectGUID is a bug and throws. */
  record(entry: LedgerEntry): void {
    this.scratch
      .statement(`INSERT INTO ${this.table} (guid, decision, email_key, email, dn, member_of, display_name, sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        entry.objectGuid,
        entry.decision,
        entry.email?.toLowerCase() ?? null,
        entry.email ?? null,
        entry.dn ?? null,
        entry.memberOf ? entry.memberOf.join('\n') : null,
        entry.displayName ?? null,
        entry.sent ? 1 : 0,
      );
  }

  /** How many users got each decision, leaving out `excluded` (the users held back for an email conflict). */
  counts(excluded: ReadonlySet<string> = new Set()): Record<UserDecision, number> {
    const counts: Record<UserDecision, number> = { add: 0, update: 0, unchanged: 0, 'confirmed-earlier': 0, 'no-email': 0, 'out-of-scope': 0 };
    for (const row of this.scratch.statement(`SELECT decision, count(*) AS n FROM ${this.table} GROUP BY decision`).all() as { decision: UserDecision; n: number }[]) {
      counts[row.decision] = row.n;
    }
    for (const guid of excluded) {
      const decision = this.decision(guid);
      if (decision) counts[decision] -= 1;
    }
    return counts;
  }

  /** The owners of every email that more than one owner of this plan chose (case-insensitively). */
  *sharedEmailOwners(): Iterable<EmailOwner> {
    const rows = this.scratch
      .statement(
        `SELECT guid, email, dn FROM ${this.table} WHERE ${OWNERS} AND email_key IN (SELECT email_key FROM ${this.table} WHERE ${OWNERS} GROUP BY email_key HAVING count(*) > 1) ORDER BY rowid`,
      )
      .iterate() as Iterable<{ guid: string; email: string; dn: string | null }>;
    for (const row of rows) yield owner(row);
  }

  /** The owners of this plan that chose this email (case-insensitively). */
  ownersOf(email: string): EmailOwner[] {
    const rows = this.scratch.statement(`SELECT guid, email, dn FROM ${this.table} WHERE ${OWNERS} AND email_key = ? ORDER BY rowid`).all(email.toLowerCase()) as {
      guid: string;
      email: string;
      dn: string | null;
    }[];
    return rows.map(owner);
  }

  /** The users added, in the order they were read, less `excluded`. */
  *added(excluded: ReadonlySet<string>): Iterable<{ objectGuid: string; email: string; displayName?: string }> {
    const rows = this.scratch.statement(`SELECT guid, email, display_name FROM ${this.table} WHERE decision = 'add' ORDER BY rowid`).iterate() as Iterable<{
      guid: string;
      email: string;
      display_name: string | null;
    }>;
    for (const row of rows) {
      if (!excluded.has(row.guid)) yield { objectGuid: row.guid, email: row.email, ...(row.display_name ? { displayName: row.display_name } : {}) };
    }
  }

  /** The owners with their direct groups, less `excluded`: the members of the group payloads. */
  *groupMembers(excluded: ReadonlySet<string>): Iterable<GroupMember> {
    const rows = this.scratch.statement(`SELECT guid, member_of FROM ${this.table} WHERE ${OWNERS} ORDER BY rowid`).iterate() as Iterable<{
      guid: string;
      member_of: string | null;
    }>;
    for (const row of rows) {
      if (!excluded.has(row.guid)) yield { objectGuid: row.guid, memberOf: row.member_of ? row.member_of.split('\n') : [] };
    }
  }
}

function owner(row: { guid: string; email: string; dn: string | null }): EmailOwner {
  return { objectGuid: row.guid, email: row.email, ...(row.dn ? { dn: row.dn } : {}) };
}
