/**
 * Editing a stored scope in place (set-scope without `all` and `groups`): add and remove groups
 * and excluded groups, replace the refinements given, keep everything else.
 */
import { BadRequestError } from '../protocol/errors.js';
import { cutInput, quoteInput } from '../protocol/quote-input.js';
import type { ScopeObject, ScopeSettings } from './config.js';

export interface ScopeEdit {
  /** Groups to add, already resolved in the directory; one already in the scope is kept once. */
  addGroups?: readonly ScopeObject[];
  /** Groups to take out, each matched against the stored scope (see matchStored). */
  removeGroups?: readonly string[];
  addExcludeGroups?: readonly ScopeObject[];
  removeExcludeGroups?: readonly string[];
  /** Given: replaces the stored search bases (`[]`: the whole base DN). */
  searchBases?: readonly ScopeObject[];
  /** Given: replaces the stored excluded groups, before the additions and removals above. */
  excludeGroups?: readonly ScopeObject[];
  /** Given: replaces the stored setting. */
  includeDisabled?: boolean;
}

/**
 * The scope after the edit. Additions are applied before removals. Refused (BAD_REQUEST, nothing
 * saved): adding groups to a scope of all users (that would narrow it: give `groups` to say so),
 * removing a group that is not in the scope, and removing the last scope group.
 */
export function editScope(stored: ScopeSettings, edit: ScopeEdit): ScopeSettings {
  const addGroups = edit.addGroups ?? [];
  const removeGroups = edit.removeGroups ?? [];
  let kindPart: { kind: 'all' } | { kind: 'groups'; groups: ScopeObject[] };
  if (stored.kind === 'all') {
    if (addGroups.length > 0) {
      throw new BadRequestError('The scope is all users: adding groups would narrow it to their members. Give groups to replace the scope; it was not changed.', { param: 'addGroups' });
    }
    if (removeGroups.length > 0) {
      throw new BadRequestError(`The scope is all users: it has no group ${quoteInput(removeGroups[0]!)} to remove; it was not changed.`, { param: 'removeGroups', identity: cutInput(removeGroups[0]!), candidates: [] });
    }
    kindPart = { kind: 'all' };
  } else {
    const groups = removeEach(union(stored.groups, addGroups), removeGroups, 'group', 'removeGroups');
    if (groups.length === 0) {
      throw new BadRequestError('That would leave the scope without a group: give all or other groups instead; the scope was not changed.', { param: 'removeGroups' });
    }
    kindPart = { kind: 'groups', groups };
  }
  const excludeBase = edit.excludeGroups ?? stored.excludeGroups ?? [];
  const excludeGroups = removeEach(union(excludeBase, edit.addExcludeGroups ?? []), edit.removeExcludeGroups ?? [], 'excluded group', 'removeExcludeGroups');
  const searchBases = [...(edit.searchBases ?? stored.searchBases ?? [])];
  const includeDisabled = edit.includeDisabled ?? stored.includeDisabled === true;
  return {
    ...kindPart,
    ...(searchBases.length > 0 ? { searchBases } : {}),
    ...(excludeGroups.length > 0 ? { excludeGroups } : {}),
    ...(includeDisabled ? { includeDisabled: true } : {}),
  };
}

function union(stored: readonly ScopeObject[], added: readonly ScopeObject[]): ScopeObject[] {
  const byGuid = new Map<string, ScopeObject>();
  for (const item of [...stored, ...added]) {
    if (!byGuid.has(item.objectGuid.toLowerCase())) byGuid.set(item.objectGuid.toLowerCase(), { ...item });
  }
  return [...byGuid.values()];
}

function removeEach(list: ScopeObject[], identities: readonly string[], what: string, param: string): ScopeObject[] {
  let remaining = list;
  for (const identity of identities) {
    const found = matchStored(remaining, identity);
    if (found.length === 0) {
      const present = remaining.map((item) => `'${item.name}'`).join(', ') || 'none';
      throw new BadRequestError(`No ${what} ${quoteInput(identity)} is in the scope (it has: ${present}); the scope was not changed.`, { param, identity: cutInput(identity), candidates: [] });
    }
    if (found.length > 1) {
      throw new BadRequestError(`The ${what} ${quoteInput(identity)} matches ${found.length} groups of the scope; give its DN or objectGUID. The scope was not changed.`, {
        param,
        identity: cutInput(identity),
        candidates: found.map((item) => ({ name: item.name, dn: item.dn, objectGuid: item.objectGuid })),
      });
    }
    remaining = remaining.filter((item) => item !== found[0]);
  }
  return remaining;
}

/**
 * The stored entries an identity names: by objectGUID (braces allowed), DN or name, ignoring
 * case, as get-scope shows them. The directory is not asked, so a group since deleted from AD
 * can still be taken out of the scope.
 */
export function matchStored(list: readonly ScopeObject[], identity: string): ScopeObject[] {
  const wanted = identity.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
  const byGuid = list.filter((item) => item.objectGuid.toLowerCase() === wanted);
  if (byGuid.length > 0) return byGuid;
  const byDn = list.filter((item) => item.dn.toLowerCase() === wanted);
  if (byDn.length > 0) return byDn;
  return list.filter((item) => item.name.toLowerCase() === wanted);
}
