import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { RunScratch, ScratchMap, ScratchSet } from '../../../src/sync/run-scratch.js';
import { UserLedger } from '../../../src/sync/user-ledger.js';

describe('run scratch and user ledger', () => {
  let dir: string;
  let scratch: RunScratch;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 's365-scratch-'));
    // What a killed run left: removed when the next run opens its scratch.
    await writeFile(path.join(dir, '123-1.ndjson'), '{}\n');
    await writeFile(path.join(dir, '123-1.scratch.db'), 'old');
    scratch = await RunScratch.open(dir);
  });
  afterEach(async () => {
    scratch.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens one 0600 database in an emptied folder, and removes it on close', async () => {
    expect(await readdir(dir)).to.deep.equal([path.basename(scratch.file)]);
    if (process.platform !== 'win32') expect((await stat(scratch.file)).mode & 0o777).to.equal(0o600);
    scratch.close();
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('keeps sets and maps on disk', () => {
    const set = new ScratchSet(scratch);
    expect(set.add('a')).to.equal(true);
    expect(set.add('a')).to.equal(false);
    expect([set.has('a'), set.has('b'), set.size]).to.deep.equal([true, false, 1]);
    expect(set.delete('a')).to.equal(true);
    expect([set.has('a'), set.size]).to.deep.equal([false, 0]);
    const map = new ScratchMap<{ email: string } | { missing: string }>(scratch);
    map.set('cn=x', { email: 'x@contoso.com' }).set('cn=y', { missing: 'no-email' });
    expect(map.get('cn=x')).to.deep.equal({ email: 'x@contoso.com' });
    expect(map.get('cn=z')).to.equal(undefined);
    expect([map.has('cn=y'), map.has('cn=z')]).to.deep.equal([true, false]);
  });

  it('records each decision once, and derives counts, adds, members and shared emails from them', () => {
    const ledger = new UserLedger(scratch);
    ledger.record({ objectGuid: 'g1', decision: 'add', email: 'Sam@contoso.com', dn: 'CN=Sam', memberOf: ['CN=A', 'CN=B'], displayName: 'Sam' });
    ledger.record({ objectGuid: 'g2', decision: 'unchanged', email: 'sam@CONTOSO.com', dn: 'CN=Samantha', memberOf: [] });
    ledger.record({ objectGuid: 'g3', decision: 'update', email: 'ann@contoso.com', memberOf: ['CN=A'], sent: true });
    ledger.record({ objectGuid: 'g4', decision: 'no-email' });
    ledger.record({ objectGuid: 'g5', decision: 'out-of-scope' });
    ledger.record({ objectGuid: 'g6', decision: 'add', email: 'bob@contoso.com' });
    expect(() => ledger.record({ objectGuid: 'g1', decision: 'unchanged' }), 'a second decision').to.throw();
    expect([ledger.decision('g1'), ledger.decision('g4'), ledger.decision('nope'), ledger.has('g5'), ledger.has('nope')]).to.deep.equal([
      'add',
      'no-email',
      undefined,
      true,
      false,
    ]);
    expect(ledger.counts()).to.deep.equal({ add: 2, update: 1, unchanged: 1, 'confirmed-earlier': 0, 'no-email': 1, 'out-of-scope': 1 });
    expect(ledger.counts(new Set(['g1', 'g2', 'not-read']))).to.deep.include({ add: 1, unchanged: 0 });
    expect([...ledger.sharedEmailOwners()]).to.deep.equal([
      { objectGuid: 'g1', email: 'Sam@contoso.com', dn: 'CN=Sam' },
      { objectGuid: 'g2', email: 'sam@CONTOSO.com', dn: 'CN=Samantha' },
    ]);
    expect(ledger.ownersOf('ANN@contoso.com').map((o) => o.objectGuid)).to.deep.equal(['g3']);
    expect(ledger.ownersOf('nobody@contoso.com')).to.deep.equal([]);
    expect([...ledger.added(new Set(['g6']))]).to.deep.equal([{ objectGuid: 'g1', email: 'Sam@contoso.com', displayName: 'Sam' }]);
    expect([...ledger.groupMembers(new Set(['g2']))]).to.deep.equal([
      { objectGuid: 'g1', memberOf: ['CN=A', 'CN=B'] },
      { objectGuid: 'g3', memberOf: ['CN=A'] },
      { objectGuid: 'g6', memberOf: [] },
    ]);
  });
});
