import type { ScopeSettings } from '../config/config.js';
import type { DirectorySource, UserQuery } from '../directory/model.js';
import { DirectoryError } from '../protocol/errors.js';

/**
 * Turns the stored scope into a directory query. Groups are stored by objectGUID and looked up
 * afresh, so a renamed or moved group stays in scope; a group that no longer exists aborts the
 * run before anything is sent, rather than shrinking the scope.
 */
export async function resolveUserQuery(directory: DirectorySource, scope: ScopeSettings, baseDn: string): Promise<UserQuery> {
  if (scope.kind === 'all') return { kind: 'all', baseDn };
  const groupDns: string[] = [];
  for (const group of scope.groups) {
    const found = await directory.findGroupByGuid(group.objectGuid, baseDn);
    if (!found) {
      throw new DirectoryError(
        `Scope group '${group.name}' (${group.objectGuid}) no longer exists under ${baseDn}; nothing was sent. Fix the scope with set-scope.`,
        { objectGuid: group.objectGuid, name: group.name },
      );
    }
    groupDns.push(found.dn);
  }
  return { kind: 'members-of', baseDn, groupDns };
}
