import { setTimeout as sleep } from 'node:timers/promises';
import { LockFile } from '../fs/lock-file.js';
import { LockedError } from '../protocol/errors.js';
import { configPath } from './config-dir.js';

/** How long a writer waits for another one to finish its change: changes take milliseconds. */
const WAIT_DEADLINE_MS = 5_000;
/** A config lock older than this is stale even if its pid is alive: no change holds it that long. */
const STALE_AFTER_MS = 60_000;

/** Where a file of the config directory is read from and written to. */
export interface ConfigFileIo<T> {
  read(): Promise<T>;
  write(value: T): Promise<void>;
}

/**
 * The one way to change config.json or secrets.json: read, change and write happen while this agent
 * holds `config.lock` (taken exclusively, waited for up to a few seconds, recovered when its holder
 * died), so that two agents changing different settings at once both keep their change.
 * `change` returns the new value, or undefined to write nothing. Resolves to the value now stored.
 */
export async function readModifyWrite<T>(configDir: string, file: ConfigFileIo<T>, change: (current: T) => T | undefined): Promise<T> {
  const lock = new LockFile(configPath(configDir, 'configLock'), { staleAfterMs: STALE_AFTER_MS });
  await acquireWithin(lock, WAIT_DEADLINE_MS);
  try {
    const current = await file.read();
    const next = change(current);
    if (next === undefined) return current;
    await file.write(next);
    return next;
  } finally {
    await lock.release();
  }
}

async function acquireWithin(lock: LockFile, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const attempt = await lock.tryAcquire();
    if (attempt.acquired) return;
    if (Date.now() >= deadline) {
      const by = attempt.holder ? ` (pid ${attempt.holder.pid} on ${attempt.holder.host})` : '';
      throw new LockedError(`Another agent${by} is changing the configuration; retry in a moment.`, attempt.holder);
    }
    await sleep(10 + Math.random() * 40);
  }
}
