import type { DirectoryUser } from '../directory/model.js';
import type { SyncedUser } from '../state/state-db.js';

/**
 * The direct reports a delta must plan again. A report's payload carries its manager's email
 * (managerEmail), but a manager's new email moves only the manager's uSNChanged: the reports'
 * does not, so a delta would not read them. Every user the delta read whose email is not the one
 * Signature 365 confirmed for it (or that was never synced: an out-of-scope manager, whose old
 * email nobody kept) has its reports (`directReports`, the back-link of `manager`) re-read.
 */
export class ReportsToReplan {
  private readonly reports = new Map<string, string>();

  constructor(private readonly state: { user(objectGuid: string): Pick<SyncedUser, 'email'> | undefined }) {}

  /** Notes a user read by the delta, with the email the mapping chose for it now (undefined: none). */
  note(user: Pick<DirectoryUser, 'objectGuid' | 'attributes'>, email: string | undefined): void {
    const reports = user.attributes.directreports ?? [];
    if (reports.length === 0) return;
    const confirmed = this.state.user(user.objectGuid)?.email;
    if (confirmed !== undefined && confirmed === email) return;
    for (const dn of reports) this.reports.set(dn.toLowerCase(), dn);
  }

  /** The reports' DNs, less those the delta read anyway (`read`: lower-case DNs). */
  dnsNotIn(read: ReadonlySet<string>): string[] {
    return [...this.reports].filter(([key]) => !read.has(key)).map(([, dn]) => dn);
  }
}
