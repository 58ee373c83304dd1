import type { ResolvedScope } from '../directory/model.js';
import type { UserReader } from '../directory/source.js';
import { chooseEmail } from './email.js';
import type { EffectiveMapping } from './user-mapping.js';

/**
 * Who in the scope has which soft-match email, from a light read (objectGUID, the email
 * attributes, the groups) made beside a full read whose users are sent while it goes on. A user
 * may be sent before the read ends only when its email is its own: an email conflict
 * (email-conflicts.ts) holds back every user of the email, and the full read alone would learn of
 * the second user only when it reaches it.
 */
export class EmailCensus {
  private constructor(
    /** objectGUID -> lower-cased email. */
    private readonly emailOf: ReadonlyMap<string, string>,
    /** lower-cased email -> how many users of the scope have it. */
    private readonly holders: ReadonlyMap<string, number>,
  ) {}

  static async read(directory: UserReader, scope: ResolvedScope, mapping: EffectiveMapping): Promise<EmailCensus> {
    const emailOf = new Map<string, string>();
    const holders = new Map<string, number>();
    for await (const page of directory.readUsers(scope, { membershipOnly: true, ownConnection: true })) {
      for (const user of page) {
        const choice = user.inScope ? chooseEmail(user.attributes, mapping) : undefined;
        if (!choice || emailOf.has(user.objectGuid)) continue;
        const key = choice.email.toLowerCase();
        emailOf.set(user.objectGuid, key);
        holders.set(key, (holders.get(key) ?? 0) + 1);
      }
    }
    return new EmailCensus(emailOf, holders);
  }

  /**
   * Whether the census saw this user with this email and nobody else with it. A user it did not
   * see, or saw with another email (changed since), is not known to be alone: it waits for the end
   * of the read, when every conflict is known.
   */
  alone(objectGuid: string, email: string): boolean {
    const key = email.toLowerCase();
    return this.emailOf.get(objectGuid) === key && this.holders.get(key) === 1;
  }
}
