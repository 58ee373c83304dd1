import { expect } from 'chai';
import { scopeFilter } from '../../../src/directory/ldap/scope-filter.js';
import { closureFromParents } from '../../../src/directory/membership.js';
import type { DirectoryUser, ResolvedScope } from '../../../src/directory/model.js';
import { judgeScope } from '../../../src/directory/scope-rule.js';

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
