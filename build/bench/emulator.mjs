// The Signature 365 API emulator (src/emulator) as the benchmark runs it: its own process, started
// like build/demo.sh does, with a tenant of its own, its state in memory only (`--in-memory`: no
// state file written after every batch, which would make the emulator the bottleneck).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const BENCH_SECRET = 's365-bench-integration-secret-0001';

export async function startEmulator({ repo, workDir }) {
  const tenantFile = path.join(workDir, 'tenant.json');
  writeFileSync(tenantFile, JSON.stringify({ tenantId: '5d0b9c8e-3f4a-4b2c-8e1d-6a7f9b0c1d2e', tenantName: 'Contoso (bench)', secret: BENCH_SECRET, enabled: true, m365Users: [] }));
  const child = spawn(process.execPath, [path.join(repo, 'dist/emulator/main.js'), '--port', '0', '--tenant-file', tenantFile, '--in-memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const m = /^listening on (\S+)/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${stderr}`)));
  });
  return {
    url,
    secret: BENCH_SECRET,
    /** Forgets every user, group and run: each full sync starts from an empty tenant. */
    reset: () => fetch(`${url}/_emulator/reset`, { method: 'POST' }).then((r) => r.json()),
    state: () => fetch(`${url}/_emulator/state`).then((r) => r.json()),
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
  };
}
