import { expect } from 'chai';
import { closureFromParents, foreignPrincipalSid, membershipPath, walkClosure, type GroupRef, type WalkSource } from '../../../src/directory/membership.js';

const BASE = 'DC=x';
const g = (name: string): GroupRef => ({ dn: `CN=${name},OU=G,${BASE}`, objectGuid: `guid-${name}`, name });
const u = (name: string): string => `CN=${name},OU=U,${BASE}`;
const FSP = `CN=S-1-5-21-1-2-3-1001,CN=ForeignSecurityPrincipals,${BASE}`;

/** A directory of groups and their member DNs, counting member reads. */
function directory(members: Record<string, string[]>): WalkSource & { reads: string[] } {
  const groups = new Map(Object.keys(members).map((name) => [g(name).dn.toLowerCase(), g(name)]));
  const reads: string[] = [];
  return {
    reads,
    async members(group) {
      reads.push(group.name);
      return members[group.name] ?? [];
    },
    groupOf: (dn) => groups.get(dn.toLowerCase()),
  };
}

describe('transitive membership', () => {
  it('should walk three levels of nesting breadth-first', async () => {
    const source = directory({ A: [g('B').dn, u('grace')], B: [g('C').dn, u('henry')], C: [u('jamal')] });
    const closure = await walkClosure([g('A')], source);
    expect(closure.groups.map((group) => [group.name, group.depth, group.viaDn && group.viaDn.split(',')[0]])).to.deep.equal([
      ['A', 0, undefined],
      ['B', 1, 'CN=A'],
      ['C', 2, 'CN=B'],
    ]);
    expect(closure.memberDns).to.have.members([u('grace'), u('henry'), u('jamal')].map((dn) => dn.toLowerCase()));
  });

  it('should end on cycles, expanding each group once', async () => {
    const source = directory({ A: [g('B').dn, u('liam')], B: [g('A').dn, u('peter')], Self: [g('Self').dn, u('zed')] });
    const closure = await walkClosure([g('A'), g('Self')], source);
    expect(closure.groups.map((group) => group.name)).to.deep.equal(['A', 'Self', 'B']);
    expect(source.reads.sort()).to.deep.equal(['A', 'B', 'Self']);
    expect(closure.memberDns).to.have.members([u('liam'), u('peter'), u('zed')].map((dn) => dn.toLowerCase()));
  });

  it('should report domain foreign principals, pass over well-known ones, and not follow either', async () => {
    const wellKnown = `CN=S-1-5-11,CN=ForeignSecurityPrincipals,${BASE}`;
    const source = directory({ A: [g('C').dn], C: [FSP, wellKnown, u('jamal')] });
    const closure = await walkClosure([g('A')], source);
    expect(closure.foreignMembers).to.deep.equal([{ dn: FSP, sid: 'S-1-5-21-1-2-3-1001', groupDn: g('C').dn }]);
    expect(closure.memberDns).to.deep.equal([u('jamal').toLowerCase()]);
    expect(foreignPrincipalSid(u('jamal'))).to.equal(undefined);
  });

  it('should build the same tree from memberOf edges (what in-chain returns), cycles included', () => {
    const nested = [
      { ...g('B'), memberOf: [g('A').dn, g('C').dn] },
      { ...g('C'), memberOf: [g('B').dn] },
      { ...g('A'), memberOf: [g('C').dn] },
    ];
    const closure = closureFromParents([g('A')], nested);
    expect(closure.groups.map((group) => [group.name, group.depth])).to.deep.equal([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
  });

  it('should give the path from the scope group down to the user’s own group, shortest first', async () => {
    const source = directory({ Sig: [g('Sales').dn, u('kate')], Sales: [g('EMEA').dn, u('alice')], EMEA: [u('bob')] });
    const closure = await walkClosure([g('Sig')], source);
    expect(membershipPath(closure, [g('EMEA').dn, g('Other').dn])).to.deep.equal(['Sig', 'Sales', 'EMEA']);
    expect(membershipPath(closure, [g('EMEA').dn, g('Sales').dn])).to.deep.equal(['Sig', 'Sales']);
    expect(membershipPath(closure, [g('Sig').dn.toUpperCase()])).to.deep.equal(['Sig']);
    expect(membershipPath(closure, [g('Other').dn])).to.equal(undefined);
  });
});
