// Timing helpers of the benchmark: medians, wall clocks, child processes with their peak RSS.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs `fn` `times` times (sequentially); returns the list of what each run returned. */
export async function repeat(times, fn) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await fn(i));
  return runs;
}

/**
 * Runs a command to its end under GNU `time -v` (for the peak RSS), with optional stdin text and
 * a callback per stdout line (with its arrival time) or stdout to a file. Resolves {code, ms, stdout, stderr, peakRssKb}.
 */
export function run(command, args, { stdin, env, onLine, timeFile, stdoutFile } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const argv = timeFile ? ['-v', '-o', timeFile, command, ...args] : args;
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'pipe';
    const child = spawn(timeFile ? '/usr/bin/time' : command, argv, { env: { ...process.env, ...env }, stdio: ['pipe', out, 'pipe'] });
    if (stdoutFile) closeSync(out);
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (!onLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      const at = Date.now();
      for (const line of lines) onLine(line, at);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let peakRssKb;
      if (timeFile) {
        const text = readFileSync(timeFile, 'utf8');
        peakRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]);
        rmSync(timeFile, { force: true });
      }
      resolve({ code, ms, stdout, stderr, peakRssKb });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** Throws with the command's stderr when it failed. */
export function check(result, what) {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${result.stderr.slice(-2000)}${result.stdout.slice(-1000)}`);
  return result;
}

/** A password file for OpenLDAP's `-y` (mode 0600): `-y /dev/stdin` fails on node's stdin socket. */
export function passwordFile(file, password) {
  writeFileSync(file, password, { mode: 0o600 });
  return file;
}
