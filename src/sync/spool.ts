import { createReadStream, createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { UserPayload } from '../api/types.js';
import { ensureDirectory } from '../fs/ensure-directory.js';

/** A planned upsert: the payload and the hash it will be confirmed under. */
export interface SpooledUser {
  payload: UserPayload;
  hash: string;
  isNew: boolean;
}

/** Where a spool remembers which objectGUIDs it holds. */
export interface SpooledGuids {
  add(objectGuid: string): unknown;
  has(objectGuid: string): boolean;
}

/**
 * The users a run sends once its read is complete and the guards have passed (a dry run's whole
 * plan; in a full run, the users that might share an email), kept on disk (one JSON line each),
 * so that they, photos included, never have to fit in memory.
 */
export class Spool {
  private stream: WriteStream | undefined;
  /** A write error, kept to be thrown by the next add/finish rather than crash the process. */
  private failure: Error | undefined;
  private readonly excluded = new Set<string>();
  /** How many users items() gives back. */
  count = 0;

  private constructor(
    readonly file: string,
    /** The objectGUIDs written (a sync keeps them in its scratch database: a spool can hold every user). */
    private readonly guids: SpooledGuids,
  ) {}

  /**
   * A new, empty spool file in `dir`. What runs that were killed left there is removed by the
   * sync before it plans (RunScratch.open), not here: a run's spool sits beside its scratch database.
   */
  static async create(dir: string, guids: SpooledGuids = new Set<string>()): Promise<Spool> {
    await ensureDirectory(dir, 0o700);
    const spool = new Spool(path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.ndjson`), guids);
    spool.stream = createWriteStream(spool.file, { mode: 0o600 });
    // Without a listener a write that fails, or one still pending when remove() destroys the
    // stream (a run abandoned mid-read), would be an uncaught error that kills the agent.
    spool.stream.on('error', (error) => {
      spool.failure ??= error;
    });
    return spool;
  }

  async add(user: SpooledUser): Promise<void> {
    this.count += 1;
    this.guids.add(user.payload.objectGuid);
    const stream = this.stream!;
    if (this.failure) throw this.failure;
    if (stream.destroyed) throw new Error('the spool was removed');
    if (!stream.write(`${JSON.stringify(user)}\n`)) {
      const settled = new AbortController();
      await Promise.race([once(stream, 'drain', { signal: settled.signal }), once(stream, 'close', { signal: settled.signal })]).finally(() =>
        settled.abort(),
      );
      if (this.failure) throw this.failure;
    }
  }

  async finish(): Promise<void> {
    const stream = this.stream!;
    stream.end();
    await once(stream, 'finish');
    if (this.failure) throw this.failure;
  }

  /**
   * Leaves these users out of what the spool gives back (email conflicts, known once the read is
   * over): the file is not rewritten, they are skipped when it is read. Returns how many were in it.
   */
  exclude(objectGuids: ReadonlySet<string>): number {
    let excluded = 0;
    for (const guid of objectGuids) {
      if (!this.guids.has(guid) || this.excluded.has(guid)) continue;
      this.excluded.add(guid);
      excluded += 1;
    }
    this.count -= excluded;
    return excluded;
  }

  /** The spooled users, in the order they were added, less the excluded ones. */
  async *items(): AsyncIterable<SpooledUser> {
    for await (const line of createInterface({ input: createReadStream(this.file), crlfDelay: Infinity })) {
      if (line === '') continue;
      const user = JSON.parse(line) as SpooledUser;
      if (!this.excluded.has(user.payload.objectGuid)) yield user;
    }
  }

  async remove(): Promise<void> {
    this.stream?.destroy();
    await fs.rm(this.file, { force: true });
  }
}
