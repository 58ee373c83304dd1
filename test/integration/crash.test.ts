import { spawn } from 'node:child_process';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import type { UserPayload } from '../../src/api/types.js';
import { AGENT_SCRIPT, agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

interface KillPoint {
  name: string;
  /** Faults installed before the run, to hold it at the point. */
  faults?: unknown[];
  /** Decides, from each NDJSON line and the emulator, when to SIGKILL the agent. */
  when: (line: { type: string; phase?: string }, emulator: TestEmulator) => Promise<boolean>;
}

/** Starts a sync and SIGKILLs it at the chosen point; resolves when the process is gone. */
function syncKilledAt(configDir: string, point: KillPoint, emulator: TestEmulator): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT_SCRIPT, '--json', '--config-dir', configDir], { stdio: ['pipe', 'pipe', 'ignore'] });
    let killed = false;
    let buffer = '';
    const consider = async (line: { type: string; phase?: string }): Promise<void> => {
      if (!killed && (await point.when(line, emulator))) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (text) void consider(JSON.parse(text) as { type: string }).catch(reject);
      }
    });
    // A point that waits on the emulator rather than on output polls it while the agent runs.
    const poll = setInterval(() => void consider({ type: 'poll' }).catch(reject), 50);
    child.on('close', () => {
      clearInterval(poll);
      resolve({ killed });
    });
    child.stdin.end(JSON.stringify({ protocol: 1, verb: 'sync', params: { mode: 'full' } }));
  });
}

function stateReadable(configDir: string): string {
  const db = new DatabaseSync(path.join(configDir, 'state.db'));
  try {
    return (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  } finally {
    db.close();
  }
}

const byGuid = (users: UserPayload[]): Record<string, UserPayload> => Object.fromEntries(users.map((user) => [user.objectGuid, user]));

describe('crash safety: SIGKILL at any point, then the next run completes the work @integration', function () {
  let dc: TestDc;
  let emulator: TestEmulator;
  let reference: Record<string, UserPayload>;

  async function configured(): Promise<string> {
    return configuredAgent(emulator, dc);
  }

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
    await agentData(await configured(), 'sync');
    reference = byGuid((await emulator.state()).users);
  });
  after(() => emulator?.close());

  const points: KillPoint[] = [
    { name: 'during the directory read', when: async (line) => line.type === 'progress' && (line.phase === 'connect' || line.phase === 'scope' || line.phase === 'read') },
    {
      name: 'while a batch of users is on its way to Signature 365',
      faults: [{ match: '/users', kind: 'slow', delayMs: 1500, times: 1 }],
      when: async (line, emu) => line.type === 'poll' && (await emu.state()).requests.some((request) => request.path.endsWith('/users')),
    },
    {
      name: 'after Signature 365 opened the run, before the agent heard its id',
      faults: [{ match: '^/v1/runs$', method: 'POST', kind: 'slow', delayMs: 2000, phase: 'after', times: 1 }],
      when: async (line, emu) => line.type === 'poll' && (await emu.state()).runs.length > 0,
    },
    {
      name: 'right after a batch was confirmed and recorded',
      when: async (line) => line.type === 'progress' && line.phase === 'send-users',
    },
    {
      name: 'after Signature 365 accepted a batch, before the agent heard back',
      faults: [{ match: '/users', kind: 'slow', delayMs: 1500, times: 1 }],
      when: async (line, emu) => line.type === 'poll' && (await emu.state()).users.length > 0,
    },
  ];

  for (const point of points) {
    for (const attempt of [1, 2]) {
      it(`killed ${point.name} (#${attempt}): the state stays readable and the next run reaches the same final state`, async () => {
        await emulator.reset();
        const configDir = await configured();
        if (point.faults) await emulator.faults(point.faults);
        const { killed } = await syncKilledAt(configDir, point, emulator);
        expect(killed, 'the kill point was reached').to.equal(true);
        expect(stateReadable(configDir)).to.equal('ok');

        const next = await runAgent(configDir, 'sync');
        expect(next.exitCode, next.stderr).to.equal(0);
        expect(stateReadable(configDir)).to.equal('ok');
        const state = await emulator.state();
        expect(byGuid(state.users)).to.deep.equal(reference);
        expect(state.removed).to.deep.equal([]);
        const status = await agentData(configDir, 'status');
        expect(status.syncedUsers).to.equal(Object.keys(reference).length);
        // One more run changes nothing: the state matches what Signature 365 holds.
        const after = await agentData(configDir, 'sync');
        expect(after.counts).to.deep.include({ added: 0, updated: 0, removed: 0 });
      });
    }
  }
});
