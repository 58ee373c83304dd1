import { expect } from 'chai';
import { chunkOf, parseRangedName, rangeRequest, readRanged, type RangeFetcher } from '../../../src/directory/ldap/range.js';
import { DirectoryError } from '../../../src/protocol/errors.js';

const values = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `CN=u${from + i},DC=x`);

/**
 * A server that answers ranged requests like AD: at most `maxValRange` values per answer, named
 * `member;range=X-Y`, the last chunk `member;range=X-*`; ldapts echoes the requested name empty
 * when the server answered under another one.
 */
function adLike(members: string[], maxValRange: number, usn = () => '100'): { fetch: RangeFetcher; asked: string[] } {
  const asked: string[] = [];
  const fetch: RangeFetcher = async (requested) => {
    asked.push(requested);
    const parsed = parseRangedName(requested, 'member')!;
    const high = parsed.high === '*' ? members.length - 1 : Math.min(parsed.high, members.length - 1, parsed.low + maxValRange - 1);
    const entry: Record<string, unknown> = { dn: 'CN=g', uSNChanged: usn(), [requested]: [] };
    if (members.length === 0) return entry;
    const last = high >= members.length - 1;
    entry[`member;range=${parsed.low}-${last ? '*' : high}`] = members.slice(parsed.low, high + 1);
    return entry;
  };
  return { fetch, asked };
}

describe('ranged retrieval of member', () => {
  it('should parse the range option of the attribute only', () => {
    expect(parseRangedName('member;range=0-1499', 'member')).to.deep.equal({ low: 0, high: 1499 });
    expect(parseRangedName('Member;Range=1500-*', 'member')).to.deep.equal({ low: 1500, high: '*' });
    expect(parseRangedName('memberOf;range=0-9', 'member')).to.equal(undefined);
    expect(parseRangedName('member', 'member')).to.equal(undefined);
    expect(rangeRequest('member', 1500, 1500)).to.equal('member;range=1500-2999');
  });

  it("should ignore ldapts' empty echo of the requested name and take the server's chunk", () => {
    const entry = { dn: 'x', 'member;range=0-99': [], 'member;range=0-*': ['a', 'b'] };
    expect(chunkOf(entry, 'member', 'member;range=0-99')).to.deep.equal({ low: 0, high: '*', values: ['a', 'b'] });
  });

  it('should treat a plain attribute (a server without range support) as the whole list', () => {
    expect(chunkOf({ dn: 'x', member: ['a'], 'member;range=0-99': [] }, 'member', 'member;range=0-99')).to.deep.equal({ low: 0, high: '*', values: ['a'] });
  });

  for (const [total, step, maxValRange] of [
    [5000, 1500, 1500],
    [5000, 100, 1500],
    [3000, 1500, 1500],
    [1500, 1500, 1500],
    [7, 3, 1500],
    [4000, 2000, 1500],
  ] as const) {
    it(`should read all ${total} values asking ${step} at a time (server cap ${maxValRange})`, async () => {
      const members = values(1, total);
      const server = adLike(members, maxValRange);
      const read = await readRanged(server.fetch, { attribute: 'member', step, what: 'CN=g' });
      expect(read).to.deep.equal(members);
      expect(server.asked[0]).to.equal(`member;range=0-${step - 1}`);
      expect(server.asked).to.have.length(Math.ceil(total / Math.min(step, maxValRange)));
    });
  }

  it('should give an empty list for a group without members', async () => {
    expect(await readRanged(adLike([], 1500).fetch, { attribute: 'member', step: 100, what: 'CN=g' })).to.deep.equal([]);
  });

  it('should fail when a chunk after the first is missing', async () => {
    const fetch: RangeFetcher = async (requested) =>
      requested === 'member;range=0-1'
        ? { dn: 'g', uSNChanged: '1', 'member;range=0-1': ['a', 'b'] }
        : { dn: 'g', uSNChanged: '1', [requested]: [] };
    await expectDirectoryError(readRanged(fetch, { attribute: 'member', step: 2, what: 'CN=g' }), /Incomplete/);
  });

  it('should fail when a chunk does not start where asked', async () => {
    const fetch: RangeFetcher = async (requested) =>
      requested === 'member;range=0-1'
        ? { dn: 'g', uSNChanged: '1', 'member;range=0-1': ['a', 'b'] }
        : { dn: 'g', uSNChanged: '1', 'member;range=3-*': ['d'] };
    await expectDirectoryError(readRanged(fetch, { attribute: 'member', step: 2, what: 'CN=g' }), /asked from value 2/);
  });

  it('should fail when a bounded chunk carries a different number of values than its range', async () => {
    const fetch: RangeFetcher = async () => ({ dn: 'g', uSNChanged: '1', 'member;range=0-1': ['a'] });
    await expectDirectoryError(readRanged(fetch, { attribute: 'member', step: 2, what: 'CN=g' }), /carried 1 values/);
  });

  it('should fail when values come twice', async () => {
    const fetch: RangeFetcher = async (requested) =>
      requested === 'member;range=0-1'
        ? { dn: 'g', uSNChanged: '1', 'member;range=0-1': ['a', 'b'] }
        : { dn: 'g', uSNChanged: '1', 'member;range=2-*': ['b'] };
    await expectDirectoryError(readRanged(fetch, { attribute: 'member', step: 2, what: 'CN=g' }), /came twice/);
  });

  it('should fail when the group disappears half-way', async () => {
    const fetch: RangeFetcher = async (requested) => (requested === 'member;range=0-1' ? { dn: 'g', uSNChanged: '1', 'member;range=0-1': ['a', 'b'] } : undefined);
    await expectDirectoryError(readRanged(fetch, { attribute: 'member', step: 2, what: 'CN=g' }), /disappeared/);
  });

  it('should start again when the group changes during the read, and give up when it keeps changing', async () => {
    let usn = 0;
    const once = adLike(values(1, 10), 1500, () => String(usn < 2 ? usn++ : 2));
    expect(await readRanged(once.fetch, { attribute: 'member', step: 3, what: 'CN=g' })).to.have.length(10);
    let always = 0;
    const churn = adLike(values(1, 10), 1500, () => String(always++));
    await expectDirectoryError(readRanged(churn.fetch, { attribute: 'member', step: 3, what: 'CN=g' }), /kept changing/);
  });

  it('should fail on two different chunks in one answer', () => {
    expect(() => chunkOf({ dn: 'x', 'member;range=0-1': ['a', 'b'], 'member;range=2-*': ['c'] }, 'member', 'member;range=0-9')).to.throw(DirectoryError);
  });
});

async function expectDirectoryError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DirectoryError);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail('expected a DirectoryError');
}
