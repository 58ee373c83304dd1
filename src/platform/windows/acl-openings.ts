import type { FolderAcl } from './edge-bridge.js';

/** Well-known SIDs the agent's own ACL admits (never names: Windows localises them). */
export const AGENT_ACL_SIDS = {
  system: 'S-1-5-18',
  administrators: 'S-1-5-32-544',
} as const;

/** How a folder's ACL is wider than the agent's own: what it inherits, and whom else it lets in. */
export interface AclOpenings {
  /** The ACL is not protected: the parent's entries (ProgramData lets local users read) apply. */
  inherits: boolean;
  /** SIDs with an allow entry that the agent's ACL does not name, sorted, once each. */
  accounts: string[];
}

/**
 * What in `acl` the agent's ACL (SYSTEM, Administrators and the `extra` SIDs, e.g. the task's
 * service account) does not have; undefined when nothing. Deny entries take nothing away from the
 * agent's accounts' exclusivity and are not counted; an allow entry for anyone else is, whatever its
 * rights (even read, which is all it takes to copy secrets.json).
 */
export function aclOpenings(acl: FolderAcl, extra: readonly string[] = []): AclOpenings | undefined {
  const admitted = new Set<string>([AGENT_ACL_SIDS.system, AGENT_ACL_SIDS.administrators, ...extra.map((sid) => sid.toUpperCase())]);
  const accounts = [...new Set(acl.rules.filter((rule) => rule.allow && !admitted.has(rule.sid.toUpperCase())).map((rule) => rule.sid))].sort();
  if (acl.protected && accounts.length === 0) return undefined;
  return { inherits: !acl.protected, accounts };
}

/** Names of the SIDs a widened folder usually admits, for people (the SID stays the fact). */
const KNOWN_SIDS: Record<string, string> = {
  'S-1-1-0': 'Everyone',
  'S-1-3-0': 'CREATOR OWNER',
  'S-1-5-11': 'Authenticated Users',
  'S-1-5-32-545': 'Users',
};

/** "inherited from its parent folder; admits S-1-5-32-545 (Users)": the openings in one phrase. */
export function describeOpenings(openings: AclOpenings): string {
  const parts: string[] = [];
  if (openings.inherits) parts.push('inherited from its parent folder');
  if (openings.accounts.length > 0) {
    parts.push(`admits ${openings.accounts.map((sid) => (KNOWN_SIDS[sid] ? `${sid} (${KNOWN_SIDS[sid]})` : sid)).join(', ')}`);
  }
  return parts.join('; ');
}
