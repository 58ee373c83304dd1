import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { expectedInScope } from './helpers/sample-org.js';
import { integrationSuite } from './helpers/suite.js';

interface EventLine {
  level: string;
  message: string;
  eventId: number;
  event: string;
  eventLevel: string;
  [field: string]: unknown;
}

/** The event lines of the agent's log file (the Linux twin of the Event Log), in order. */
async function eventLines(configDir: string): Promise<EventLine[]> {
  const text = await readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as EventLine)
    .filter((line) => typeof line.eventId === 'number');
}

/** Only the events written after `before` lines were there. */
async function newEvents(configDir: string, before: number): Promise<EventLine[]> {
  return (await eventLines(configDir)).slice(before);
}

describe('run events in the log file, around the sync verb @integration', function () {
  const fixtures = integrationSuite();

  it('a sync that succeeds should log run-started (1000), then run-succeeded (1001) with the counts of its result', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    expect(await eventLines(configDir), 'connect, set-directory and set-scope are not runs').to.deep.equal([]);
    const run = await runAgent(configDir, 'sync', { mode: 'full' });
    expect(run.exitCode, run.stderr).to.equal(0);
    if (!run.result.ok) throw new Error('expected success');
    const events = await eventLines(configDir);
    expect(events.map((e) => [e.eventId, e.event, e.eventLevel])).to.deep.equal([
      [1000, 'run-started', 'information'],
      [1001, 'run-succeeded', 'information'],
    ]);
    expect(events[0]).to.deep.include({ verb: 'sync', mode: 'full', dryRun: false });
    const summary = run.result.data as { runId: string; counts: Record<string, number> };
    expect(events[1]).to.deep.include({ runId: summary.runId, mode: 'full', dryRun: false });
    expect(events[1]!.counts).to.deep.equal(summary.counts);
    expect(summary.counts.added).to.equal(expectedInScope().length);
    expect(events[1]!.message).to.contain(`added ${summary.counts.added}`).and.to.contain(`run ${summary.runId}`);
    // Events change nothing on stderr: they are info lines of the file.
    expect(run.stderr).to.not.contain('run-succeeded');
  });

  it('a sync refused by Signature 365 should log authentication-refused (1202), then run-failed for exit 3 (1103), and not the secret', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    const wrong = 'Wrong-Secret-Value-8462';
    await writeFile(path.join(configDir, 'secrets.json'), JSON.stringify({ ...JSON.parse(await readFile(path.join(configDir, 'secrets.json'), 'utf8')), apiSecret: wrong }), { mode: 0o600 });
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode).to.equal(3);
    const events = await eventLines(configDir);
    expect(events.map((e) => [e.eventId, e.event, e.eventLevel])).to.deep.equal([
      [1000, 'run-started', 'information'],
      [1202, 'authentication-refused', 'error'],
      [1103, 'run-failed', 'error'],
    ]);
    expect(events[1]).to.deep.include({ code: 'AUTH_REFUSED', exitCode: 3, service: 'signature365' });
    expect(events[2]).to.deep.include({ code: 'AUTH_REFUSED', exitCode: 3 });
    const log = await readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8');
    expect(log).to.not.contain(wrong).and.to.not.contain(fixtures.emulator.tenant.secret);
  });

  it('a sync with no DC answering should log directory-unreachable (1203), then run-failed for exit 4 (1104)', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    const configFile = path.join(configDir, 'config.json');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as { directory: { servers: string[] } };
    config.directory.servers = ['ldaps://127.0.0.1:9'];
    await writeFile(configFile, JSON.stringify(config));
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode, JSON.stringify(run.result)).to.equal(4);
    expect((await eventLines(configDir)).map((e) => [e.eventId, e.event])).to.deep.equal([
      [1000, 'run-started'],
      [1203, 'directory-unreachable'],
      [1104, 'run-failed'],
    ]);
  });

  it('a sync stopped by the deletion guard should log guard-tripped (1201), then run-failed for exit 6 (1106)', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    await agentData(configDir, 'sync');
    await agentData(configDir, 'set-scope', { groups: ['Sales Team'] });
    const before = (await eventLines(configDir)).length;
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode).to.equal(6);
    const events = await newEvents(configDir, before);
    expect(events.map((e) => [e.eventId, e.event, e.eventLevel])).to.deep.equal([
      [1000, 'run-started', 'information'],
      [1201, 'guard-tripped', 'warning'],
      [1106, 'run-failed', 'error'],
    ]);
    expect(events[1]!.removals).to.equal(expectedInScope().length - expectedInScope('Sales Team').length);
  });

  it('a sync whose secret does not unseal should log secret-unreadable (1204), then run-failed for exit 2 (1102)', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    // A value sealed on Windows, read by this (Linux) agent: it has no sealer for it.
    await writeFile(path.join(configDir, 'secrets.json'), JSON.stringify({ apiSecret: { sealed: 'dpapi-machine', data: Buffer.from('opaque').toString('base64') } }), { mode: 0o600 });
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode).to.equal(2);
    if (run.result.ok) throw new Error('expected a failure');
    expect(run.result.error).to.deep.include({ code: 'CONFIG_CORRUPT' });
    expect(run.result.error.details).to.deep.include({ problem: 'secret-unreadable', secret: 'apiSecret' });
    const events = await eventLines(configDir);
    expect(events.map((e) => [e.eventId, e.event])).to.deep.equal([
      [1000, 'run-started'],
      [1204, 'secret-unreadable'],
      [1102, 'run-failed'],
    ]);
    expect(events[1]).to.deep.include({ secret: 'apiSecret', code: 'CONFIG_CORRUPT' });
  });

  it('a sync whose secrets.json others may read should log secret-unreadable (1204) with problem secrets-exposed, then run-failed (1102)', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    await chmod(path.join(configDir, 'secrets.json'), 0o640);
    const run = await runAgent(configDir, 'sync');
    expect(run.exitCode).to.equal(2);
    if (run.result.ok) throw new Error('expected a failure');
    expect(run.result.error.details).to.deep.include({ problem: 'secrets-exposed', mode: '0640' });
    const events = await eventLines(configDir);
    expect(events.map((e) => [e.eventId, e.event])).to.deep.equal([
      [1000, 'run-started'],
      [1204, 'secret-unreadable'],
      [1102, 'run-failed'],
    ]);
    expect(events[1]).to.deep.include({ problem: 'secrets-exposed', code: 'CONFIG_CORRUPT' });
    expect(JSON.stringify(events)).to.not.contain(fixtures.emulator.tenant.secret);
  });

  it('a dry run should log its events too, marked as a dry run', async () => {
    const configDir = await configuredAgent(fixtures.emulator, fixtures.dc);
    const run = await runAgent(configDir, 'plan');
    expect(run.exitCode, run.stderr).to.equal(0);
    const events = await eventLines(configDir);
    expect(events.map((e) => [e.eventId, e.verb ?? null, e.dryRun])).to.deep.equal([
      [1000, 'plan', true],
      [1001, null, true],
    ]);
    expect(events[1]!.message).to.contain('dry run').and.to.contain('would add');
  });
});
