import { createHash } from 'node:crypto';
import type { ScopeSettings } from '../config/config.js';
import type { DirectorySource, ResolvedScope } from '../directory/model.js';
import { DirectoryError } from '../protocol/errors.js';

/** Hash of the stored scope: a different one means the next sync must be full. */
export function scopeFingerprint(scope: ScopeSettings, baseDn: string): string {
  const groups = scope.kind === 'groups' ? scope.groups.map((group) => group.objectGuid).sort() : [];
  return createHash('sha256').update(JSON.stringify({ kind: scope.kind, groups, baseDn: baseDn.toLowerCase() })).digest('hex').slice(0, 32);
}

/**
 * Resolves the stored scope against the directory. Groups are stored by objectGUID and looked up
 * afresh, so a renamed or moved group stays in scope; a group that no longer exists aborts the
 * run before anything is sent, rather than shrinking the scope.
 */
export async function resolveScope(directory: DirectorySource, scope: ScopeSettings, baseDn: string): Promise<ResolvedScope> {
  const fingerprint = scopeFingerprint(scope, baseDn);
  if (scope.kind === 'all') return { kind: 'all', searchBases: [baseDn], groupDns: [], fingerprint };
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
  return { kind: 'groups', searchBases: [baseDn], groupDns, fingerprint };
}
