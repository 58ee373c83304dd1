import { expect } from 'chai';
import { mkdtempSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import os from 'node:os';
import path from 'node:path';
import { isTruncatedDatabase } from '../../../src/state/sqlite-header.js';

describe('isTruncatedDatabase', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 's365-header-'));
    file = path.join(dir, 'state.db');
    const db = new DatabaseSync(file);
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t SELECT hex(randomblob(200)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n);");
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should find a database cut shorter than its header says, and not a whole one', () => {
    expect(isTruncatedDatabase(file)).to.equal(false);
    truncateSync(file, statSync(file).size - 4096);
    expect(isTruncatedDatabase(file)).to.equal(true);
  });

  it('should leave a short file with a write-ahead log beside it to SQLite (a checkpoint cut short by a full disk)', () => {
    truncateSync(file, statSync(file).size - 4096);
    writeFileSync(`${file}-wal`, Buffer.alloc(4096, 1));
    expect(isTruncatedDatabase(file)).to.equal(false);
    writeFileSync(`${file}-wal`, '');
    expect(isTruncatedDatabase(file)).to.equal(true);
  });
});
