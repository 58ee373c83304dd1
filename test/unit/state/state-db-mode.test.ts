import { expect } from 'chai';
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StateDb } from '../../../src/state/state-db.js';

const modeOf = async (file: string): Promise<number> => (await fs.stat(file)).mode & 0o777;

describe('StateDb', () => {
  describe('.open()', () => {
    let dir: string;
    let umask: number;
    beforeEach(async () => {
      umask = process.umask(0o022); // the usual umask: new files 0644 unless created otherwise
      dir = await fs.mkdtemp(path.join(tmpdir(), 's365-state-mode-'));
    });
    afterEach(async () => {
      process.umask(umask);
      await fs.rm(dir, { recursive: true, force: true });
    });

    if (process.platform !== 'win32') {
      it('should create state.db and its -wal and -shm files 0600 in an existing config directory', async () => {
        const state = StateDb.open(dir);
        try {
          state.confirmUsers([{ objectGuid: 'g1', hash: 'h', email: 'a@example.com', outcome: 'matched', payload: { phone: '1' } }]);
          const files = ['state.db', 'state.db-wal', 'state.db-shm'].filter((name) => existsSync(path.join(dir, name)));
          expect(files).to.include.members(['state.db', 'state.db-wal']);
          const modes = Object.fromEntries(await Promise.all(files.map(async (name) => [name, (await modeOf(path.join(dir, name))).toString(8)])));
          expect(modes).to.deep.equal(Object.fromEntries(files.map((name) => [name, '600'])));
        } finally {
          state.close();
        }
      });

      it('should narrow a state.db an older agent left 0644 to 0600', async () => {
        StateDb.open(dir).close();
        await fs.chmod(path.join(dir, 'state.db'), 0o644);
        StateDb.open(dir).close();
        expect((await modeOf(path.join(dir, 'state.db'))).toString(8)).to.equal('600');
      });
    }
  });
});
