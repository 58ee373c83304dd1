/**
 * The scope rule, once. A user is in scope when every term holds: enabled (unless the scope
 * includes disabled accounts), under a search base, a member of the scope groups' closure (scope
 * `groups`), not in an excluded closure, and with an attribute an email can come from. judgeScope
 * names the terms that fail: explain shows them, a delta read keeps the users with none. The LDAP
 * filter of a full read is the same terms expressed as a filter (ldap/scope-filter.ts).
 */
import { isAccountDisabled } from './account-control.js';
import { isUnder } from './dn.js';
import { membershipPath, primaryGroupDn, type GroupClosure } from './membership.js';
import type { DirectoryUser, ResolvedScope } from './model.js';

/** Why a user is not in scope (several may apply), in the order judgeScope checks them. */
export type NotInScopeCode = 'DISABLED' | 'OUTSIDE_SEARCH_BASES' | 'NOT_A_MEMBER' | 'EXCLUDED' | 'NO_EMAIL';

export interface NotInScopeReason {
  code: NotInScopeCode;
  message: string;
  /** EXCLUDED: the group names from the excluded group down to the user's own group. */
  path?: string[];
}

export interface ScopeJudgement {
  /** Empty when the user is in scope. */
  reasons: NotInScopeReason[];
  /** The search base the user is under, if any. */
  searchBase?: string;
  /** A member: the group names from the scope group down to the user's own group. */
  groupPath?: string[];
  /** Excluded: the same, from the excluded group. */
  excludedPath?: string[];
}

/** What the rule reads of a user: its DN and its attributes (userAccountControl, memberOf, the email sources). */
export type JudgedUser = Pick<DirectoryUser, 'dn' | 'attributes'>;

/** The attributes an email can come from (the mapping picks one of them): a user with none has no email. */
export const EMAIL_SOURCE_ATTRIBUTES = ['mail', 'proxyAddresses', 'userPrincipalName'] as const;

export const NO_EMAIL_MESSAGE = 'The user has no primary SMTP address in proxyAddresses and no mail: there is nothing to match a Microsoft 365 user with.';

/** The scope's DN sets, lower-cased, built once per resolved scope. */
interface ScopeSets {
  groups: Set<string>;
  excluded: Set<string>;
  /** The walk's direct members of the closure, when the scope groups were resolved by the walk. */
  walkMembers?: Set<string>;
  /** primaryGroupID values that make a user a member of the scope groups' closure, and of the excluded one. */
  primaryIds: Set<number>;
  excludedPrimaryIds: Set<number>;
}

/** The primary group IDs of a closure's groups of this domain. */
function primaryIdsOf(closure: GroupClosure | undefined): Set<number> {
  return new Set((closure?.groups ?? []).flatMap((group) => (group.primaryGroupId === undefined ? [] : [group.primaryGroupId])));
}
const scopeSets = new WeakMap<ResolvedScope, ScopeSets>();
function setsOf(scope: ResolvedScope): ScopeSets {
  let sets = scopeSets.get(scope);
  if (!sets) {
    const closure = scope.membership?.included;
    const walkMembers = closure?.strategy === 'walk' && closure.memberDns ? new Set(closure.memberDns.map((dn) => dn.toLowerCase())) : undefined;
    sets = {
      groups: new Set(scope.groupDns.map((dn) => dn.toLowerCase())),
      excluded: new Set((scope.excludedGroupDns ?? []).map((dn) => dn.toLowerCase())),
      ...(walkMembers ? { walkMembers } : {}),
      primaryIds: primaryIdsOf(closure),
      excludedPrimaryIds: primaryIdsOf(scope.membership?.excluded),
    };
    scopeSets.set(scope, sets);
  }
  return sets;
}

const memberOf = (user: JudgedUser): readonly string[] => user.attributes.memberof ?? [];

/** The user's primaryGroupID (the RID of its primary group, usually Domain Users' 513), when read. */
export function primaryGroupIdOf(user: JudgedUser): number | undefined {
  const value = user.attributes.primarygroupid?.[0];
  return value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : undefined;
}

/** A member of the scope groups' closure by `member` (a direct member of one of its groups), primary groups aside. */
export function isMemberThroughGroups(user: JudgedUser, scope: ResolvedScope): boolean {
  const { groups, walkMembers } = setsOf(scope);
  if (walkMembers) return walkMembers.has(user.dn.toLowerCase());
  return memberOf(user).some((dn) => groups.has(dn.toLowerCase()));
}

/** The primary group IDs that make a user a member of the scope groups' closure (empty for scope `all`). */
export function scopePrimaryGroupIds(scope: ResolvedScope): number[] {
  return scope.kind === 'groups' ? [...setsOf(scope).primaryIds] : [];
}

/**
 * A member of the scope: anyone for scope `all`; for `groups`, a direct member of a group of the
 * closure, or a user whose primary group is one of them.
 */
export function isScopeMember(user: JudgedUser, scope: ResolvedScope): boolean {
  if (scope.kind === 'all') return true;
  if (isMemberThroughGroups(user, scope)) return true;
  const id = primaryGroupIdOf(user);
  return id !== undefined && setsOf(scope).primaryIds.has(id);
}

/** A direct memberOf in the excluded closure, or a primary group in it, means a transitive member of an excluded group. */
export function isExcluded(user: JudgedUser, scope: ResolvedScope): boolean {
  const { excluded, excludedPrimaryIds } = setsOf(scope);
  if (excluded.size > 0 && memberOf(user).some((dn) => excluded.has(dn.toLowerCase()))) return true;
  const id = primaryGroupIdOf(user);
  return id !== undefined && excludedPrimaryIds.has(id);
}

/** How the user is reached from a root of the closure, through its groups or its primary group. */
function pathIn(closure: GroupClosure, user: JudgedUser): string[] | undefined {
  const primary = primaryGroupDn(closure, primaryGroupIdOf(user));
  return membershipPath(closure, primary ? [...memberOf(user), primary] : memberOf(user));
}

/** Whether the user has any attribute an email can come from. */
export function hasEmailSource(user: JudgedUser): boolean {
  return EMAIL_SOURCE_ATTRIBUTES.some((name) => (user.attributes[name.toLowerCase()]?.length ?? 0) > 0);
}

/** The scope judged for one user: the terms that fail, and how the user is reached. */
export function judgeScope(user: JudgedUser, scope: ResolvedScope): ScopeJudgement {
  const reasons: NotInScopeReason[] = [];
  if (!scope.includeDisabled && isAccountDisabled(user.attributes)) {
    reasons.push({ code: 'DISABLED', message: 'The account is disabled and the scope does not include disabled accounts (includeDisabled).' });
  }
  const searchBase = scope.searchBases.find((base) => isUnder(user.dn, base));
  if (!searchBase) {
    reasons.push({ code: 'OUTSIDE_SEARCH_BASES', message: `The user is not under any search base (${scope.searchBases.join('; ')}).` });
  }
  let groupPath: string[] | undefined;
  if (scope.kind === 'groups') {
    const closure = scope.membership?.included;
    if (isScopeMember(user, scope)) {
      groupPath = closure ? pathIn(closure, user) : undefined;
    } else {
      const roots = (closure?.groups ?? []).filter((group) => group.depth === 0).map((group) => `'${group.name}'`);
      reasons.push({ code: 'NOT_A_MEMBER', message: `The user is not a member, directly or through nested groups, of ${roots.join(', ') || 'the scope groups'}.` });
    }
  }
  const excludedClosure = scope.membership?.excluded;
  let excludedPath: string[] | undefined;
  if (isExcluded(user, scope)) {
    excludedPath = excludedClosure ? pathIn(excludedClosure, user) : undefined;
    const through = excludedPath ? ` through the group '${excludedPath[0]}'${excludedPath.length > 1 ? ` (via ${excludedPath.slice(1).join(' > ')})` : ''}` : '';
    reasons.push({ code: 'EXCLUDED', message: `The user is excluded${through}.`, ...(excludedPath ? { path: excludedPath } : {}) });
  }
  if (!hasEmailSource(user)) reasons.push({ code: 'NO_EMAIL', message: NO_EMAIL_MESSAGE });
  return { reasons, ...(searchBase ? { searchBase } : {}), ...(groupPath ? { groupPath } : {}), ...(excludedPath ? { excludedPath } : {}) };
}
