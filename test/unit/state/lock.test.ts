import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SyncLock } from '../../../src/state/lock.js';

const CONTENDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'lock-contender.js');

/** The pid of a process that has just exited: dead on this host. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (pid === undefined) throw new Error('could not start a process');
  return pid;
}

function lockBody(pid: number, startedAt = new Date()): string {
  return JSON.stringify({ pid, host: hostname(), startedAt: startedAt.toISOString() });
}

function runContender(base: string, name: string, other: string, trials: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTENDER, base, name, other, String(trials)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as string[]) : reject(new Error(`contender ${name} exited ${code}`))));
  });
}

describe('SyncLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(tmpdir(), 's365-lock-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const lockFile = (): string => path.join(dir, 'sync.lock');

  describe('#acquire()', () => {
    it('should let exactly one of two processes racing on a dead-pid lock take it, in each of 200 trials', async function () {
      this.timeout(60_000);
      const trials = 200;
      const pid = deadPid();
      for (let trial = 0; trial < trials; trial += 1) {
        await fs.mkdir(path.join(dir, String(trial)));
        await fs.writeFile(path.join(dir, String(trial), 'sync.lock'), lockBody(pid));
      }
      const [a, b] = await Promise.all([runContender(dir, 'a', 'b', trials), runContender(dir, 'b', 'a', trials)]);
      const both: number[] = [];
      const neither: number[] = [];
      for (let trial = 0; trial < trials; trial += 1) {
        const won = [a[trial], b[trial]].filter((outcome) => outcome === 'acquired').length;
        if (won > 1) both.push(trial);
        if (won === 0) neither.push(trial);
      }
      expect({ bothAcquired: both.length, neitherAcquired: neither.length }).to.deep.equal({ bothAcquired: 0, neitherAcquired: 0 });
      expect(new Set([...a, ...b])).to.deep.equal(new Set(['acquired', 'LOCKED']));
      const leftovers = (await fs.readdir(dir, { recursive: true })).filter((name) => /\.(tmp|takeover)$/.test(name));
      expect(leftovers).to.deep.equal([]);
    });

    it('should take over a lock whose pid is dead', async () => {
      await fs.writeFile(lockFile(), lockBody(deadPid()));
      await new SyncLock(dir).acquire();
      expect(JSON.parse(await fs.readFile(lockFile(), 'utf8'))).to.include({ pid: process.pid });
    });

    it('should refuse a lock held by a live process', async () => {
      await fs.writeFile(lockFile(), lockBody(process.pid));
      const error = await new SyncLock(dir).acquire().then(() => undefined, (e: unknown) => e);
      expect(error).to.have.property('code', 'LOCKED');
    });

    it('should not count an empty, just-created lock as stale (its writer is still writing it)', async () => {
      await fs.writeFile(lockFile(), '');
      const error = await new SyncLock(dir).acquire().then(() => undefined, (e: unknown) => e);
      expect(error).to.have.property('code', 'LOCKED');
      expect(await fs.readFile(lockFile(), 'utf8')).to.equal('');
    });

    it('should count an empty lock older than the grace period as stale', async () => {
      await fs.writeFile(lockFile(), '');
      const old = new Date(Date.now() - 60_000);
      await fs.utimes(lockFile(), old, old);
      await new SyncLock(dir).acquire();
      expect(JSON.parse(await fs.readFile(lockFile(), 'utf8'))).to.include({ pid: process.pid });
    });
  });

  describe('#release()', () => {
    it('should remove its own lock', async () => {
      const lock = new SyncLock(dir);
      await lock.acquire();
      await lock.release();
      expect(await fs.readdir(dir)).to.deep.equal([]);
    });

    it('should not delete a lock another agent holds now', async () => {
      const lock = new SyncLock(dir);
      await lock.acquire();
      const other = lockBody(process.pid);
      await fs.writeFile(path.join(dir, 'other'), other);
      await fs.rename(path.join(dir, 'other'), lockFile()); // another agent took the lock over meanwhile
      await lock.release();
      expect(await fs.readFile(lockFile(), 'utf8')).to.equal(other);
    });
  });
});
