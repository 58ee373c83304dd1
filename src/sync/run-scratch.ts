import { promises as fs, rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ensureDirectory } from '../fs/ensure-directory.js';
import { loadSqlite } from '../state/load-sqlite.js';

/** Pages SQLite may keep in memory for the scratch database (KiB, as `cache_size` takes it negative). */
const CACHE_KIB = 8 * 1024;

/**
 * The working set of one sync run, on disk: what the run must remember for each user until the
 * read is over (who was read and what was decided for each, the email census, the managers'
 * emails, the users handed to requests, the GUIDs present in the scope). Kept in a scratch SQLite
 * database in the spool folder instead of in JavaScript maps, so that the agent's memory does not
 * grow with the directory: SQLite holds at most CACHE_KIB of it in memory (docs/bench.md, "Memory").
 *
 * Nothing in it outlives the run, so it has no journal, no fsync and one transaction that is never
 * committed; the file is removed when the run ends, and a run that was killed leaves one that the
 * next run removes when it opens its own (with every other file of the spool folder).
 */
export class RunScratch {
  private readonly statements = new Map<string, StatementSync>();
  private tables = 0;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
  ) {}

  /** Empties `dir` (what killed runs left) and opens a new scratch database in it. */
  static async open(dir: string): Promise<RunScratch> {
    await ensureDirectory(dir, 0o700);
    for (const old of await fs.readdir(dir)) await fs.rm(path.join(dir, old), { force: true, recursive: true });
    const file = path.join(dir, `${process.pid}-${Date.now()}.scratch.db`);
    // Created 0600 before SQLite opens it: it holds names and emails.
    await (await fs.open(file, 'wx', 0o600)).close();
    const { DatabaseSync: Database } = loadSqlite();
    const db = new Database(file);
    try {
      db.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = FILE; PRAGMA cache_size = -${CACHE_KIB}; BEGIN`);
    } catch (error) {
      db.close();
      rmSync(file, { force: true });
      throw error;
    }
    return new RunScratch(db, file);
  }

  /** A table of its own for one collection (`columns`: its column definitions), empty. */
  table(columns: string, options: { indexes?: string[] } = {}): string {
    const name = `t${this.tables++}`;
    this.db.exec(`CREATE TABLE ${name} (${columns})`);
    for (const [index, column] of (options.indexes ?? []).entries()) this.db.exec(`CREATE INDEX ${name}_${index} ON ${name} (${column})`);
    return name;
  }

  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Closes and removes the database; never throws (the next run removes what is left). */
  close(): void {
    try {
      this.db.close();
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
  }
}

/** A set of strings in the run's scratch database. */
export class ScratchSet {
  private readonly name: string;
  private count = 0;

  constructor(private readonly scratch: RunScratch) {
    this.name = scratch.table('k TEXT PRIMARY KEY NOT NULL', {});
  }

  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    const added = this.scratch.statement(`INSERT OR IGNORE INTO ${this.name} (k) VALUES (?)`).run(key).changes === 1;
    if (added) this.count += 1;
    return added;
  }

  has(key: string): boolean {
    return this.scratch.statement(`SELECT 1 AS x FROM ${this.name} WHERE k = ?`).get(key) !== undefined;
  }

  delete(key: string): boolean {
    const deleted = this.scratch.statement(`DELETE FROM ${this.name} WHERE k = ?`).run(key).changes === 1;
    if (deleted) this.count -= 1;
    return deleted;
  }

  get size(): number {
    return this.count;
  }
}

/** A map from strings to JSON values in the run's scratch database. */
export class ScratchMap<V> {
  private readonly name: string;

  constructor(private readonly scratch: RunScratch) {
    this.name = scratch.table('k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL');
  }

  set(key: string, value: V): this {
    this.scratch.statement(`INSERT OR REPLACE INTO ${this.name} (k, v) VALUES (?, ?)`).run(key, JSON.stringify(value));
    return this;
  }

  get(key: string): V | undefined {
    const row = this.scratch.statement(`SELECT v FROM ${this.name} WHERE k = ?`).get(key) as { v: string } | undefined;
    return row ? (JSON.parse(row.v) as V) : undefined;
  }

  has(key: string): boolean {
    return this.scratch.statement(`SELECT 1 AS x FROM ${this.name} WHERE k = ?`).get(key) !== undefined;
  }
}
