import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { configPath } from '../config/config-dir.js';
import { LockedError } from '../protocol/errors.js';

/** A lock older than this is stale even if its PID is alive (PIDs get reused). */
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

interface LockBody {
  pid: number;
  host: string;
  startedAt: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One writer per config directory: `sync.lock` created exclusively, recovered when stale. */
export class SyncLock {
  private readonly file: string;
  private held = false;

  constructor(configDir: string) {
    this.file = configPath(configDir, 'lock');
  }

  /** Takes the lock or throws LockedError at once. */
  async acquire(): Promise<void> {
    const body: LockBody = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await fs.writeFile(this.file, JSON.stringify(body), { flag: 'wx' });
        this.held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await this.readHolder();
      if (holder && !this.isStale(holder)) {
        throw new LockedError(`Another sync is running (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}).`, holder);
      }
      await fs.rm(this.file, { force: true });
    }
    throw new LockedError('Another sync took the lock at the same moment.');
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await fs.rm(this.file, { force: true });
  }

  private async readHolder(): Promise<LockBody | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.file, 'utf8')) as LockBody;
    } catch {
      return undefined; // unreadable or half-written by a crash: stale
    }
  }

  private isStale(holder: LockBody): boolean {
    const age = Date.now() - Date.parse(holder.startedAt);
    if (!(age < STALE_AFTER_MS)) return true;
    return holder.host === hostname() && !processAlive(holder.pid);
  }
}
