import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { UserPayload } from '../../../src/api/types.js';
import { hashPayload } from '../../../src/sync/payload-hash.js';
import type { EmulatorState } from './emulator.js';
import { expectedEmail, expectedInScope } from './sample-org.js';

/** What Signature 365 holds, judged against the directory: each count but `held` must be 0 (or `complete`). */
export interface DirectoryComparison {
  /** Users Signature 365 holds. */
  held: number;
  /** In-scope users of the directory Signature 365 does not hold. */
  lost: number;
  /** Emails or objectGUIDs Signature 365 holds more than once. */
  duplicated: number;
  /** Users Signature 365 holds that the scope does not include. */
  outOfScope: number;
  /** The first few emails lost or out of scope, for a failure's message. */
  examples: string[];
}

/** Compares the emulator's users with the sample directory's in-scope users (all users, or a group's). */
export function compareWithDirectory(users: readonly UserPayload[], scopeGroupCn?: string): DirectoryComparison {
  const expected = new Set(expectedInScope(scopeGroupCn).map((user) => expectedEmail(user)!.toLowerCase()));
  const emails = users.map((user) => user.email.toLowerCase());
  const duplicated = emails.length - new Set(emails).size + (users.length - new Set(users.map((user) => user.objectGuid)).size);
  const held = new Set(emails);
  const lost = [...expected].filter((email) => !held.has(email));
  const outOfScope = [...held].filter((email) => !expected.has(email));
  return {
    held: users.length,
    lost: lost.length,
    duplicated,
    outOfScope: outOfScope.length,
    examples: [...lost.map((email) => `lost ${email}`), ...outOfScope.map((email) => `out of scope ${email}`)].slice(0, 5),
  };
}

/** The state store's own check, and its confirmed users compared with what Signature 365 holds. */
export interface StateComparison {
  integrity: string;
  /** Users the state says Signature 365 confirmed. */
  confirmed: number;
  /** Of those, users Signature 365 does not hold with the very payload the state recorded. */
  notHeldAsRecorded: number;
}

/**
 * Opens `state.db` read-only: `PRAGMA integrity_check`, then every confirmed user's hash against
 * the payload the emulator holds for that objectGUID (the state must record only what was confirmed).
 */
export function compareStateWithApi(configDir: string, api: EmulatorState): StateComparison {
  const file = path.join(configDir, 'state.db');
  if (!existsSync(file)) return { integrity: 'ok', confirmed: 0, notHeldAsRecorded: 0 };
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
    // A sync killed between creating state.db and its first transaction leaves it without tables.
    const migrated = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get() !== undefined;
    const rows = migrated ? (db.prepare('SELECT guid, hash FROM users').all() as { guid: string; hash: string }[]) : [];
    const held = new Map(api.users.map((user) => [user.objectGuid, user]));
    const notHeldAsRecorded = rows.filter((row) => {
      const user = held.get(row.guid);
      return !user || hashPayload(user) !== row.hash;
    }).length;
    return { integrity, confirmed: rows.length, notHeldAsRecorded };
  } finally {
    db.close();
  }
}

/**
 * After a clean run: Signature 365 holds exactly the scope (all users, or a group's; 0 lost, duplicated, out of scope), the
 * state records exactly that and passes its integrity check, and no run is left open.
 */
export function expectExactlySynced(configDir: string, final: EmulatorState, scopeGroupCn?: string): DirectoryComparison {
  const outcome = compareWithDirectory(final.users, scopeGroupCn);
  expect(outcome, outcome.examples.join(', ')).to.deep.include({ lost: 0, duplicated: 0, outOfScope: 0 });
  expect(compareStateWithApi(configDir, final)).to.deep.equal({ integrity: 'ok', confirmed: outcome.held, notHeldAsRecorded: 0 });
  expect(final.runs.filter((run) => run.status === 'open'), 'no run left open').to.deep.equal([]);
  return outcome;
}

/** A fault suite's figures, printed once at its end: scenarios, runs, users compared, and what went wrong (all 0). */
export class SuiteFigures {
  scenarios = 0;
  runs = 0;
  compared = 0;
  lost = 0;
  duplicated = 0;
  outOfScope = 0;

  /** Counts a scenario whose final run left Signature 365 as `outcome` says. */
  add(outcome: DirectoryComparison): void {
    this.scenarios += 1;
    this.compared += outcome.held;
    this.lost += outcome.lost;
    this.duplicated += outcome.duplicated;
    this.outOfScope += outcome.outOfScope;
  }

  print(): void {
    if (this.scenarios === 0) return;
    console.log(`      (${this.scenarios} scenarios, ${this.runs} runs, ${this.compared} users compared; lost ${this.lost}, duplicated ${this.duplicated}, out of scope ${this.outOfScope})`);
  }
}
