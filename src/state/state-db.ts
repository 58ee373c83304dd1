import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ConfigFiles } from '../config/config-dir.js';
import { ensureOwnerOnlyFile } from '../fs/owner-only-file.js';
import { ConfigCorruptError, InternalError } from '../protocol/errors.js';
import type { OpenRunRequest } from '../api/types.js';
import type { RunSummary } from './run-summary.js';
import { isTruncatedDatabase } from './sqlite-header.js';
import { loadSqlite } from './load-sqlite.js';
import { storageError } from '../fs/storage-error.js';

/** Version of the state database's tables; older databases are migrated on open. */
export const STATE_SCHEMA_VERSION = 2;
/** Files SQLite keeps beside the database. */
const SQLITE_SIBLINGS = ['-wal', '-shm', '-journal'] as const;
/** Run summaries kept in the history. */
export const HISTORY_LIMIT = 100;

/** What Signature 365 last confirmed for one user. */
export interface SyncedUser {
  objectGuid: string;
  /** Hash of the last payload accepted (photo counted by its sha256). */
  hash: string;
  email: string;
  outcome: 'matched' | 'unmatched';
  /** The accepted payload without the photo's bytes: for before/after in plans and explain. */
  payload: Record<string, unknown>;
}

/** See StateDb.pendingApiRun. */
export interface PendingApiRun {
  idempotencyKey: string;
  request: OpenRunRequest;
  runId?: string;
}

/** Where the last successful run started in the directory: the next delta reads above it. */
export interface Watermark {
  server: string;
  dnsHostName?: string;
  invocationId?: string;
  usn: string;
  at: string;
  scopeFingerprint: string;
}

/**
 * The sync state: one SQLite database in the config directory (`state.db`). Every change is a
 * transaction, so a kill at any instant leaves the state as it was before or after that change:
 * users are confirmed batch by batch as Signature 365 accepts them, and the watermark moves only
 * when a run finishes.
 */
export class StateDb {
  private readonly statements = new Map<string, StatementSync>();

  private constructor(private readonly db: DatabaseSync) {}

  /**
   * Opens (creating if needed) the state of `configDir`. A file that is not a database, or is shorter
   * than its header says, is a ConfigCorruptError; with `verify`, so is one failing SQLite's
   * quick_check (it reads every page: the sync asks for it, the quick verbs do not).
   */
  static open(configDir: string, options: { verify?: boolean } = {}): StateDb {
    const file = path.join(configDir, ConfigFiles.state);
    let db: DatabaseSync;
    try {
      // Names, emails and phones: 0600, and SQLite gives its -wal and -shm files the database's mode.
      ensureOwnerOnlyFile(file, SQLITE_SIBLINGS.map((suffix) => `${file}${suffix}`));
      if (isTruncatedDatabase(file)) throw damagedError(file);
      const { DatabaseSync: Database } = loadSqlite();
      db = new Database(file);
    } catch (error) {
      throw openError(file, error);
    }
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
      const state = new StateDb(db);
      state.migrate();
      if (options.verify) state.checkIntegrity(file);
      return state;
    } catch (error) {
      db.close();
      throw openError(file, error);
    }
  }

  close(): void {
    this.db.close();
  }

  user(objectGuid: string): SyncedUser | undefined {
    const row = this.prepare('SELECT guid, hash, email, outcome, payload FROM users WHERE guid = ?').get(objectGuid) as
      | { guid: string; hash: string; email: string; outcome: SyncedUser['outcome']; payload: string }
      | undefined;
    return row && { objectGuid: row.guid, hash: row.hash, email: row.email, outcome: row.outcome, payload: JSON.parse(row.payload) };
  }

  /** The hash Signature 365 last confirmed for this user; undefined when never synced (no payload parsed: the planner asks for every user read). */
  userHash(objectGuid: string): string | undefined {
    return (this.prepare('SELECT hash FROM users WHERE guid = ?').get(objectGuid) as { hash: string } | undefined)?.hash;
  }

  userCount(): number {
    return (this.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  /**
   * Every synced user's GUID and email, one row at a time (a plan walks all of them without holding
   * them). Nothing may write to the database until the walk is over.
   */
  *eachUserKey(): Iterable<{ objectGuid: string; email: string }> {
    for (const row of this.prepare('SELECT guid, email FROM users').iterate() as Iterable<{ guid: string; email: string }>) {
      yield { objectGuid: row.guid, email: row.email };
    }
  }

  /**
   * Every synced user with what Signature 365 answered for it (matched to a Microsoft 365 user or
   * not) and its display name, sorted by email: for the report.
   */
  syncedUsers(): { objectGuid: string; email: string; outcome: SyncedUser['outcome']; displayName?: string }[] {
    const rows = this.prepare(
      "SELECT guid, email, outcome, json_extract(payload, '$.displayName') AS displayName FROM users ORDER BY lower(email), guid",
    ).all() as { guid: string; email: string; outcome: SyncedUser['outcome']; displayName: string | null }[];
    return rows.map((row) => ({
      objectGuid: row.guid,
      email: row.email,
      outcome: row.outcome,
      ...(typeof row.displayName === 'string' ? { displayName: row.displayName } : {}),
    }));
  }

  /** Records users Signature 365 accepted, in one transaction. */
  confirmUsers(users: SyncedUser[]): void {
    const upsert = this.prepare(
      'INSERT INTO users (guid, hash, email, outcome, payload) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT(guid) DO UPDATE SET hash = excluded.hash, email = excluded.email, outcome = excluded.outcome, payload = excluded.payload',
    );
    this.transaction(() => {
      for (const user of users) upsert.run(user.objectGuid, user.hash, user.email, user.outcome, JSON.stringify(user.payload));
    });
  }

  /** Forgets users Signature 365 confirmed as removed, in one transaction. */
  forgetUsers(objectGuids: string[]): void {
    const remove = this.prepare('DELETE FROM users WHERE guid = ?');
    this.transaction(() => {
      for (const guid of objectGuids) remove.run(guid);
    });
  }

  /** Hash of the group payload Signature 365 last accepted, if any. */
  groupHash(objectGuid: string): string | undefined {
    return (this.prepare('SELECT hash FROM groups WHERE guid = ?').get(objectGuid) as { hash: string } | undefined)?.hash;
  }

  /** GUIDs of every group Signature 365 accepted. */
  groupGuids(): string[] {
    return (this.prepare('SELECT guid FROM groups').all() as { guid: string }[]).map((row) => row.guid);
  }

  /** Records groups Signature 365 accepted, in one transaction. */
  confirmGroups(groups: { objectGuid: string; hash: string; name: string }[]): void {
    const upsert = this.prepare('INSERT INTO groups (guid, hash, name) VALUES (?, ?, ?) ON CONFLICT(guid) DO UPDATE SET hash = excluded.hash, name = excluded.name');
    this.transaction(() => {
      for (const group of groups) upsert.run(group.objectGuid, group.hash, group.name);
    });
  }

  /** Forgets groups that left the scope (nothing is sent for them), in one transaction. */
  forgetGroups(objectGuids: string[]): void {
    const remove = this.prepare('DELETE FROM groups WHERE guid = ?');
    this.transaction(() => {
      for (const guid of objectGuids) remove.run(guid);
    });
  }

  watermark(): Watermark | undefined {
    return this.meta<Watermark>('watermark');
  }

  /** Counts every committed change: a plan computed at one generation is stale at another. */
  generation(): number {
    return this.meta<number>('generation') ?? 0;
  }

  /**
   * The API run this agent is opening or has open: recorded before the request (with its
   * idempotency key) and again with the run id, so that a run a killed agent left open can be
   * found and closed, even when the agent died before it heard the run id.
   */
  pendingApiRun(): PendingApiRun | undefined {
    // Stored under 'openRun', the key existing state files have.
    return this.meta<PendingApiRun>('openRun');
  }

  recordPendingApiRun(record: PendingApiRun | undefined): void {
    this.transaction(() => this.setMeta('openRun', record));
  }

  /**
   * Ends a run: appends its summary, trims the history, and moves the watermark when given. The
   * pending API run is not touched: it is cleared once Signature 365 confirmed the run closed.
   */
  finishRun(summary: RunSummary, watermark?: Watermark): void {
    this.transaction(() => {
      this.prepare('INSERT INTO runs (summary) VALUES (?)').run(JSON.stringify(summary));
      this.prepare('DELETE FROM runs WHERE id <= (SELECT max(id) FROM runs) - ?').run(HISTORY_LIMIT);
      if (watermark) this.setMeta('watermark', watermark);
    });
  }

  /** Forgets the watermark so that the next sync is a full one. */
  clearWatermark(): void {
    this.transaction(() => this.setMeta('watermark', undefined));
  }

  /** Newest first. */
  history(limit: number): RunSummary[] {
    return (this.prepare('SELECT summary FROM runs ORDER BY id DESC LIMIT ?').all(limit) as { summary: string }[]).map(
      (row) => JSON.parse(row.summary) as RunSummary,
    );
  }

  /** A truncated or overwritten database is refused here, at open, rather than failing a run half-way. */
  private checkIntegrity(file: string): void {
    const rows = this.db.prepare('PRAGMA quick_check(1)').all() as { quick_check: string }[];
    if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') throw damagedError(file);
  }

  private migrate(): void {
    const version = (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version > STATE_SCHEMA_VERSION) {
      throw new InternalError(`The state database was written by a newer agent (schema ${version}); upgrade the agent.`);
    }
    if (version === STATE_SCHEMA_VERSION) return;
    this.transaction(() => {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS users (guid TEXT PRIMARY KEY, hash TEXT NOT NULL, email TEXT NOT NULL, outcome TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT NOT NULL);
        -- version 2: what Signature 365 last accepted per group (groups sync). Version 1 databases get it here.
        CREATE TABLE IF NOT EXISTS groups (guid TEXT PRIMARY KEY, hash TEXT NOT NULL, name TEXT NOT NULL);
        PRAGMA user_version = ${STATE_SCHEMA_VERSION};
      `);
    });
  }

  private meta<T>(key: string): T | undefined {
    const row = this.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  private setMeta(key: string, value: unknown): void {
    if (value === undefined) this.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  /** Runs `work` in one transaction and counts it as a new generation. */
  private transaction(work: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      work();
      const generation = (this.meta<number>('generation') ?? 0) + 1;
      this.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
        'generation',
        JSON.stringify(generation),
      );
      this.db.exec('COMMIT');
    } catch (error) {
      // SQLite may have rolled back already (SQLITE_FULL does): a second ROLLBACK would hide the cause.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** SQLite's result codes for a file that is not, or no longer, a whole database. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

function damagedError(file: string): ConfigCorruptError {
  return new ConfigCorruptError(
    file,
    `The state database ${file} is damaged: remove it (with ${path.basename(file)}-wal and -shm beside it, if any); the next sync is then a full one.`,
  );
}

/** Why the state cannot be opened: damaged (CONFIG_CORRUPT) when the file is not a database, else unexpected. */
function openError(file: string, error: unknown): Error {
  if (error instanceof ConfigCorruptError || error instanceof InternalError) return error;
  const unwritable = storageError(error, path.dirname(file));
  if (unwritable) return unwritable;
  const { errcode, code } = error as { errcode?: number; code?: string };
  if (errcode === SQLITE_CORRUPT || errcode === SQLITE_NOTADB || code === 'EISDIR') return damagedError(file);
  return new InternalError(`The state database ${file} cannot be opened.`, undefined, { cause: error });
}
