import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type BigIntStats } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ConfigCorruptError } from '../protocol/errors.js';

/** Who holds a lock: what a refused caller is told. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** The lock file's content: the holder, and a token only this holder knows (release checks it). */
interface LockBody extends LockHolder {
  token: string;
}

/**
 * A lock file with no holder in it (empty, half-written, not JSON) younger than this is being
 * written by its creator, not left by a crash: it is not stale.
 */
export const LOCK_WRITE_GRACE_MS = 10_000;

export interface LockFileOptions {
  /** A lock older than this is stale even if its pid is alive (pids get reused). */
  staleAfterMs: number;
}

export type LockAttempt = { acquired: true } | { acquired: false; holder: LockHolder | undefined };

/** What was read of the lock file, from one open handle: its identity and its holder, if readable. */
interface SeenLock {
  stat: BigIntStats;
  body: LockBody | undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function parseBody(text: string): LockBody | undefined {
  try {
    const body = JSON.parse(text) as Partial<LockBody> | null;
    if (typeof body?.pid !== 'number' || typeof body.host !== 'string' || typeof body.startedAt !== 'string') return undefined;
    return { pid: body.pid, host: body.host, startedAt: body.startedAt, token: typeof body.token === 'string' ? body.token : '' };
  } catch {
    return undefined;
  }
}

const sameFile = (a: BigIntStats, b: BigIntStats): boolean => a.ino === b.ino && a.dev === b.dev && a.mtimeNs === b.mtimeNs && a.size === b.size;

/**
 * An exclusive lock held as a file. Every step is atomic on the file system:
 * - taking a free lock: the body is written to a temp file first, then hard-linked to the lock's
 *   name, so the lock never exists without its content and only one linker wins;
 * - taking over a stale lock: the recoverers of one stale lock (named by its inode and mtime) race
 *   to create one takeover marker; the winner checks the lock is still that same file and renames
 *   its own body over it. A recoverer that judged a lock already replaced finds a different file
 *   and looks again;
 * - releasing: only a lock whose token is this holder's is removed.
 */
export class LockFile {
  private held: LockBody | undefined;

  constructor(
    private readonly file: string,
    private readonly options: LockFileOptions,
  ) {}

  /** Takes the lock if it is free or stale; otherwise says who holds it (undefined: being written or taken over). */
  async tryAcquire(): Promise<LockAttempt> {
    if (this.held) throw new Error(`${this.file} is already held by this agent.`);
    const body: LockBody = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomBytes(16).toString('hex') };
    const dir = path.dirname(this.file);
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${body.token}.tmp`);
    try {
      // Inside the try: a write that fails (a full volume) must not leave its empty temp file behind.
      await fs.writeFile(temp, JSON.stringify(body), { flag: 'wx', mode: 0o600 });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        if (await this.create(temp)) return this.taken(body);
        const seen = await this.inspect();
        if (!seen) continue; // released meanwhile: try again
        if (!this.isStale(seen)) return { acquired: false, holder: seen.body && holderOf(seen.body) };
        const outcome = await this.takeOver(temp, seen.stat);
        if (outcome === 'taken') return this.taken(body);
        if (outcome === 'busy') return { acquired: false, holder: undefined };
      }
      return { acquired: false, holder: undefined };
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /** Removes the lock if it is still this holder's; a lock another agent took over is left alone. */
  async release(): Promise<void> {
    const mine = this.held;
    if (!mine) return;
    this.held = undefined;
    const seen = await this.inspect().catch(() => undefined);
    if (seen?.body?.token === mine.token) await fs.rm(this.file, { force: true });
  }

  private taken(body: LockBody): LockAttempt {
    this.held = body;
    return { acquired: true };
  }

  /** Creates the lock from the temp file, content and all, unless it exists. */
  private async create(temp: string): Promise<boolean> {
    try {
      await fs.link(temp, this.file);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'].includes(errorCode(error) ?? '')) throw error;
    }
    // No hard links on this file system: an exclusive copy (its brief empty moment is covered by the grace period).
    try {
      await fs.copyFile(temp, this.file, constants.COPYFILE_EXCL);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      throw error;
    }
  }

  /** Reads the lock's identity and body from one handle; undefined when there is no lock. */
  private async inspect(): Promise<SeenLock | undefined> {
    let handle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      if (errorCode(error) === 'EISDIR') throw this.notALockFile(); // Windows: a folder does not open
      throw error;
    }
    try {
      const stat = await handle.stat({ bigint: true });
      if (!stat.isFile()) throw this.notALockFile();
      return { stat, body: parseBody(await handle.readFile('utf8')) };
    } finally {
      await handle.close();
    }
  }

  private notALockFile(): ConfigCorruptError {
    return new ConfigCorruptError(this.file, `${this.file} should be a lock file but is a folder or another kind of file: remove it, then run the command again.`);
  }

  private isStale(seen: SeenLock): boolean {
    if (!seen.body) return Date.now() - Number(seen.stat.mtimeMs) > LOCK_WRITE_GRACE_MS;
    const age = Date.now() - Date.parse(seen.body.startedAt);
    if (!(age < this.options.staleAfterMs)) return true;
    return seen.body.host === hostname() && !processAlive(seen.body.pid);
  }

  /**
   * Replaces the stale lock `judged` with the temp file's body, if no other recoverer does first.
   * 'busy': another agent is taking this lock over; 'changed': the lock is no longer `judged`.
   */
  private async takeOver(temp: string, judged: BigIntStats): Promise<'taken' | 'busy' | 'changed'> {
    const marker = `${this.file}.${judged.ino}-${judged.mtimeNs}.takeover`;
    try {
      await fs.writeFile(marker, '', { flag: 'wx' });
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      // A marker older than the grace period was left by a recoverer that died: clear it for the next attempt.
      const stat = await fs.stat(marker).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > LOCK_WRITE_GRACE_MS) await fs.rm(marker, { force: true });
      return 'busy';
    }
    try {
      const now = await fs.lstat(this.file, { bigint: true }).catch(() => undefined);
      if (!now || !sameFile(now, judged)) return 'changed';
      await fs.rename(temp, this.file);
      return 'taken';
    } finally {
      await fs.rm(marker, { force: true });
    }
  }
}

function holderOf(body: LockBody): LockHolder {
  return { pid: body.pid, host: body.host, startedAt: body.startedAt };
}
