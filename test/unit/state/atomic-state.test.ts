import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readJsonFile, writeFileAtomic } from '../../../src/fs/atomic-file.js';
import { SyncLock } from '../../../src/state/lock.js';
import { FileSecretStore } from '../../../src/platform/file-secret-store.js';
import { LockedError } from '../../../src/protocol/errors.js';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 's365-unit-'));
}

describe('config directory files', () => {
  describe('#writeFileAtomic()', () => {
    it('should replace the file and leave no temp file behind', async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'state.json');
      await writeFileAtomic(file, 'old');
      await writeFileAtomic(file, 'new');
      expect(await fs.readFile(file, 'utf8')).to.equal('new');
      expect(await fs.readdir(dir)).to.deep.equal(['state.json']);
    });

    it('should keep the old content when the write fails', async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'state.json');
      await writeFileAtomic(file, 'old');
      await fs.mkdir(path.join(dir, 'blocker'));
      // Renaming a file over a directory fails: the target directory stays, and so does state.json.
      await writeFileAtomic(path.join(dir, 'blocker'), 'x').catch(() => undefined);
      expect(await fs.readFile(file, 'utf8')).to.equal('old');
      expect((await fs.readdir(dir)).sort()).to.deep.equal(['blocker', 'state.json']);
    });

    it('readJsonFile should give undefined for a missing file', async () => {
      expect(await readJsonFile(path.join(await tempDir(), 'nope.json'))).to.equal(undefined);
    });
  });

  describe('FileSecretStore', () => {
    it('should keep secrets in a 0600 file and delete them', async () => {
      const dir = await tempDir();
      const store = new FileSecretStore(dir);
      await store.set('apiSecret', 'sekrit-value');
      await store.set('bindPassword', 'pw-value');
      expect(await store.get('apiSecret')).to.equal('sekrit-value');
      const mode = (await fs.stat(path.join(dir, 'secrets.json'))).mode & 0o777;
      expect(mode).to.equal(0o600);
      await store.delete('apiSecret');
      expect(await store.get('apiSecret')).to.equal(undefined);
      expect(await store.get('bindPassword')).to.equal('pw-value');
    });
  });

  describe('SyncLock', () => {
    it('should refuse a second holder while the first holds it', async () => {
      const dir = await tempDir();
      const first = new SyncLock(dir);
      await first.acquire();
      try {
        await new SyncLock(dir).acquire();
        expect.fail('second acquire should throw');
      } catch (error) {
        expect(error).to.be.instanceOf(LockedError);
        expect((error as LockedError).message).to.contain(`pid ${process.pid}`);
      }
      await first.release();
      const again = new SyncLock(dir);
      await again.acquire();
      await again.release();
    });

    it('should recover a lock left by a dead process', async () => {
      const dir = await tempDir();
      await fs.writeFile(path.join(dir, 'sync.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), startedAt: new Date().toISOString() }));
      const lock = new SyncLock(dir);
      await lock.acquire();
      await lock.release();
    });

    it('should recover a half-written lock file left by a crash (older than the grace period)', async () => {
      const dir = await tempDir();
      await fs.writeFile(path.join(dir, 'sync.lock'), '{"pid":');
      const old = new Date(Date.now() - 60_000);
      await fs.utimes(path.join(dir, 'sync.lock'), old, old);
      const lock = new SyncLock(dir);
      await lock.acquire();
      await lock.release();
    });
  });
});
