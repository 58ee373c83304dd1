import type { ResolvedScope } from '../directory/model.js';
import type { UserReader } from '../directory/source.js';
import { chooseEmail } from './email.js';
import type { RunScratch } from './run-scratch.js';
import type { EffectiveMapping } from './user-mapping.js';

/**
 * Who in the scope has which soft-match email, from a light read (objectGUID, the email
 * attributes, the groups) made beside a full read whose users are sent while it goes on. A user
 * may be sent before the read ends only when its email is its own: an email conflict
 * (email-conflicts.ts) holds back every user of the email, and the full read alone would learn of
 * the second user only when it reaches it.
 */
export class EmailCensus {
  /** objectGUID -> lower-cased email, in the run's scratch database (one row per user of the scope). */
  private constructor(
    private readonly scratch: RunScratch,
    private readonly table: string,
  ) {}

  static async read(directory: UserReader, scope: ResolvedScope, mapping: EffectiveMapping, scratch: RunScratch): Promise<EmailCensus> {
    const table = scratch.table('guid TEXT PRIMARY KEY NOT NULL, email_key TEXT NOT NULL', { indexes: ['email_key'] });
    const insert = scratch.statement(`INSERT OR IGNORE INTO ${table} (guid, email_key) VALUES (?, ?)`);
    for await (const page of directory.readUsers(scope, { membershipOnly: true, ownConnection: true })) {
      for (const user of page) {
        const choice = user.inScope ? chooseEmail(user.attributes, mapping) : undefined;
        if (choice) insert.run(user.objectGuid, choice.email.toLowerCase());
      }
    }
    return new EmailCensus(scratch, table);
  }

  /**
   * Whether the census saw this user with this email and nobody else with it. A user it did not
   * see, or saw with another email (changed since), is not known to be alone: it waits for the end
   * of the read, when every conflict is known.
   */
  alone(objectGuid: string, email: string): boolean {
    const key = email.toLowerCase();
    const own = this.scratch.statement(`SELECT email_key FROM ${this.table} WHERE guid = ?`).get(objectGuid) as { email_key: string } | undefined;
    if (own?.email_key !== key) return false;
    return (this.scratch.statement(`SELECT count(*) AS n FROM ${this.table} WHERE email_key = ?`).get(key) as { n: number }).n === 1;
  }
}
