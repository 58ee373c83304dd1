import type { Filter } from 'ldapts';
import type { ResolvedScope } from '../model.js';
import { EMAIL_SOURCE_ATTRIBUTES, scopePrimaryGroupIds } from '../scope-rule.js';
import { and, anyOf, enabledAccounts, inChainMemberOf, or, present, userObjects } from './filters.js';

/**
 * The scope rule (../scope-rule.ts) as the LDAP filter of a full read; undefined when nobody can
 * be in scope. Its terms: enabled unless disabled accounts are included; an attribute an email can
 * come from; for scope groups, membership: in-chain on the scope groups, nothing for the walk (its
 * members are looked up by DN), or, when the scope carries no closure, a direct memberOf of any
 * group of groupDns. The search bases are the searches' bases, and the exclusion is judged on what
 * comes back (isExcluded).
 */
export function scopeFilter(scope: ResolvedScope): Filter | undefined {
  if (scope.kind === 'groups' && scope.groupDns.length === 0) return undefined;
  const terms = accountTerms(scope);
  if (scope.kind === 'groups') {
    const closure = scope.membership?.included;
    if (closure?.strategy === 'in-chain') terms.push(inChainMemberOf(closure.groups.filter((group) => group.depth === 0).map((group) => group.dn)));
    else if (!closure) terms.push(anyOf('memberOf', scope.groupDns));
  }
  return and(...terms);
}

/**
 * The users whose primary group is a group of the scope closure (primaryGroupID is no `member`
 * value, so neither in-chain nor the walk finds them): a second search beside the full read's,
 * kept apart because Samba gives up on an OR of an in-chain term and an indexed one under load.
 * Undefined when no group of the closure is a primary group of this domain.
 */
export function primaryGroupScopeFilter(scope: ResolvedScope): Filter | undefined {
  const ids = scopePrimaryGroupIds(scope);
  if (ids.length === 0) return undefined;
  return and(...accountTerms(scope), anyOf('primaryGroupID', ids.map(String)));
}

/** The terms of every full read: user objects, enabled unless disabled ones are included, with an email source. */
function accountTerms(scope: ResolvedScope): Filter[] {
  const terms = [userObjects()];
  if (!scope.includeDisabled) terms.push(enabledAccounts());
  terms.push(or(...EMAIL_SOURCE_ATTRIBUTES.map(present)));
  return terms;
}
