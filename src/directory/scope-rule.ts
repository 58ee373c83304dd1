/**
 * The scope rule, once. A user is in scope when every term holds: enabled (unless the scope
 * includes disabled accounts), under a search base, a member of the scope groups' closure (scope
 * `groups`), not in an excluded closure, and with an attribute an email can come from. judgeScope
 * names the terms that fail: explain shows them, a delta read keeps the users with none. The LDAP
 * filter of a full read is the same terms expressed as a filter (ldap/scope-filter.ts).
 */
import { isAccountDisabled } from './account-control.js';
import { isUnder } from './dn.js';
import { membershipPath } from './membership.js';
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
    };
    scopeSets.set(scope, sets);
  }
  return sets;
}

const memberOf = (user: JudgedUser): readonly string[] => user.attributes.memberof ?? [];

/** A member of the scope: anyone for scope `all`; for `groups`, a direct member of a group of the closure. */
export function isScopeMember(user: JudgedUser, scope: ResolvedScope): boolean {
  if (scope.kind === 'all') return true;
  const { groups, walkMembers } = setsOf(scope);
  if (walkMembers) return walkMembers.has(user.dn.toLowerCase());
  return memberOf(user).some((dn) => groups.has(dn.toLowerCase()));
}

/** A direct memberOf in the excluded closure means a transitive member of an excluded group. */
export function isExcluded(user: JudgedUser, scope: ResolvedScope): boolean {
  const { excluded } = setsOf(scope);
  return excluded.size > 0 && memberOf(user).some((dn) => excluded.has(dn.toLowerCase()));
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
      groupPath = closure ? membershipPath(closure, memberOf(user)) : undefined;
    } else {
      const roots = (closure?.groups ?? []).filter((group) => group.depth === 0).map((group) => `'${group.name}'`);
      reasons.push({ code: 'NOT_A_MEMBER', message: `The user is not a member, directly or through nested groups, of ${roots.join(', ') || 'the scope groups'}.` });
    }
  }
  const excludedClosure = scope.membership?.excluded;
  let excludedPath: string[] | undefined;
  if (isExcluded(user, scope)) {
    excludedPath = excludedClosure ? membershipPath(excludedClosure, memberOf(user)) : undefined;
    const through = excludedPath ? ` through the group '${excludedPath[0]}'${excludedPath.length > 1 ? ` (via ${excludedPath.slice(1).join(' > ')})` : ''}` : '';
    reasons.push({ code: 'EXCLUDED', message: `The user is excluded${through}.`, ...(excludedPath ? { path: excludedPath } : {}) });
  }
  if (!hasEmailSource(user)) reasons.push({ code: 'NO_EMAIL', message: NO_EMAIL_MESSAGE });
  return { reasons, ...(searchBase ? { searchBase } : {}), ...(groupPath ? { groupPath } : {}), ...(excludedPath ? { excludedPath } : {}) };
}
