// Tiny harness and helpers for the smoke tests (plain Node, no dependencies, no compile step, and
// deliberately not *.test.ts so the unit suite's mocha never picks them up).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export { assert };
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = path.join(REPO, 'out');
export const LINUX_EXE = path.join(OUT, 'exe', 's365-agent');
export const WIN_EXE = path.join(OUT, 'exe', 's365-agent.exe');
export const NODE_VERSION = 'v22.23.3';
export const PKG = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
export const MODULE_NAME = 'S365ADConnector';
export const ZIP = path.join(OUT, `${MODULE_NAME}-${PKG.version}.zip`);
export const IN_CI = !!process.env.CI;

// ------------------------------------------------------------------ harness

export class Skip extends Error {}
/** Skips the current test, or fails it when CI is set and the reason is a missing prerequisite. */
export function skip(reason, { failInCi = true } = {}) {
  if (IN_CI && failInCi) throw new Error(`${reason} (not skipped because CI is set)`);
  throw new Skip(reason);
}

const tests = [];
let currentGroup = '';
export function group(name, fn) {
  currentGroup = name;
  fn();
  currentGroup = '';
}
export function test(name, fn) {
  tests.push({ name: currentGroup ? `${currentGroup}: ${name}` : name, fn });
}
const cleanups = [];
/** Registers fn to run after all tests (LIFO), even when a test failed. */
export function cleanup(fn) {
  cleanups.push(fn);
}

export async function runAll(filter) {
  let passed = 0, failed = 0, skipped = 0;
  for (const t of tests) {
    if (filter && !filter(t.name)) continue;
    const t0 = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`  ok    ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      if (e instanceof Skip) {
        skipped++;
        console.log(`  skip  ${t.name}: ${e.message}`);
      } else {
        failed++;
        console.log(`  FAIL  ${t.name} (${Date.now() - t0} ms)`);
        console.log(String(e?.stack ?? e).split('\n').map((l) => `        ${l}`).join('\n'));
      }
    }
  }
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      console.log(`  (cleanup failed: ${e?.message ?? e})`);
    }
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed === 0 ? 0 : 1;
}

// ------------------------------------------------------------------ processes

/** A fresh temp dir, removed after the run. */
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), `s365-smoke-${prefix}-`));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a command to completion; stdin is a string (given through a file, never a pipe, so it also
 * works under Wine 8, which breaks on pipes), stdout/stderr are collected through files as well.
 * Returns {code, signal, stdout, stderr}.
 */
export function run(cmd, args, { input = '', env = process.env, cwd = REPO, timeoutMs = 120_000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 's365-smoke-io-'));
  try {
    const inFile = path.join(dir, 'in.json'), outFile = path.join(dir, 'out.json'), errFile = path.join(dir, 'err.txt');
    writeFileSync(inFile, input);
    const fds = [openSync(inFile, 'r'), openSync(outFile, 'w'), openSync(errFile, 'w')];
    let r;
    try {
      r = spawnSync(cmd, args, { stdio: fds, env, cwd, timeout: timeoutMs });
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    if (r.error) throw r.error;
    return { code: r.status, signal: r.signal, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** NDJSON stdout -> {lines, result}; asserts the last line is the one result. */
export function ndjson(stdout) {
  const lines = stdout.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  assert.ok(lines.length > 0, 'no output on stdout');
  const result = lines[lines.length - 1];
  assert.equal(result.type, 'result', `last line is not a result: ${JSON.stringify(result)}`);
  assert.equal(lines.filter((l) => l.type === 'result').length, 1, 'more than one result line');
  return { lines, result };
}

/** Runs one JSON request through an agent executable: {code, stderr, lines, result}. */
export function agentJson(cmdPrefix, request, { configDir, env, timeoutMs } = {}) {
  const [cmd, ...pre] = cmdPrefix;
  const args = [...pre, '--json', ...(configDir ? ['--config-dir', configDir] : [])];
  const r = run(cmd, args, { input: typeof request === 'string' ? request : JSON.stringify(request), env, timeoutMs });
  let parsed;
  try {
    parsed = ndjson(r.stdout);
  } catch (e) {
    throw new Error(`${e.message}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { ...r, ...parsed };
}

export function requireFile(file, hint) {
  if (!existsSync(file)) throw new Error(`${path.relative(REPO, file)} not found: ${hint}`);
}

/** First executable found on PATH (or given absolute candidates), else null. */
export function which(...names) {
  for (const n of names) {
    if (path.isAbsolute(n)) {
      if (existsSync(n)) return n;
      continue;
    }
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      if (dir && existsSync(path.join(dir, n))) return path.join(dir, n);
    }
  }
  return null;
}

/** sha256 of a file, hex. */
export const sha256File = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under dir as a Map of its '/'-separated relative path -> sha256, sorted by path. */
export function fileDigests(dir) {
  const out = new Map();
  const walk = (abs, prefix) => {
    for (const name of readdirSync(abs).sort()) {
      const p = path.join(abs, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out.set(`${prefix}${name}`, sha256File(p));
    }
  };
  walk(dir, '');
  return out;
}

/** Unzips a module zip into a fresh temp folder; returns its module folder. */
export function unzipPackage(zipFile) {
  const unzip = which('unzip');
  if (!unzip) skip('unzip not installed (build/package/setup.sh)');
  const dir = tempDir('bundle');
  const r = run(unzip, ['-q', zipFile, '-d', dir]);
  assert.equal(r.code, 0, r.stderr);
  return path.join(dir, MODULE_NAME);
}

let unzipped = null;
/** Unzips out/S365ADConnector-<version>.zip once (npm run package); returns its module folder. */
export function unzipModule() {
  if (unzipped) return unzipped;
  if (!existsSync(ZIP)) throw new Error(`${path.relative(process.cwd(), ZIP)} not found: run npm run package`);
  unzipped = unzipPackage(ZIP);
  return unzipped;
}

/** Where the MSI installs the module, from its root directory (msiextract drops ProgramFiles64Folder). */
export const MSI_INSTALL_PATH = ['ProgramFiles64Folder', 'WindowsPowerShell', 'Modules', MODULE_NAME];

/** Extracts an MSI's files with msiextract into a fresh temp folder; returns the folder holding the module. */
export function extractMsiFiles(msiFile) {
  const msiextract = which('msiextract');
  if (!msiextract) skip('msiextract not installed (build/package/setup.sh: the [msi] group)');
  const dir = tempDir('msi-extract');
  const r = run(msiextract, ['-C', dir, msiFile], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  return path.join(dir, ...MSI_INSTALL_PATH.slice(1));
}

// ------------------------------------------------------------------ Wine

export const WINE = which('wine64', '/usr/lib/wine/wine64', 'wine');
export const WINESERVER = which('wineserver', '/usr/lib/wine/wineserver64', '/usr/lib/wine/wineserver');

/** A clean environment for Wine in prefix: nothing of ours leaks in (NODE_OPTIONS, NODE_SKIP_PLATFORM_CHECK...). */
export function wineEnv(prefix, extra = {}) {
  return {
    PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? '/tmp',
    WINEPREFIX: prefix, WINEARCH: 'win64', WINEDEBUG: '-all',
    // No Mono/Gecko install prompts, no display needed.
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    ...extra,
  };
}

/** Creates the Wine prefix if it has no registry yet (wineboot -i, ~10 s), and stops its wineserver after the run. */
export function bootWinePrefix(prefix) {
  if (!WINE) skip('wine64 not installed (build/package/setup.sh)');
  if (!existsSync(path.join(prefix, 'system.reg'))) {
    mkdirSync(path.dirname(prefix), { recursive: true });
    const r = run(WINE, ['wineboot', '-i'], { env: wineEnv(prefix), timeoutMs: 300_000 });
    // The registry files are written when the wineserver exits.
    if (WINESERVER) run(WINESERVER, ['-w'], { env: wineEnv(prefix), timeoutMs: 120_000 });
    if (!existsSync(path.join(prefix, 'system.reg'))) throw new Error(`wineboot -i failed (exit ${r.code}): ${r.stderr}`);
  }
  cleanup(() => {
    if (WINESERVER) run(WINESERVER, ['-k'], { env: wineEnv(prefix), timeoutMs: 30_000 });
  });
}

/** A Linux path as Wine sees it through its Z: drive. */
export const zPath = (p) => `Z:${p.replaceAll('/', '\\')}`;

// ------------------------------------------------------------------ services

/** Starts the API emulator (dist/emulator/main.js) on a free loopback port: {url, tenant, stop()}. */
export async function startEmulator({ tls } = {}) {
  const main = path.join(REPO, 'dist', 'emulator', 'main.js');
  if (!existsSync(main)) skip('dist/emulator/main.js not built yet (npm run build)', { failInCi: true });
  const dir = tempDir('emulator');
  const tenantFile = path.join(dir, 'tenant.json');
  copyFileSync(path.join(REPO, 'test', 'fixtures', 'demo-tenant.json'), tenantFile);
  const tenant = JSON.parse(readFileSync(tenantFile, 'utf8'));
  const child = spawn(process.execPath, [main, '--port', '0', '--host', '127.0.0.1', '--tenant-file', tenantFile,
    '--state-file', path.join(dir, 'state.json'), ...(tls ? ['--tls-key', tls.keyFile, '--tls-cert', tls.certFile] : [])],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 15 s: ${stderr}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code}) before listening: ${stderr}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  cleanup(stop);
  return { url, tenant, stop, state: async () => (await fetch(`${url}/_emulator/state`)).json() };
}

/**
 * A forward proxy on 127.0.0.1 that only tunnels (CONNECT) and records each request line; `resolve`
 * maps the names only it knows to addresses, so a target reachable through it alone proves it was used.
 */
export async function startConnectProxy(resolve = (host) => host) {
  const seen = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(405).end('this proxy only tunnels');
  });
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), resolve(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).on('error', () => {});
      client.pipe(upstream).on('error', () => {});
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const stop = () => new Promise((done) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => done());
  });
  cleanup(stop);
  return { port: server.address().port, seen, stop };
}

/** The Samba test DC's env file as an object, or null when it is missing. */
export function testDcEnv() {
  const file = process.env.S365_TEST_DC_ENV ?? path.join(REPO, '.run', 'test-dc', 'env');
  if (!existsSync(file)) return null;
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\w+)='(.*)'$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}
