import { configPath } from '../config/config-dir.js';
import { LockFile } from '../fs/lock-file.js';
import { LockedError } from '../protocol/errors.js';

/** A sync lock older than this is stale even if its PID is alive (PIDs get reused). */
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

/** One sync per config directory: `sync.lock`, taken atomically, recovered when stale (lock-file.ts). */
export class SyncLock {
  private readonly lock: LockFile;

  constructor(configDir: string) {
    this.lock = new LockFile(configPath(configDir, 'lock'), { staleAfterMs: STALE_AFTER_MS });
  }

  /** Takes the lock or throws LockedError at once. */
  async acquire(): Promise<void> {
    const attempt = await this.lock.tryAcquire();
    if (attempt.acquired) return;
    const { holder } = attempt;
    if (!holder) throw new LockedError('Another sync is taking the lock at this moment.');
    throw new LockedError(`Another sync is running (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}).`, holder);
  }

  /** Removes the lock if this agent still holds it. */
  async release(): Promise<void> {
    await this.lock.release();
  }
}
