/** Hostile input to the built dist/cli.js (issue 11): stdin that never ends or never stops, deep or huge values, flags without values. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startTrickler } from '../unit/api/trickle-server.js';
import { AGENT_SCRIPT, freshConfigDir, runAgentRaw } from './helpers/agent.js';

const MIB = 1024 * 1024;

/** Runs the agent with a stdin that is never closed; resolves when the agent exits (or kills it after `killAfterMs`). */
function runWithOpenStdin(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<{ exitCode: number; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [AGENT_SCRIPT, ...args], { env: { ...process.env, S365_CONFIG_DIR: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {});
    child.stdin.write('{"protocol":1,'); // a request begun and never finished
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ exitCode: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Writes `total` bytes of a JSON string value into the agent's stdin; counts what the agent took before it exited. */
function floodStdin(args: string[], total: number): Promise<{ exitCode: number; stdout: string; written: number; writerFinished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT_SCRIPT, ...args], { env: { ...process.env, S365_CONFIG_DIR: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let written = 0;
    let exited = false;
    let writerFinished = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stdin.on('error', () => {}); // EPIPE once the agent stops reading: expected
    const chunk = Buffer.alloc(MIB, 'a');
    const pump = (): void => {
      if (written === 0) {
        child.stdin.write('{"protocol":1,"verb":"version","params":{"x":"');
      }
      while (!exited && written < total) {
        written += chunk.length;
        if (!child.stdin.write(chunk)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
      if (!exited) {
        writerFinished = true;
        child.stdin.end('"}}');
      }
    };
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      resolve({ exitCode: code ?? -1, stdout, written, writerFinished });
    });
    pump();
  });
}

function onlyResult(stdout: string): any {
  const lines = stdout.trim().split('\n');
  expect(lines, stdout.slice(0, 500)).to.have.length(1);
  return JSON.parse(lines[0]!);
}

describe('s365-agent hostile input (the built dist/cli.js as a black box)', function () {
  this.timeout(60_000);

  describe('a stdin that is never closed', () => {
    it('should answer BAD_REQUEST with exit 2 at the configured deadline instead of hanging', async () => {
      const run = await runWithOpenStdin(['--json', '--config-dir', await freshConfigDir()], { S365_STDIN_DEADLINE_MS: '700' }, 15_000);
      expect(run.exitCode, run.stderr).to.equal(2);
      expect(run.ms).to.be.within(700, 5_000);
      const result = onlyResult(run.stdout);
      expect(result).to.deep.include({ ok: false, exitCode: 2 });
      expect(result.error.code).to.equal('BAD_REQUEST');
      expect(result.error.message).to.match(/within 700 ms/);
      expect(result.error.details).to.deep.equal({ deadlineMs: 700 });
    });

    it('should refuse a deadline setting that is not a positive whole number', async () => {
      const run = await runWithOpenStdin(['--json'], { S365_STDIN_DEADLINE_MS: 'soon' }, 15_000);
      expect(run.exitCode).to.equal(2);
      expect(onlyResult(run.stdout).error.message).to.match(/S365_STDIN_DEADLINE_MS/);
    });
  });

  describe('an API server that trickles its answer one byte every 200 ms', () => {
    it('should end each attempt of connect at S365_HTTP_DEADLINE_MS and fail with API_UNREACHABLE (exit 5)', async () => {
      const server = await startTrickler(200);
      try {
        const configDir = await freshConfigDir();
        const request = JSON.stringify({ protocol: 1, verb: 'connect', params: { secret: 'sk_trickle_secret', apiUrl: server.url } });
        const started = Date.now();
        const raw = await runAgentRaw(['--json', '--config-dir', configDir], request, { S365_HTTP_DEADLINE_MS: '500' });
        const ms = Date.now() - started;
        expect(raw.exitCode, raw.stdout).to.equal(5);
        const result = onlyResult(raw.stdout);
        expect(result.error.code).to.equal('API_UNREACHABLE');
        expect(result.error.details).to.include({ code: 'ETIMEDOUT', attempts: 6 });
        expect(server.requests()).to.equal(6);
        // 6 attempts of 0.5 s and at most 15.5 s of backoff (0.5+1+2+4+8 s); without the deadline one attempt takes ~10 s.
        expect(ms).to.be.below(22_000);
        expect(existsSync(path.join(configDir, 'secrets.json'))).to.equal(false);
      } finally {
        await server.close();
      }
    });
  });

  describe('a stdin larger than the request limit', () => {
    it('should stop reading at the limit and answer BAD_REQUEST with exit 2 before the writer is done', async () => {
      const run = await floodStdin(['--json', '--config-dir', await freshConfigDir()], 51 * MIB);
      expect(run.exitCode).to.equal(2);
      const result = onlyResult(run.stdout);
      expect(result.error.code).to.equal('BAD_REQUEST');
      expect(result.error.message).to.match(/larger than 1048576 bytes/);
      // The agent quit reading at 1 MiB: the pipe (64 KiB) and one chunk in flight are all it could have taken more.
      expect(run.writerFinished).to.equal(false);
      expect(run.written).to.be.below(10 * MIB);
    });
  });

  describe('deep nesting', () => {
    it('should answer BAD_REQUEST (not INTERNAL) for 100,000-deep nesting in protocol', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const raw = await runAgentRaw(['--json', '--config-dir', await freshConfigDir()], `{"protocol":${deep},"verb":"version"}`);
      expect(raw.exitCode, raw.stderr).to.equal(2);
      const result = onlyResult(raw.stdout);
      expect(result.error.code).to.equal('BAD_REQUEST');
      expect(result.error.message).to.match(/nested deeper than 64/);
    });

    it('should accept nesting up to the limit', async () => {
      const deep = '['.repeat(60) + ']'.repeat(60);
      const raw = await runAgentRaw(['--json', '--config-dir', await freshConfigDir()], `{"protocol":1,"verb":"set-scope","params":{"groups":${deep}}}`);
      expect(raw.exitCode).to.equal(2);
      expect(onlyResult(raw.stdout).error.message).to.match(/'groups' must be an array of strings/);
    });
  });

  describe('huge values echoed back', () => {
    const cases: [string, (configDir: string) => string][] = [
      ['a 900 KB protocol string', () => JSON.stringify({ protocol: 'p'.repeat(900_000), verb: 'version' })],
      ['a 100,000-character verb name', () => JSON.stringify({ protocol: 1, verb: 'v'.repeat(100_000) })],
      ['a 100,000-character param name', () => JSON.stringify({ protocol: 1, verb: 'status', params: { ['n'.repeat(100_000)]: 1 } })],
      ['a 100,000-character request field', () => JSON.stringify({ protocol: 1, verb: 'status', ['f'.repeat(100_000)]: 1 })],
      ['a 100,000-character choice', () => JSON.stringify({ protocol: 1, verb: 'sync', params: { mode: 'm'.repeat(100_000) } })],
    ];
    for (const [what, request] of cases) {
      it(`should quote ${what} cut short in the result and the log`, async () => {
        const configDir = await freshConfigDir();
        const raw = await runAgentRaw(['--json', '--config-dir', configDir], request(configDir));
        expect(raw.exitCode).to.equal(2);
        expect(raw.stdout.length).to.be.below(2_000);
        expect(onlyResult(raw.stdout).error.message).to.match(/\(\d+ more characters\)/);
        const log = path.join(configDir, 'logs', 'agent.log');
        const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
        for (const line of lines) expect(line.length).to.be.below(2_000);
        expect(raw.stderr.length).to.be.below(2_000);
      });
    }

    it('should quote a 100,000-character unknown flag cut short in flag mode', async () => {
      const raw = await runAgentRaw([`--${'x'.repeat(100_000)}`, 'status'], '');
      expect(raw.exitCode).to.equal(2);
      expect(raw.stderr.length).to.be.below(2_000);
    });
  });

  describe('global flags without a value', () => {
    const cases: [string, string[]][] = [
      ['--json --config-dir at the end', ['--json', '--config-dir']],
      ['--json --config-dir followed by a flag', ['--json', '--config-dir', '--verbose']],
      ['--json --config-dir= (empty)', ['--json', '--config-dir=']],
      ['--config-dir at the end in flag mode', ['get-config', '--output', 'json', '--config-dir']],
      ['--config-dir followed by a flag in flag mode', ['get-config', '--config-dir', '--output', 'json']],
      ['--output at the end in flag mode', ['version', '--output']],
      ['--output followed by a flag in flag mode', ['version', '--output', '--verbose']],
    ];
    for (const [what, args] of cases) {
      it(`should refuse ${what} with BAD_REQUEST, exit 2, and create no directory`, async () => {
        const cwd = await mkdtemp(path.join(os.tmpdir(), 's365-cwd-'));
        const defaultDir = await freshConfigDir();
        const raw = await runAgentRaw(args, '{"protocol":1,"verb":"get-config"}', { S365_CONFIG_DIR: defaultDir }, { cwd });
        expect(raw.exitCode, raw.stdout + raw.stderr).to.equal(2);
        expect(raw.stdout + raw.stderr).to.match(/BAD_REQUEST/);
        expect(raw.stdout + raw.stderr).to.match(/--(config-dir|output) needs a value/);
        expect(existsSync(path.join(cwd, '--verbose'))).to.equal(false);
        expect(existsSync(path.join(cwd, '--output'))).to.equal(false);
        expect(existsSync(path.join(defaultDir, 'logs'))).to.equal(false);
      });
    }

    it('should still take --config-dir=DIR and --config-dir DIR', async () => {
      for (const args of [(dir: string) => ['--json', `--config-dir=${dir}`], (dir: string) => ['--json', '--config-dir', dir, '--verbose']]) {
        const dir = await freshConfigDir();
        const raw = await runAgentRaw(args(dir), '{"protocol":1,"verb":"get-config"}');
        expect(raw.exitCode, raw.stdout).to.equal(0);
        expect(onlyResult(raw.stdout).data.configDir).to.equal(dir);
      }
    });
  });
});
