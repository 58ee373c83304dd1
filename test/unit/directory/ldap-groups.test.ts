import { expect } from 'chai';
import { TimeLimitExceededError, type Client } from 'ldapts';
import { DIRECTORY_DEFAULTS, type DirectorySettings } from '../../../src/config/config.js';
import { guidToBytes } from '../../../src/directory/guid.js';
import { IN_CHAIN_RULE } from '../../../src/directory/ldap/filters.js';
import { inChainTimeLimitSeconds, LdapGroups } from '../../../src/directory/ldap/ldap-groups.js';
import { LdaptsSession } from '../../../src/directory/ldap/ldapts-session.js';
import { parseRangedName } from '../../../src/directory/ldap/range.js';
import { silentLogger } from '../../../src/log/logger.js';
import { DirectoryError } from '../../../src/protocol/errors.js';

const NC = 'DC=x';
const dn = (name: string): string => `CN=${name},${NC}`;
const guid = (n: number): string => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
/** The fake domain's SID, and a SID as AD stores it. */
const DOMAIN_SID = [21, 1, 2, 3];
const sidBytes = (parts: number[]): Buffer =>
  Buffer.concat([Buffer.from([1, parts.length, 0, 0, 0, 0, 0, 5]), ...parts.map((part) => Buffer.from(new Uint32Array([part]).buffer))]);

/**
 * A fake DC: groups with member lists (served in ranges of at most 2, like a small MaxValRange),
 * in-chain searches that run out of time, and a rootDSE advertising (or not) in-chain.
 */
function fakeClient(options: { advertises: boolean; members: Record<string, string[]> }): { client: Client; searches: { filter: string; timeLimit?: number }[] } {
  const searches: { filter: string; timeLimit?: number }[] = [];
  const names = Object.keys(options.members);
  const client = {
    async search(base: string, opts: { filter?: string; attributes?: string[] }) {
      if (base === '') return { searchEntries: [{ dn: '', supportedCapabilities: options.advertises ? ['1.2.840.113556.1.4.1935'] : ['1.2.840.113556.1.4.800'] }] };
      if (base.startsWith('CN=ForeignSecurityPrincipals')) return { searchEntries: [] };
      if (base === NC) return { searchEntries: [{ dn: NC, objectSid: sidBytes(DOMAIN_SID) }] };
      const requested = opts.attributes?.[0] ?? '';
      const range = parseRangedName(requested, 'member');
      const name = /^CN=([^,]+)/.exec(base)![1]!;
      const all = options.members[name] ?? [];
      if (!range || all.length === 0) return { searchEntries: [{ dn: base, uSNChanged: '5', [requested]: [] }] };
      const high = Math.min(all.length - 1, range.low + 1);
      const label = high >= all.length - 1 ? '*' : String(high);
      return { searchEntries: [{ dn: base, uSNChanged: '5', [requested]: [], [`member;range=${range.low}-${label}`]: all.slice(range.low, high + 1) }] };
    },
    async *searchPaginated(_base: string, opts: { filter: string; timeLimit?: number }) {
      searches.push({ filter: String(opts.filter), ...(opts.timeLimit ? { timeLimit: opts.timeLimit } : {}) });
      if (String(opts.filter).includes(IN_CHAIN_RULE)) throw new TimeLimitExceededError();
      yield {
        // Group B is a group of another domain (its SID is not under the fake domain's).
        searchEntries: names.map((name, index) => ({
          dn: dn(name),
          objectGUID: guidToBytes(guid(index + 1)),
          objectSid: sidBytes(name === 'B' ? [21, 9, 9, 9, 1101] : [...DOMAIN_SID, 1100 + index]),
          name,
          memberOf: [],
        })),
      };
    },
  };
  return { client: client as unknown as Client, searches };
}

function groupsOver(client: Client, settings: Partial<DirectorySettings>): LdapGroups {
  const session = new LdaptsSession(client);
  return new LdapGroups({ session: () => session, settings: { ...DIRECTORY_DEFAULTS, servers: [], ...settings }, logger: silentLogger, namingContext: () => NC });
}

describe('LdapGroups: membership strategies', () => {
  const members = { A: [dn('B'), 'CN=u1,DC=x', 'CN=u2,DC=x'], B: [dn('A'), 'CN=u3,DC=x', 'CN=u4,DC=x', 'CN=u5,DC=x'] };
  const root = { dn: dn('A'), objectGuid: guid(1), name: 'A' };

  it('auto: falls back to the walk when in-chain runs out of its time limit', async () => {
    const fake = fakeClient({ advertises: true, members });
    const closure = await groupsOver(fake.client, { membershipStrategy: 'auto', rangeStep: 10, timeoutMs: 30_000 }).expand([root]);
    expect(closure.strategy).to.equal('walk');
    expect(closure.groups.map((group) => group.name)).to.deep.equal(['A', 'B']);
    expect(closure.memberDns).to.have.members(['cn=u1,dc=x', 'cn=u2,dc=x', 'cn=u3,dc=x', 'cn=u4,dc=x', 'cn=u5,dc=x']);
    const inChain = fake.searches.find((search) => search.filter.includes(IN_CHAIN_RULE));
    expect(inChain?.timeLimit).to.equal(15);
  });

  it("the walk gives each group of the domain its primary group ID (its SID's RID), and none to another domain's", async () => {
    const fake = fakeClient({ advertises: false, members });
    const closure = await groupsOver(fake.client, { membershipStrategy: 'walk' }).expand([root]);
    expect(closure.groups.map((group) => [group.name, group.primaryGroupId])).to.deep.equal([
      ['A', 1100],
      ['B', undefined],
    ]);
  });

  it('auto: walks without trying in-chain when the DC does not advertise it', async () => {
    const fake = fakeClient({ advertises: false, members });
    const closure = await groupsOver(fake.client, { membershipStrategy: 'auto' }).expand([root]);
    expect(closure.strategy).to.equal('walk');
    expect(fake.searches.some((search) => search.filter.includes(IN_CHAIN_RULE))).to.equal(false);
  });

  it('in-chain forced: running out of time is a DirectoryError, not a smaller scope', async () => {
    const fake = fakeClient({ advertises: true, members });
    try {
      await groupsOver(fake.client, { membershipStrategy: 'in-chain' }).expand([root]);
      expect.fail('expected a DirectoryError');
    } catch (error) {
      expect(error).to.be.instanceOf(DirectoryError);
    }
  });

  it('the in-chain time limit stays under the client timeout', () => {
    expect(inChainTimeLimitSeconds({ timeoutMs: 120_000 })).to.equal(60);
    expect(inChainTimeLimitSeconds({ timeoutMs: 500 })).to.equal(1);
  });
});
