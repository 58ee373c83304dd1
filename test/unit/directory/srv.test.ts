import { expect } from 'chai';
import { dcSrvName, discoverDcUrls, orderSrvRecords, type SrvRecord } from '../../../src/directory/ldap/srv.js';
import { DirectoryUnreachableError } from '../../../src/protocol/errors.js';

const srv = (name: string, priority: number, weight: number, port = 389): SrvRecord => ({ name, port, priority, weight });

/** A fixed sequence of "random" numbers in [0, 1). */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

describe('DC discovery from DNS SRV records', () => {
  it('should ask for _ldap._tcp.dc._msdcs.<domain>', async () => {
    const asked: string[] = [];
    await discoverDcUrls('corp.contoso.test.', { startTls: false, resolveSrv: async (name) => (asked.push(name), [srv('dc1.corp.contoso.test', 0, 100)]) });
    expect(asked).to.deep.equal(['_ldap._tcp.dc._msdcs.corp.contoso.test']);
    expect(dcSrvName(' corp.example ')).to.equal('_ldap._tcp.dc._msdcs.corp.example');
  });

  it('should order by priority first, lowest first, whatever the weights', () => {
    const ordered = orderSrvRecords([srv('c', 20, 100), srv('a', 0, 1), srv('b', 10, 1000)], sequence(0.99));
    expect(ordered.map((r) => r.name)).to.deep.equal(['a', 'b', 'c']);
  });

  it('should draw within a priority by weight (RFC 2782 running sums)', () => {
    // Weights 10, 30, 60 (sum 100). random 0.5 -> pick 50: running sums 10, 40, 100 -> the third.
    // Left 10, 30 (sum 40): random 0.5 -> pick 20 -> sums 10, 40 -> the second. Then the first.
    const records = [srv('w10', 0, 10), srv('w30', 0, 30), srv('w60', 0, 60)];
    expect(orderSrvRecords(records, sequence(0.5)).map((r) => r.name)).to.deep.equal(['w60', 'w30', 'w10']);
    // random 0 -> pick 0 -> always the first left.
    expect(orderSrvRecords(records, sequence(0)).map((r) => r.name)).to.deep.equal(['w10', 'w30', 'w60']);
  });

  it('should favour heavy records over many draws', () => {
    const records = [srv('light', 0, 1), srv('heavy', 0, 99)];
    let state = 7;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let heavyFirst = 0;
    for (let i = 0; i < 2000; i++) if (orderSrvRecords(records, random)[0]!.name === 'heavy') heavyFirst += 1;
    expect(heavyFirst).to.be.within(1900, 2000);
  });

  it('should give zero-weight records a turn only after weighted ones, unless all are zero', () => {
    const ordered = orderSrvRecords([srv('zero', 0, 0), srv('some', 0, 5)], sequence(0.9));
    expect(ordered.map((r) => r.name)).to.deep.equal(['some', 'zero']);
    expect(orderSrvRecords([srv('z1', 0, 0), srv('z2', 0, 0)], sequence(0.9)).map((r) => r.name)).to.deep.equal(['z1', 'z2']);
  });

  it('should drop the "no service" target "." and duplicates', async () => {
    const urls = await discoverDcUrls('corp.example', {
      startTls: false,
      resolveSrv: async () => [srv('.', 0, 0), srv('dc1.corp.example.', 0, 50), srv('dc1.corp.example', 5, 50)],
    });
    expect(urls).to.deep.equal(['ldaps://dc1.corp.example:636']);
  });

  it('should use ldaps://<target>:636, or ldap://<target>:<port> with StartTLS', async () => {
    const resolveSrv = async (): Promise<SrvRecord[]> => [srv('dc2.corp.example', 1, 0, 3389), srv('dc1.corp.example', 0, 0)];
    expect(await discoverDcUrls('corp.example', { startTls: false, resolveSrv })).to.deep.equal(['ldaps://dc1.corp.example:636', 'ldaps://dc2.corp.example:636']);
    expect(await discoverDcUrls('corp.example', { startTls: true, resolveSrv })).to.deep.equal(['ldap://dc1.corp.example:389', 'ldap://dc2.corp.example:3389']);
  });

  it('should report a failed or empty lookup as DIRECTORY_UNREACHABLE', async () => {
    const failing = async (): Promise<SrvRecord[]> => {
      throw Object.assign(new Error('queryNoData'), { code: 'ENODATA' });
    };
    for (const resolveSrv of [failing, async () => [] as SrvRecord[], async () => [srv('.', 0, 0)]]) {
      const error = await discoverDcUrls('corp.example', { startTls: false, resolveSrv }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DirectoryUnreachableError);
      expect((error as Error).message).to.contain('_ldap._tcp.dc._msdcs.corp.example');
    }
  });
});
