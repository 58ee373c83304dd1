import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { STATE_SCHEMA_VERSION, StateDb } from '../../../src/state/state-db.js';

describe('state database: groups (schema version 2)', () => {
  it('should migrate a version 1 database, keeping its users, and store group hashes', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 's365-unit-'));
    // node:sqlite, loaded the way StateDb loads it (without the one-time "experimental" warning).
    StateDb.open(await fs.mkdtemp(path.join(os.tmpdir(), 's365-unit-'))).close();
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
    // A database as the version 1 agent wrote it.
    const v1 = new DatabaseSync(path.join(dir, 'state.db'));
    v1.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE users (guid TEXT PRIMARY KEY, hash TEXT NOT NULL, email TEXT NOT NULL, outcome TEXT NOT NULL, payload TEXT NOT NULL);
      CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT NOT NULL);
      INSERT INTO users VALUES ('u1', 'h1', 'a@contoso.com', 'matched', '{}');
      INSERT INTO meta VALUES ('generation', '7');
      PRAGMA user_version = 1;
    `);
    v1.close();

    const state = StateDb.open(dir);
    try {
      expect(STATE_SCHEMA_VERSION).to.equal(2);
      expect(state.user('u1')).to.deep.include({ hash: 'h1', email: 'a@contoso.com' });
      expect(state.groupGuids()).to.deep.equal([]);
      state.confirmGroups([
        { objectGuid: 'g1', hash: 'x', name: 'Sales' },
        { objectGuid: 'g2', hash: 'y', name: 'Marketing' },
      ]);
      state.confirmGroups([{ objectGuid: 'g1', hash: 'z', name: 'Sales' }]);
      expect(state.groupHash('g1')).to.equal('z');
      state.forgetGroups(['g2']);
      expect(state.groupGuids()).to.deep.equal(['g1']);
      expect(state.groupHash('g2')).to.equal(undefined);
    } finally {
      state.close();
    }
    const check = new DatabaseSync(path.join(dir, 'state.db'));
    expect((check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).to.equal(2);
    check.close();
    // Opening again (already version 2) keeps everything.
    const again = StateDb.open(dir);
    expect(again.groupHash('g1')).to.equal('z');
    again.close();
  });
});
