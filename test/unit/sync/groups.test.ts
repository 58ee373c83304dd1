import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { DirectoryGroupNode, ResolvedScope } from '../../../src/directory/model.js';
import { buildGroupPayloads, GroupAncestry, groupsInScope, hashGroup, planGroups } from '../../../src/sync/groups.js';
import { scopeFingerprint } from '../../../src/sync/scope.js';

const BASE = 'DC=x';
const dn = (name: string, ou = 'OU=G'): string => `CN=${name},${ou},${BASE}`;
function node(name: string, memberOf: string[] = [], extra: Partial<DirectoryGroupNode> = {}): DirectoryGroupNode {
  return { dn: dn(name), objectGuid: `00000000-0000-0000-0000-${name.padStart(12, '0').slice(-12)}`, name, memberOf, critical: false, ...extra };
}
const scopeAll = (extra: Partial<ResolvedScope> = {}): ResolvedScope => ({ kind: 'all', searchBases: [BASE], groupDns: [], fingerprint: 'f', ...extra });

describe('groups sync', () => {
  const graph = [
    node('aaa', [dn('bbb')]),
    node('bbb', [dn('aaa')]), // a cycle
    node('ccc', [dn('aaa')]),
    node('ddd', [], { critical: true }),
    node('eee', [], { dn: dn('eee', 'OU=Elsewhere') }),
  ];

  it('should find transitive groups over memberOf, cycles included', () => {
    const ancestry = new GroupAncestry(graph);
    expect([...ancestry.groupsOf([dn('ccc')])].sort()).to.deep.equal([dn('aaa'), dn('bbb'), dn('ccc')].map((x) => x.toLowerCase()).sort());
    expect([...ancestry.groupsOf([dn('unknown')])]).to.deep.equal([]);
  });

  it('scope all: every group under the search bases except critical and excluded ones', () => {
    const names = (scope: ResolvedScope): string[] => groupsInScope(scope, graph).map((group) => group.name);
    expect(names(scopeAll())).to.deep.equal(['aaa', 'bbb', 'ccc', 'eee']);
    expect(names(scopeAll({ searchBases: [`OU=G,${BASE}`] }))).to.deep.equal(['aaa', 'bbb', 'ccc']);
    expect(names(scopeAll({ excludedGroupDns: [dn('ccc')] }))).to.deep.equal(['aaa', 'bbb', 'eee']);
  });

  it('scope groups: the closure only', () => {
    const scope: ResolvedScope = { kind: 'groups', searchBases: [BASE], groupDns: [dn('ccc')], fingerprint: 'f' };
    expect(groupsInScope(scope, graph).map((group) => group.name)).to.deep.equal(['ccc']);
  });

  it('should list transitive in-scope members, sorted, with the email chosen like a user’s', () => {
    const withMail = [...graph.slice(0, 3).map((group) => ({ ...group })), node('fff', [], { mail: 'not an address' })];
    withMail[0] = { ...withMail[0]!, mail: 'aaa@contoso.com', proxyAddresses: ['SMTP:AAA@Contoso.com', 'smtp:x@contoso.com'], description: ' The A team ' };
    const payloads = buildGroupPayloads(scopeAll(), withMail, [
      { objectGuid: 'u2', memberOf: [dn('ccc')] },
      { objectGuid: 'u1', memberOf: [dn('bbb')] },
    ]);
    const byName = new Map(payloads.map((payload) => [payload.name, payload]));
    expect(byName.get('aaa')).to.deep.equal({ objectGuid: withMail[0]!.objectGuid, name: 'aaa', email: 'AAA@contoso.com', description: 'The A team', memberGuids: ['u1', 'u2'] });
    expect(byName.get('ccc')!.memberGuids).to.deep.equal(['u2']);
    expect(byName.get('fff')).to.not.have.property('email');
  });

  it('should send only groups whose hash changed and drop the ones gone', () => {
    const [a, b] = buildGroupPayloads(scopeAll(), graph.slice(0, 2), []);
    const state = { groupHash: (guid: string) => (guid === a!.objectGuid ? hashGroup(a!) : undefined), groupGuids: () => [a!.objectGuid, 'gone'] };
    const planned = planGroups([a!, b!], state);
    expect(planned.send.map((item) => item.payload.name)).to.deep.equal(['bbb']);
    expect(planned).to.deep.include({ unchanged: 1, dropped: ['gone'], computed: true });
  });
});

describe('scope fingerprint', () => {
  it('should not change for a scope stored before the refinements existed', () => {
    // The formula of the previous version: a watermark it wrote must still match (no forced full sync).
    const previous = (kind: string, groups: string[], baseDn: string): string =>
      createHash('sha256').update(JSON.stringify({ kind, groups, baseDn: baseDn.toLowerCase() })).digest('hex').slice(0, 32);
    expect(scopeFingerprint({ kind: 'all' }, 'DC=Corp,DC=test')).to.equal(previous('all', [], 'DC=Corp,DC=test'));
    const groups = [{ objectGuid: 'b', dn: 'x', name: 'x' }, { objectGuid: 'a', dn: 'y', name: 'y' }];
    expect(scopeFingerprint({ kind: 'groups', groups, searchBases: [], includeDisabled: false }, BASE)).to.equal(previous('groups', ['a', 'b'], BASE));
  });

  it('should change with search bases, exclusions and includeDisabled', () => {
    const base = scopeFingerprint({ kind: 'all' }, BASE);
    const ref = { objectGuid: 'g1', dn: 'x', name: 'x' };
    const variants = [
      scopeFingerprint({ kind: 'all', searchBases: [ref] }, BASE),
      scopeFingerprint({ kind: 'all', excludeGroups: [ref] }, BASE),
      scopeFingerprint({ kind: 'all', includeDisabled: true }, BASE),
    ];
    expect(new Set([base, ...variants]).size).to.equal(4);
  });
});
