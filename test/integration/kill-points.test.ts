import { spawn } from 'node:child_process';
import { expect } from 'chai';
import type { UserPayload } from '../../src/api/types.js';
import { seededRandom } from '../fuzz/request-generator.js';
import { AGENT_SCRIPT, agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { compareStateWithApi, compareWithDirectory } from './helpers/outcome.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/**
 * Host side of the fault suite (issue 11): syncs SIGKILLed at seeded random moments, one after
 * another on the same config directory, as a server that keeps crashing would run them. After
 * every kill the state must pass its integrity check and hold only what Signature 365 confirmed,
 * and Signature 365 must hold no duplicate and nothing out of scope; once a run gets through, it
 * must hold exactly the scope. S365_SOAK_KILLS / S365_SOAK_SEED widen or replay it (`npm run soak`).
 */
const KILLS = Number(process.env.S365_SOAK_KILLS ?? 50);
const SEED = Number(process.env.S365_SOAK_SEED ?? 1201);

/** Runs a sync and SIGKILLs it after `killAfterMs`, unless it ends first. */
function syncKilledAfter(configDir: string, killAfterMs: number): Promise<{ killed: boolean; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT_SCRIPT, '--json', '--config-dir', configDir], { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', exitCode: code });
    });
    child.stdin.end(JSON.stringify({ protocol: 1, verb: 'sync' }));
  });
}

const byGuid = (users: UserPayload[]): Record<string, UserPayload> => Object.fromEntries(users.map((user) => [user.objectGuid, user]));

describe(`host faults: ${KILLS} syncs SIGKILLed at seeded random points (seed ${SEED}), nothing lost @integration`, function () {
  let dc: TestDc;
  let emulator: TestEmulator;
  let reference: Record<string, UserPayload>;
  let fullRunMs = 0;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    const started = performance.now();
    await agentData(await configuredAgent(emulator, dc), 'sync');
    fullRunMs = performance.now() - started;
    reference = byGuid((await emulator.state()).users);
    expect(compareWithDirectory(Object.values(reference))).to.deep.include({ lost: 0, duplicated: 0, outOfScope: 0 });
  });
  after(() => emulator?.close());

  it('after every kill the state is whole and holds only what was confirmed; every chain of runs ends holding exactly the scope', async function () {
    this.timeout(KILLS * Math.max(60_000, fullRunMs * 4));
    const random = seededRandom(SEED);
    const figures = { kills: 0, runs: 0, chains: 0, compared: 0, lost: 0, duplicated: 0, outOfScope: 0 };
    const points: number[] = [];

    const endChain = async (configDir: string): Promise<void> => {
      const last = await runAgent(configDir, 'sync');
      figures.runs += 1;
      expect(last.exitCode, last.stderr).to.equal(0);
      const final = await emulator.state();
      const outcome = compareWithDirectory(final.users);
      Object.assign(figures, {
        chains: figures.chains + 1,
        compared: figures.compared + outcome.held,
        lost: figures.lost + outcome.lost,
        duplicated: figures.duplicated + outcome.duplicated,
        outOfScope: figures.outOfScope + outcome.outOfScope,
      });
      expect(byGuid(final.users), 'the chain ends holding the reference').to.deep.equal(reference);
      expect(compareStateWithApi(configDir, final)).to.deep.equal({ integrity: 'ok', confirmed: final.users.length, notHeldAsRecorded: 0 });
    };

    let configDir: string | undefined;
    while (figures.kills < KILLS) {
      if (!configDir) {
        await emulator.reset();
        configDir = await configuredAgent(emulator, dc);
      }
      const killAfterMs = Math.round(random() * fullRunMs * 0.9);
      const run = await syncKilledAfter(configDir, killAfterMs);
      figures.runs += 1;
      const api = await emulator.state();
      const state = compareStateWithApi(configDir, api);
      const at = `kill #${figures.kills + 1} after ${killAfterMs} ms (seed ${SEED})`;
      expect(state.integrity, at).to.equal('ok');
      expect(state.notHeldAsRecorded, `${at}: state records only what Signature 365 holds`).to.equal(0);
      expect(compareWithDirectory(api.users), at).to.deep.include({ duplicated: 0, outOfScope: 0 });
      if (run.killed) {
        figures.kills += 1;
        points.push(killAfterMs);
        continue;
      }
      // The run got through before its kill point: it must have completed the chain.
      expect(run.exitCode, at).to.equal(0);
      await endChain(configDir);
      configDir = undefined;
    }
    if (configDir) await endChain(configDir);
    points.sort((a, b) => a - b);
    console.log(
      `      (${figures.kills} kills at ${points[0]}..${points.at(-1)} ms of a ${Math.round(fullRunMs)} ms run, ${figures.runs} runs, ${figures.chains} chains, ` +
        `${figures.compared} users compared; lost ${figures.lost}, duplicated ${figures.duplicated}, out of scope ${figures.outOfScope})`,
    );
  });
});
