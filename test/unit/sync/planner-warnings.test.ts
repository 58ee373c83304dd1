import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MAX_PHOTO_BYTES } from '../../../src/api/types.js';
import type { DirectoryUser, ResolvedScope } from '../../../src/directory/model.js';
import { StateDb } from '../../../src/state/state-db.js';
import { hashPayload } from '../../../src/sync/payload-hash.js';
import { buildPlan, storedForm, type Plan, type PlanInputs } from '../../../src/sync/planner.js';
import { RunScratch } from '../../../src/sync/run-scratch.js';
import type { SpooledUser } from '../../../src/sync/spool.js';
import { effectiveMapping, mapUser } from '../../../src/sync/user-mapping.js';

const BASE = 'DC=corp,DC=test';
const scope: ResolvedScope = { kind: 'all', searchBases: [BASE], groupDns: [], fingerprint: 'f' };
const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const person = (n: number, attributes: Record<string, string[]>, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
  dn: `CN=User ${n},${BASE}`,
  objectGuid: guid(n),
  attributes: { displayname: [`User ${n}`], ...attributes },
  inScope: true,
  ...extra,
});

/** A directory holding these users (read in pages of two), plus others findable by DN only. */
function directoryOf(users: DirectoryUser[], others: DirectoryUser[] = []): PlanInputs['directory'] {
  return {
    async *readUsers() {
      for (let i = 0; i < users.length; i += 2) yield users.slice(i, i + 2);
    },
    async readUsersByDn(dns: string[]) {
      const wanted = new Set(dns.map((dn) => dn.toLowerCase()));
      return [...users, ...others].filter((user) => wanted.has(user.dn.toLowerCase())).map((user) => ({ ...user, inScope: false }));
    },
    async readDeletedUserGuids() {
      return [];
    },
    async *readScopeGuids() {},
    async readGroupGraph() {
      return [];
    },
  };
}

async function spooled(plan: Plan): Promise<SpooledUser[]> {
  const all: SpooledUser[] = [];
  for await (const item of plan.spool.items()) all.push(item);
  return all;
}

describe('planner: warnings and email conflicts', () => {
  let dir: string;
  let state: StateDb;
  let scratch: RunScratch;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 's365-planner-'));
    state = StateDb.open(dir);
    scratch = await RunScratch.open(path.join(dir, 'spool'));
  });
  afterEach(async () => {
    scratch.close();
    state.close();
    await rm(dir, { recursive: true, force: true });
  });

  const plan = (directory: PlanInputs['directory'], mode: 'full' | 'delta' = 'full', mapping = effectiveMapping(undefined)): Promise<Plan> =>
    buildPlan({
      directory,
      state,
      scope,
      decision: { mode },
      ...(mode === 'delta' ? { watermarkUsn: '1' } : {}),
      spoolDir: path.join(dir, 'spool'),
      scratch,
      progress: { report() {} },
      mapping,
      detail: true,
    });

  /** Records users as synced, as a previous run would have. */
  function synced(users: DirectoryUser[]): void {
    state.confirmUsers(
      users.map((user) => {
        const result = mapUser(user);
        if (result.kind !== 'payload') throw new Error('no payload');
        return { objectGuid: user.objectGuid, hash: hashPayload(result.payload), email: result.payload.email, outcome: 'unmatched', payload: storedForm(result.payload) };
      }),
    );
  }

  it('should hold back both users of a duplicate email and send the rest', async () => {
    const users = [
      person(1, { proxyaddresses: ['SMTP:Sam.Taylor@contoso.com'] }),
      person(2, { mail: ['ok@contoso.com'] }),
      person(3, { mail: ['sam.taylor@CONTOSO.com'] }),
    ];
    const result = await plan(directoryOf(users));
    expect((await spooled(result)).map((item) => item.payload.objectGuid)).to.deep.equal([guid(2)]);
    expect(result.spool.count).to.equal(1);
    expect(result.adds.map((add) => add.objectGuid)).to.deep.equal([guid(2)]);
    const conflicts = result.warnings.filter((w) => w.code === 'EMAIL_CONFLICT');
    expect(conflicts.map((w) => w.objectGuid).sort()).to.deep.equal([guid(1), guid(3)]);
    expect(conflicts.find((w) => w.objectGuid === guid(1))!.conflictsWith).to.deep.equal([{ objectGuid: guid(3), dn: `CN=User 3,${BASE}` }]);
    expect(result.removals).to.deep.equal([]);
    expect(result.counts).to.deep.include({ read: 3, inScope: 1, emailConflicts: 2, unchanged: 0 });
  });

  it('users synced before that now conflict should be kept as they were: not updated, not removed', async () => {
    const before = [person(1, { mail: ['one@contoso.com'] }), person(2, { mail: ['two@contoso.com'] })];
    synced(before);
    // User 2 now claims user 1's address (and changed a title, which would be an update).
    const now = [before[0]!, person(2, { mail: ['ONE@contoso.com'], title: ['New'] })];
    const full = await plan(directoryOf(now));
    expect(full.spool.count).to.equal(0);
    expect(full.updates).to.deep.equal([]);
    expect(full.removals).to.deep.equal([]);
    expect(full.warnings.map((w) => w.objectGuid).sort()).to.deep.equal([guid(1), guid(2)]);
    expect(full.counts).to.deep.include({ inScope: 0, unchanged: 0, emailConflicts: 2 });
  });

  it('a delta should carry standing conflicts forward, and ask for a full run when a party changed', async () => {
    const previous = (await plan(directoryOf([person(1, { mail: ['x@contoso.com'] }), person(2, { mail: ['X@contoso.com'] })]))).warnings;
    expect(previous).to.have.length(2);
    const inputs = (users: DirectoryUser[]) =>
      buildPlan({
        directory: directoryOf(users),
        state,
        scope,
        decision: { mode: 'delta' },
        watermarkUsn: '1',
        spoolDir: path.join(dir, 'spool'),
        scratch,
        detail: true,
        progress: { report() {} },
        previousConflicts: previous,
      });
    const quiet = await inputs([person(7, { mail: ['seven@contoso.com'] })]);
    expect(quiet.conflictsChanged).to.equal(undefined);
    expect(quiet.warnings).to.deep.equal(previous);
    expect(quiet.counts.emailConflicts).to.equal(2);
    const changed = await inputs([person(2, { mail: ['two@contoso.com'] })]);
    expect(changed.conflictsChanged).to.equal(true);
  });

  it('a delta should see a conflict with a synced user it did not read', async () => {
    synced([person(1, { mail: ['one@contoso.com'] })]);
    const changed = [person(5, { mail: ['One@contoso.com'] })];
    const delta = await plan(directoryOf(changed), 'delta');
    expect(delta.spool.count).to.equal(0);
    expect(delta.warnings.map((w) => w.objectGuid).sort()).to.deep.equal([guid(1), guid(5)]);
    expect(delta.removals).to.deep.equal([]);
  });

  it('should warn about missing managers and oversize photos, and still send those users', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(MAX_PHOTO_BYTES, 1)]);
    const users = [
      person(1, { mail: ['a@contoso.com'], manager: [`CN=Gone,${BASE}`] }),
      person(2, { mail: ['b@contoso.com'], manager: [`CN=User 9,${BASE}`] }),
      person(3, { mail: ['c@contoso.com'], manager: [`CN=User 8,${BASE}`] }, { thumbnailPhoto: photo }),
    ];
    const others = [person(9, { userprincipalname: ['nine@contoso.com'] }), person(8, { mail: ['Boss@contoso.com'] })];
    const result = await plan(directoryOf(users, others));
    const sent = await spooled(result);
    expect(sent).to.have.length(3);
    expect(sent.find((item) => item.payload.objectGuid === guid(3))!.payload).to.deep.include({ managerEmail: 'Boss@contoso.com' }).and.not.have.property('photo');
    expect(result.warnings.map((w) => [w.objectGuid, w.code])).to.deep.equal([
      [guid(1), 'MANAGER_NOT_FOUND'],
      [guid(2), 'MANAGER_NO_EMAIL'],
      [guid(3), 'PHOTO_TOO_LARGE'],
    ]);
    // With the UPN allowed, user 9's UPN is its email, also as a manager.
    const upn = await plan(directoryOf(users, others), 'full', effectiveMapping({ allowUpnAsEmail: true }));
    expect(upn.warnings.map((w) => w.code)).to.deep.equal(['MANAGER_NOT_FOUND', 'PHOTO_TOO_LARGE']);
  });
});
