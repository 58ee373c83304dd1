import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Spool } from '../../../src/sync/spool.js';

const user = (index: number) => ({
  payload: { objectGuid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, email: `u${index}@contoso.com`, enabled: true },
  hash: 'h'.repeat(64),
  isNew: true,
});

describe('Spool', () => {
  it('should give back what was added, in order', async () => {
    const spool = await Spool.create(await mkdtemp(path.join(os.tmpdir(), 's365-spool-')));
    for (let index = 0; index < 7; index += 1) await spool.add(user(index));
    await spool.finish();
    const guids: string[] = [];
    for await (const item of spool.items()) guids.push(item.payload.objectGuid);
    expect(guids).to.deep.equal(Array.from({ length: 7 }, (_, index) => user(index).payload.objectGuid));
    await spool.remove();
  });

  it('should leave excluded users out of what it gives back, without rewriting the file', async () => {
    const spool = await Spool.create(await mkdtemp(path.join(os.tmpdir(), 's365-spool-')));
    for (let index = 0; index < 5; index += 1) await spool.add(user(index));
    await spool.finish();
    const before = await stat(spool.file);
    const excluded = spool.exclude(new Set([user(1).payload.objectGuid, user(3).payload.objectGuid, user(99).payload.objectGuid]));
    expect(excluded, 'only the spooled ones count').to.equal(2);
    expect(spool.exclude(new Set([user(1).payload.objectGuid])), 'excluded once').to.equal(0);
    expect(spool.count).to.equal(3);
    const guids: string[] = [];
    for await (const item of spool.items()) guids.push(item.payload.objectGuid);
    expect(guids).to.deep.equal([0, 2, 4].map((index) => user(index).payload.objectGuid));
    const after = await stat(spool.file);
    expect([after.ino, after.size, after.mtimeMs]).to.deep.equal([before.ino, before.size, before.mtimeMs]);
    await spool.remove();
  });

  it('should survive being removed while writes are pending (a run abandoned mid-read)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 's365-spool-'));
    const spool = await Spool.create(dir);
    const pending = Array.from({ length: 2000 }, (_, index) => spool.add(user(index)).catch(() => undefined));
    await spool.remove();
    await Promise.all(pending);
    await new Promise((resolve) => setTimeout(resolve, 50)); // an uncaught stream error would fail the test here
    expect(await readdir(dir)).to.deep.equal([]);
  });
});
