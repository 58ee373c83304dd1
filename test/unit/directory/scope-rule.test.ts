import { expect } from 'chai';
import { primaryGroupScopeFilter, scopeFilter } from '../../../src/directory/ldap/scope-filter.js';
import { closureFromParents } from '../../../src/directory/membership.js';
import type { DirectoryUser, ResolvedScope } from '../../../src/directory/model.js';
import { isMemberThroughGroups, judgeScope } from '../../../src/directory/scope-rule.js';

const BASE = 'DC=corp,DC=test';
const SALES = `OU=Sales,${BASE}`;
const group = (name: string): { dn: string; objectGuid: string; name: string } => ({ dn: `CN=${name},OU=Groups,${BASE}`, objectGuid: `guid-${name}`, name });

function user(attributes: Record<string, string[]>, dn = `CN=Alice,${SALES}`): Pick<DirectoryUser, 'dn' | 'attributes'> {
  return { dn, attributes: { mail: ['alice@corp.test'], useraccountcontrol: ['512'], ...attributes } };
}

function groupsScope(overrides: Partial<ResolvedScope> = {}): ResolvedScope {
  const closure = { ...closureFromParents([group('Signature Users')], [{ ...group('Sales Team'), memberOf: [group('Signature Users').dn] }]), foreignMembers: [], durationMs: 0 };
  const excluded = { ...closureFromParents([group('Contractors')], []), foreignMembers: [], durationMs: 0 };
  return {
    kind: 'groups',
    searchBases: [SALES],
    groupDns: closure.groups.map((g) => g.dn),
    excludedGroupDns: [group('Contractors').dn],
    membership: { strategy: 'in-chain', included: closure, excluded },
    fingerprint: 'f',
    ...overrides,
  };
}

describe('judgeScope', () => {
  it('should find no reason for an enabled member with an email under a search base, with the path it is reached by', () => {
    const judged = judgeScope(user({ memberof: [group('Sales Team').dn.toUpperCase()] }), groupsScope());
    expect(judged).to.deep.equal({ reasons: [], searchBase: SALES, groupPath: ['Signature Users', 'Sales Team'] });
  });

  it('should name every failing term, in order', () => {
    const judged = judgeScope(
      { dn: `CN=Bob,OU=Elsewhere,${BASE}`, attributes: { useraccountcontrol: ['514'], memberof: [group('Contractors').dn] } },
      groupsScope(),
    );
    expect(judged.reasons.map((reason) => reason.code)).to.deep.equal(['DISABLED', 'OUTSIDE_SEARCH_BASES', 'NOT_A_MEMBER', 'EXCLUDED', 'NO_EMAIL']);
    expect(judged.reasons[2]!.message).to.contain("'Signature Users'");
    expect(judged.reasons[3]).to.deep.include({ path: ['Contractors'] });
    expect(judged.excludedPath).to.deep.equal(['Contractors']);
  });

  it('should take disabled accounts when the scope includes them, and anyone under a base for scope all', () => {
    const all: ResolvedScope = { kind: 'all', searchBases: [BASE], groupDns: [], includeDisabled: true, fingerprint: 'f' };
    expect(judgeScope(user({ useraccountcontrol: ['514'], userprincipalname: ['a@corp.test'] }), all).reasons).to.deep.equal([]);
  });

  it('should judge membership by the walk members when the closure was walked', () => {
    const walked = groupsScope();
    walked.membership = { strategy: 'walk', included: { ...walked.membership!.included!, strategy: 'walk', memberDns: [`cn=alice,${SALES.toLowerCase()}`] } };
    expect(judgeScope(user({}), walked).reasons).to.deep.equal([]);
    expect(judgeScope(user({}, `CN=Carol,${SALES}`), walked).reasons.map((reason) => reason.code)).to.deep.equal(['NOT_A_MEMBER']);
  });
});

describe('judgeScope: primary groups', () => {
  /** The scope of groupsScope(), with 'Sales Team' the primary group 1105 and 'Contractors' 1200. */
  function withPrimaryIds(): ResolvedScope {
    const scope = groupsScope();
    const included = scope.membership!.included!;
    const excluded = scope.membership!.excluded!;
    const ids: Record<string, number> = { 'Sales Team': 1105, Contractors: 1200 };
    const annotate = (groups: typeof included.groups) => groups.map((g) => (ids[g.name] ? { ...g, primaryGroupId: ids[g.name] } : g));
    scope.membership = { strategy: 'in-chain', included: { ...included, groups: annotate(included.groups) }, excluded: { ...excluded, groups: annotate(excluded.groups) } };
    return scope;
  }

  it('should count a user whose primaryGroupID is a closure group as a member, with the path through it', () => {
    const judged = judgeScope(user({ primarygroupid: ['1105'] }), withPrimaryIds());
    expect(judged).to.deep.equal({ reasons: [], searchBase: SALES, groupPath: ['Signature Users', 'Sales Team'] });
    expect(isMemberThroughGroups(user({ primarygroupid: ['1105'] }), withPrimaryIds())).to.equal(false);
  });

  it('should not count another primary group, nor one of a closure without IDs', () => {
    expect(judgeScope(user({ primarygroupid: ['513'] }), withPrimaryIds()).reasons.map((r) => r.code)).to.deep.equal(['NOT_A_MEMBER']);
    expect(judgeScope(user({ primarygroupid: ['1105'] }), groupsScope()).reasons.map((r) => r.code)).to.deep.equal(['NOT_A_MEMBER']);
  });

  it('should exclude a user whose primary group is in the excluded closure, naming it', () => {
    const judged = judgeScope(user({ primarygroupid: ['1200'], memberof: [group('Sales Team').dn] }), withPrimaryIds());
    expect(judged.reasons.map((r) => r.code)).to.deep.equal(['EXCLUDED']);
    expect(judged.excludedPath).to.deep.equal(['Contractors']);
  });

  it('should search the primary groups of the closure with the account terms, and not at all without any', () => {
    expect(primaryGroupScopeFilter(withPrimaryIds())?.toString()).to.equal(
      '(&(&(objectCategory=person)(objectClass=user))(!(userAccountControl:1.2.840.113556.1.4.803:=2))(|(mail=*)(proxyAddresses=*)(userPrincipalName=*))(primaryGroupID=1105))',
    );
    expect(primaryGroupScopeFilter(groupsScope())).to.equal(undefined);
    expect(primaryGroupScopeFilter({ kind: 'all', searchBases: [BASE], groupDns: [], fingerprint: 'f' })).to.equal(undefined);
  });
});

describe('scopeFilter', () => {
  it('should express the same terms: users, enabled, an email source, in-chain on the scope groups', () => {
    expect(scopeFilter(groupsScope())?.toString()).to.equal(
      '(&(&(objectCategory=person)(objectClass=user))(!(userAccountControl:1.2.840.113556.1.4.803:=2))(|(mail=*)(proxyAddresses=*)(userPrincipalName=*))' +
        `(memberOf:1.2.840.113556.1.4.1941:=CN=Signature Users,OU=Groups,${BASE}))`,
    );
  });

  it('should leave membership to the DN lookup for the walk, and give nothing for a scope without groups', () => {
    const all: ResolvedScope = { kind: 'all', searchBases: [BASE], groupDns: [], includeDisabled: true, fingerprint: 'f' };
    expect(scopeFilter(all)?.toString()).to.equal('(&(&(objectCategory=person)(objectClass=user))(|(mail=*)(proxyAddresses=*)(userPrincipalName=*)))');
    expect(scopeFilter({ ...all, kind: 'groups' })).to.equal(undefined);
  });
});
