/** A reader that goes away mid-sync (`s365-agent --json | head -1`): the agent must not crash (issue 11). */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { AGENT_SCRIPT, agentData, configuredAgent } from './helpers/agent.js';
import { TestEmulator } from './helpers/emulator.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

/** Runs a sync and closes the read end of its stdout as soon as the first line arrives, as `| head -1` does. */
function syncWithStdoutClosedAfterFirstLine(configDir: string): Promise<{ exitCode: number; firstLine: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT_SCRIPT, '--json', '--config-dir', configDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let firstLine = '';
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0 && !firstLine) {
        firstLine = buffer.slice(0, newline);
        child.stdout.destroy(); // our read end is closed: the agent's next write gets EPIPE
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, firstLine, stderr }));
    child.stdin.end(JSON.stringify({ protocol: 1, verb: 'sync', params: { mode: 'full' } }));
  });
}

describe('sync with its stdout closed by the reader @integration', function () {
  this.timeout(180_000);
  let dc: TestDc;
  let emulator: TestEmulator;

  before(async function () {
    dc = requireTestDc(this);
    emulator = await TestEmulator.start();
  });
  after(() => emulator?.close());

  it('should finish the sync without a stack trace, log that output was closed, release the lock and keep the state', async () => {
    const configDir = await configuredAgent(emulator, dc);
    // Slow batches keep the sync writing progress after the reader has gone.
    await emulator.faults([{ match: '/users', kind: 'slow', delayMs: 1500, times: 1 }]);
    const run = await syncWithStdoutClosedAfterFirstLine(configDir);

    expect(JSON.parse(run.firstLine)).to.include({ type: 'progress', verb: 'sync' });
    expect(run.stderr).to.not.match(/\n\s+at |Unhandled|EPIPE.*\n.*Error/);
    expect(run.exitCode, run.stderr).to.equal(0);
    const log = readFileSync(path.join(configDir, 'logs', 'agent.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string; stream?: string; code?: string; verb?: string });
    const closed = log.findIndex((line) => /^Output closed: stdout/.test(line.message));
    expect(closed, 'the log has the output-closed line').to.be.at.least(0);
    expect(log[closed]).to.include({ level: 'warn', stream: 'stdout', code: 'EPIPE', verb: 'sync' });
    expect(log.slice(closed).some((line) => line.message === 'Verb succeeded' && line.verb === 'sync')).to.equal(true);
    expect(existsSync(path.join(configDir, 'sync.lock')), 'the lock is released').to.equal(false);

    const sent = (await emulator.state()).users.length;
    expect(sent).to.be.above(0);
    const status = await agentData(configDir, 'status');
    expect(status.syncRunning).to.equal(false);
    expect(status.lastRun.status).to.equal('succeeded');
    expect(status.syncedUsers).to.equal(sent);

    const next = await agentData(configDir, 'sync');
    expect(next.status).to.equal('succeeded');
    expect(next.counts).to.include({ added: 0, updated: 0, removed: 0 });
  });
});
