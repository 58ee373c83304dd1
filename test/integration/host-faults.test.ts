import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { agentData, configuredAgent, freshConfigDir, runAgent, runAgentStreaming, usersConfirmed, type AgentRun } from './helpers/agent.js';
import { pacedUserBatches, TestEmulator } from './helpers/emulator.js';
import { compareStateWithApi, compareWithDirectory, expectExactlySynced, SuiteFigures } from './helpers/outcome.js';
import { SmallVolume } from './helpers/small-volume.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A run stopped by the host: CONFIG_UNWRITABLE (exit 2) naming the problem, no stack trace. */
function expectStoppedByHost(run: AgentRun, problem: 'full' | 'read-only'): void {
  expect(run.exitCode, JSON.stringify(run.result)).to.equal(2);
  if (run.result.ok) throw new Error('expected a failure');
  expect(run.result.error.code).to.equal('CONFIG_UNWRITABLE');
  expect(run.result.error.details).to.deep.include({ problem });
  expect(run.stderr, 'no stack trace').to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
}

/** The config directory's files as they are, for "nothing changed" (the logs folder aside). */
function snapshot(configDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(configDir)) {
    if (name === 'logs' || name === 'spool' || name === 'plans') continue;
    files[name] = readFileSync(path.join(configDir, name)).toString('base64');
  }
  return files;
}

/** The pid of a process that has just exited: dead on this host. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (pid === undefined) throw new Error('could not start a process');
  return pid;
}

/**
 * The host side of the fault suite (issue 11): the config directory's volume full at several
 * points of a sync, full while settings are written, made read-only, and two syncs started at
 * once on a stale lock. Each ends with its documented code; state.db passes integrity_check and
 * records only what Signature 365 holds; nothing is duplicated or out of scope; the next run,
 * with the host repaired, leaves Signature 365 holding exactly the scope.
 */
describe('fault suite, host side: disk full, a read-only config directory, two syncs on a stale lock @integration', function () {
  this.timeout(300_000);
  let dc: TestDc;
  let emulator: TestEmulator;
  let volume: SmallVolume | undefined;
  let noVolume = '';
  const figures = new SuiteFigures();

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    const mounted = SmallVolume.mount(48);
    if (typeof mounted === 'string') noVolume = mounted;
    else volume = mounted;
  });
  after(async () => {
    volume?.dispose();
    await emulator?.close();
    figures.print();
  });
  beforeEach(() => emulator.reset());

  function requireVolume(context: Mocha.Context): SmallVolume {
    if (!volume) {
      console.log(`      skipped: ${noVolume}`);
      context.skip();
    }
    return volume!;
  }

  /** A config directory on the small volume, configured for scope all. */
  async function configuredOnVolume(on: SmallVolume, name: string): Promise<string> {
    const configDir = on.path(name);
    mkdirSync(configDir);
    return configuredAgent(emulator, dc, { configDir });
  }

  /** After a faulted run: the state is whole and holds only what Signature 365 confirmed; nothing twice, nothing out of scope. */
  async function expectConsistent(configDir: string): Promise<void> {
    const api = await emulator.state();
    const state = compareStateWithApi(configDir, api);
    expect(state.integrity).to.equal('ok');
    expect(state.notHeldAsRecorded, 'state records only what Signature 365 confirmed').to.equal(0);
    const partial = compareWithDirectory(api.users);
    expect(partial, partial.examples.join(', ')).to.deep.include({ duplicated: 0, outOfScope: 0 });
  }

  /** The next sync, with the host repaired: exit 0, Signature 365 holds exactly the scope, the state says so. */
  async function expectCompletes(configDir: string): Promise<void> {
    const next = await runAgent(configDir, 'sync');
    figures.runs += 1;
    expect(next.exitCode, `${JSON.stringify(next.result.ok ? '' : next.result.error)} ${next.stderr}`).to.equal(0);
    const outcome = expectExactlySynced(configDir, await emulator.state());
    figures.add(outcome);
  }

  // A full sync of the sample domain writes about 2.3 MB of state.db and a spool of the same order:
  // 16 KiB stops it opening the state, 512 KiB while spooling the plan, 3 MiB while spooling or
  // while batches are confirmed (which, depends on when SQLite checkpoints); the next test fills
  // the volume at a chosen point instead.
  for (const leave of [16 * KiB, 512 * KiB, 3 * MiB]) {
    it(`the volume full with ${leave / KiB} KiB left: CONFIG_UNWRITABLE (exit 2), the state whole; space freed, the next sync completes`, async function () {
      const on = requireVolume(this);
      const configDir = await configuredOnVolume(on, `full-${leave}`);
      try {
        on.fill(leave);
        const run = await runAgent(configDir, 'sync', { mode: 'full' });
        figures.runs += 1;
        expectStoppedByHost(run, 'full');
        on.unfill();
        await expectConsistent(configDir);
        await expectCompletes(configDir);
      } finally {
        on.unfill();
        rmSync(configDir, { recursive: true, force: true });
      }
    });
  }

  it('the volume filled up once the first batch was confirmed: CONFIG_UNWRITABLE, only what was confirmed recorded; the next sync completes', async function () {
    const on = requireVolume(this);
    const configDir = await configuredOnVolume(on, 'full-mid-send');
    try {
      await emulator.faults(pacedUserBatches());
      let filled = false;
      const run = await runAgentStreaming(configDir, 'sync', { mode: 'full' }, (line, agent) => {
        if (filled || !usersConfirmed(line)) return;
        filled = true;
        agent.kill('SIGSTOP');
        try {
          on.fill(0);
        } finally {
          agent.kill('SIGCONT');
        }
      });
      figures.runs += 1;
      expect(filled, 'the volume was filled mid-send').to.equal(true);
      expect(run.exitCode, JSON.stringify(run.result)).to.equal(2);
      expect(run.result.error).to.deep.include({ code: 'CONFIG_UNWRITABLE' });
      expect(run.result.error.details).to.deep.include({ problem: 'full' });
      expect(run.stderr, 'no stack trace').to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
      on.unfill();
      await emulator.clearFaults();
      const stored = (await emulator.state()).users.length;
      expect(stored, 'Signature 365 stored some batches, not all').to.be.greaterThan(0).and.lessThan(5034);
      await expectConsistent(configDir);
      await expectCompletes(configDir);
    } finally {
      on.unfill();
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('the volume full while a setting is written: CONFIG_UNWRITABLE, config.json as it was, no temporary file left', async function () {
    const on = requireVolume(this);
    const configDir = await configuredOnVolume(on, 'full-settings');
    try {
      const before = snapshot(configDir);
      on.fill(0);
      const run = await runAgent(configDir, 'set-sync-settings', { maxRemovals: 20 });
      expectStoppedByHost(run, 'full');
      on.unfill();
      expect(snapshot(configDir)).to.deep.equal(before);
      await agentData(configDir, 'set-sync-settings', { maxRemovals: 20 });
      expect((await agentData(configDir, 'get-config')).effective.sync.maxRemovals).to.equal(20);
    } finally {
      on.unfill();
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('a read-only config directory: sync and settings stop with CONFIG_UNWRITABLE and change nothing; writable again, the sync completes', async function () {
    const on = requireVolume(this);
    const configDir = await configuredOnVolume(on, 'read-only');
    try {
      await agentData(configDir, 'sync');
      const users = (await emulator.state()).users.length;
      const before = snapshot(configDir);
      on.readOnly();
      try {
        const sync = await runAgent(configDir, 'sync', { mode: 'full' });
        expectStoppedByHost(sync, 'read-only');
        expectStoppedByHost(await runAgent(configDir, 'set-sync-settings', { maxRemovals: 20 }), 'read-only');
        expect((await agentData(configDir, 'get-config')).directory.servers).to.deep.equal([dc.ldapsUrl]);
      } finally {
        on.writable();
      }
      expect(snapshot(configDir)).to.deep.equal(before);
      expect((await emulator.state()).users.length, 'nothing was sent').to.equal(users);
      figures.runs += 2;
      await expectConsistent(configDir);
      await expectCompletes(configDir);
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('two syncs started at once on a stale lock: one syncs, the other is LOCKED (exit 7), in each of 5 trials', async () => {
    for (let trial = 0; trial < 5; trial++) {
      await emulator.reset();
      const configDir = await configuredAgent(emulator, dc, { configDir: await freshConfigDir() });
      writeFileSync(path.join(configDir, 'sync.lock'), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: new Date(Date.now() - 3_600_000).toISOString() }));
      const runs = await Promise.all([runAgent(configDir, 'sync'), runAgent(configDir, 'sync')]);
      figures.runs += 2;
      expect(runs.map((run) => run.exitCode).sort(), runs.map((run) => run.stderr).join('\n')).to.deep.equal([0, 7]);
      expect((await emulator.state()).runs, 'one run reached Signature 365').to.have.length(1);
      await expectConsistent(configDir);
      await expectCompletes(configDir);
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});
