import type { ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import { agentData, configuredAgent, runAgent, runAgentStreaming, usersConfirmed } from './helpers/agent.js';
import { demoTenant, pacedUserBatches, TestEmulator } from './helpers/emulator.js';
import { compareStateWithApi, compareWithDirectory, expectExactlySynced } from './helpers/outcome.js';
import { faultSuite } from './helpers/suite.js';

/**
 * The Signature 365 side of the fault suite (issue 11). Each scenario runs a full sync of the
 * sample domain against the emulator with a fault, then asserts:
 * - the run's exit code and error code are the documented ones (docs/protocol.md);
 * - `state.db` passes `PRAGMA integrity_check` and records only users Signature 365 holds with
 *   the very payload recorded (the state advances only for what was confirmed);
 * - what Signature 365 holds has no duplicate and nothing out of scope;
 * - the next run, without the fault, exits 0 and leaves Signature 365 holding exactly the scope.
 */
interface Scenario {
  name: string;
  /** Emulator fault rules installed before the run. */
  faults?: unknown[];
  /** Called on each NDJSON line of the faulted run, with the agent (to hold it while the tenant changes). */
  during?: (line: { type: string; phase?: string; done?: number; [field: string]: unknown }, agent: ChildProcess, emulator: TestEmulator) => void;
  exitCode: number;
  errorCode?: string;
  /** Undoes what `during` changed, before the next run. */
  repair?: (emulator: TestEmulator, configDir: string) => Promise<void>;
}

/**
 * Runs `change` on the emulator once the first batch of users was confirmed, with the agent held
 * (SIGSTOP) meanwhile, so the change lands mid-run on any machine.
 */
function onceUsersConfirmed(change: (emulator: TestEmulator) => Promise<void>): Scenario['during'] {
  let done = false;
  return (line, agent, emulator) => {
    if (done || !usersConfirmed(line)) return;
    done = true;
    agent.kill('SIGSTOP');
    void change(emulator).finally(() => agent.kill('SIGCONT'));
  };
}

const tenant = demoTenant();

const scenarios: Scenario[] = [
  { name: 'a 429 storm with Retry-After on every call', faults: [{ match: '^/v1/', kind: 'status', status: 429, retryAfterSeconds: 1, times: 4 }], exitCode: 0 },
  {
    name: 'a burst of 500, 502 and 503 on the user batches',
    faults: [500, 502, 503].map((status) => ({ match: '/users', kind: 'status', status, times: 1 })),
    exitCode: 0,
  },
  { name: 'connections reset mid-body on the user batches', faults: [{ match: '/users', kind: 'drop', times: 2 }], exitCode: 0 },
  { name: 'lost answers: batches stored, their answers replaced by 500', faults: [{ match: '/users', kind: 'status', status: 500, phase: 'after', times: 2 }], exitCode: 0 },
  { name: 'a lost answer to the run open', faults: [{ match: '^/v1/runs$', method: 'POST', kind: 'status', status: 502, phase: 'after', times: 1 }], exitCode: 0 },
  {
    // Every attempt at every batch: with up to 4 batches in flight (apiConcurrency), 6 faults
    // would be shared among them and each batch would succeed on a retry.
    name: '503 on every attempt at the user batches: retries used up',
    faults: [{ match: '/users', kind: 'status', status: 503, times: 1000 }],
    exitCode: 5,
    errorCode: 'API_ERROR',
  },
  {
    name: 'the secret revoked mid-run (401)',
    faults: pacedUserBatches(),
    during: onceUsersConfirmed((emulator) => emulator.setTenant({ secret: 'revoked-and-replaced-secret' })),
    exitCode: 3,
    errorCode: 'AUTH_REFUSED',
    repair: async (emulator, configDir) => {
      // The admin pastes the new secret.
      await agentData(configDir, 'connect', { secret: 'revoked-and-replaced-secret', apiUrl: emulator.url });
    },
  },
  {
    name: 'the integration disabled mid-run (403)',
    faults: pacedUserBatches(),
    during: onceUsersConfirmed((emulator) => emulator.setTenant({ enabled: false })),
    exitCode: 3,
    errorCode: 'INTEGRATION_DISABLED',
    repair: (emulator) => emulator.setTenant({ enabled: true }),
  },
  {
    name: 'a run left open by a crashed agent',
    faults: pacedUserBatches(),
    during: (() => {
      let killed = false;
      return (line, agent) => {
        if (!killed && usersConfirmed(line)) {
          killed = true;
          agent.kill('SIGKILL');
        }
      };
    })(),
    exitCode: -1,
  },
];

describe('fault suite, Signature 365 side: each fault ends with its code, state holds only what was confirmed, the next run completes @integration', function () {
  const suite = faultSuite();

  for (const scenario of scenarios) {
    it(`${scenario.name}: exit ${scenario.exitCode}${scenario.errorCode ? ` ${scenario.errorCode}` : ''}, then a clean run`, async () => {
      const { dc, emulator, figures } = suite;
      await emulator.reset();
      await emulator.setTenant({ secret: tenant.secret, enabled: true });
      const configDir = await configuredAgent(emulator, dc);
      if (scenario.faults) await emulator.faults(scenario.faults);
      const run = await runAgentStreaming(configDir, 'sync', { mode: 'full' }, (line, agent) => scenario.during?.(line, agent, emulator));
      figures.runs += 1;
      if (scenario.exitCode === -1) expect(run.signal, 'killed').to.equal('SIGKILL');
      else expect(run.exitCode, `${JSON.stringify(run.result?.error)} ${run.stderr}`).to.equal(scenario.exitCode);
      if (scenario.errorCode) expect(run.result.error.code).to.equal(scenario.errorCode);
      expect(run.stderr, 'no stack trace').to.not.match(/^\s+at .+:\d+:\d+\)?$/m);

      await emulator.clearFaults();
      const afterFault = await emulator.state();
      const state = compareStateWithApi(configDir, afterFault);
      expect(state.integrity).to.equal('ok');
      expect(state.notHeldAsRecorded, 'state records only what Signature 365 confirmed').to.equal(0);
      const partial = compareWithDirectory(afterFault.users);
      expect(partial, `after the fault: ${partial.examples.join(', ')}`).to.deep.include({ duplicated: 0, outOfScope: 0 });
      if (scenario.exitCode !== 0) expect(partial.lost, 'the faulted run did not complete').to.be.greaterThan(0);

      await scenario.repair?.(emulator, configDir);
      const next = await runAgent(configDir, 'sync');
      figures.runs += 1;
      expect(next.exitCode, `${JSON.stringify(next.result.ok ? '' : next.result.error)} ${next.stderr}`).to.equal(0);
      const outcome = expectExactlySynced(configDir, await emulator.state());
      figures.add(outcome);
    });
  }
});
