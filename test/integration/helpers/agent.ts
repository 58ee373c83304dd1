import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FailureResult, ProgressEvent, SuccessResult } from '../../../src/protocol/messages.js';
import { REPO_ROOT } from './test-dc.js';

/** The built agent, run as a black box: the real `dist/cli.js` in a child process. */
export const AGENT_SCRIPT = path.join(REPO_ROOT, 'dist/cli.js');

export interface AgentRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Every stdout line parsed as JSON (throws if any line is not JSON). */
  lines: unknown[];
  progress: ProgressEvent[];
  result: SuccessResult<any> | FailureResult;
}

/** Runs `node dist/cli.js <args>` with `input` on stdin (in `options.cwd` when given). */
export function runAgentRaw(
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv = {},
  options: { cwd?: string } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT_SCRIPT, ...args], {
      env: { ...process.env, S365_CONFIG_DIR: '', ...env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * Runs one JSON-protocol request and hands each NDJSON line to `onLine` as it arrives, with the
 * agent's process (to SIGSTOP, SIGKILL or inspect it at a chosen point). Resolves when the agent exits.
 */
export function runAgentStreaming(
  configDir: string,
  verb: string,
  params: Record<string, unknown> | undefined,
  onLine: (line: { type: string; phase?: string; done?: number; [field: string]: unknown }, agent: ChildProcess) => void,
): Promise<{ exitCode: number; signal: NodeJS.Signals | null; result: any; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AGENT_SCRIPT, '--json', '--config-dir', configDir], { env: { ...process.env, S365_CONFIG_DIR: '' } });
    let buffer = '';
    let stderr = '';
    let result: unknown;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (text === '') continue;
        const line = JSON.parse(text) as { type: string };
        if (line.type === 'result') result = line;
        onLine(line, child);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ exitCode: code ?? -1, signal, result, stderr }));
    child.stdin.end(JSON.stringify({ protocol: 1, verb, ...(params ? { params } : {}) }));
  });
}

/**
 * Whether this progress line of a sync shows a batch of users confirmed by Signature 365: `sent`
 * on a `read` event (a full run sends while it reads), or `done` of `send-users`.
 */
export function usersConfirmed(line: { type: string; phase?: string; done?: number; [field: string]: unknown }): boolean {
  if (line.type !== 'progress') return false;
  if (line.phase === 'read') return typeof line.sent === 'number' && line.sent > 0;
  return line.phase === 'send-users' && (line.done ?? 0) > 0;
}

/** Sends one JSON-protocol request and parses the NDJSON answer. */
export async function runAgent(configDir: string, verb: string, params?: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<AgentRun> {
  const request = JSON.stringify({ protocol: 1, verb, ...(params ? { params } : {}) });
  const raw = await runAgentRaw(['--json', '--config-dir', configDir], request, env);
  const lines = raw.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { type: string });
  const results = lines.filter((line) => line.type === 'result');
  if (results.length !== 1) throw new Error(`expected exactly one result line, got ${results.length}: ${raw.stdout}\n${raw.stderr}`);
  if (lines.at(-1)?.type !== 'result') throw new Error('the result must be the last line');
  return {
    ...raw,
    lines,
    progress: lines.filter((line) => line.type === 'progress') as ProgressEvent[],
    result: results[0] as AgentRun['result'],
  };
}

/** Runs a verb that must succeed and returns its data. */
export async function agentData<T = any>(configDir: string, verb: string, params?: Record<string, unknown>): Promise<T> {
  const run = await runAgent(configDir, verb, params);
  if (!run.result.ok) throw new Error(`${verb} failed (exit ${run.exitCode}): ${JSON.stringify(run.result.error)}\n${run.stderr}`);
  return run.result.data as T;
}

export function freshConfigDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 's365-it-'));
}

/** A config directory (a fresh one unless given), connected to the emulator, pointed at the test DC, with a scope. */
export async function configuredAgent(
  emulator: { url: string; tenant: { secret: string } },
  dc: { ldapsUrl: string; bindDn: string; bindPassword: string; caFile: string },
  options: { scope?: Record<string, unknown>; directory?: Record<string, unknown>; configDir?: string } = {},
): Promise<string> {
  const configDir = options.configDir ?? (await freshConfigDir());
  await agentData(configDir, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
  await agentData(configDir, 'set-directory', {
    // A directory found by DNS (domain) takes no server list.
    ...(options.directory?.domain === undefined ? { servers: [dc.ldapsUrl] } : {}),
    bindDn: dc.bindDn,
    bindPassword: dc.bindPassword,
    caFile: dc.caFile,
    ...options.directory,
  });
  await agentData(configDir, 'set-scope', options.scope ?? { all: true });
  return configDir;
}
