#!/usr/bin/env node
// The benchmark (docs/bench.md): `npm run bench [-- --users N]`, run by build/bench/bench.sh.
//
//   node build/bench/run.mjs [--users 100000] [--seed bench] [--runs 3] [--exe-runs 10] [--load-only]
//
// Generates the synthetic directory, loads it into the bench DC (cached by the generator's
// parameters), then measures, each figure the median of --runs: the ldapsearch floor, the
// emulator's ingest floor, the agent's full syncs (scope all; scope the big group), a no-change
// delta, a delta after 1% changed, and the executable's start-up. Prints a table, writes JSON.
// --load-only: generate and load the DC of those parameters into the cache, start nothing.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent } from './agent.mjs';
import { changeOnePercent } from './directory-changes.mjs';
import { BENCH_OU, BIG_GROUP_CN, GENERATOR_VERSION, generateDirectory } from './directory-gen.mjs';
import { startEmulator } from './emulator.mjs';
import { exeStartup } from './exe-startup.mjs';
import { ingestBodies, ingestOnce } from './ingest-floor.mjs';
import { ldapsearchOnce } from './ldap-floor.mjs';
import { median, repeat } from './measure.mjs';
import { buildReport, printReport, syncFigure, writeReport } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const benchDir = path.join(repo, '.run/bench');
const BASE_DN = 'DC=corp,DC=contoso,DC=test'; // build/test-dc.sh's domain

const { values } = parseArgs({
  options: { users: { type: 'string', default: '100000' }, seed: { type: 'string', default: 'bench' }, runs: { type: 'string', default: '3' }, 'exe-runs': { type: 'string', default: '10' }, 'load-only': { type: 'boolean', default: false } },
  strict: true,
});
const users = Number(values.users);
const runs = Number(values.runs);
if (!Number.isInteger(users) || users < 100) throw new Error('--users: a whole number, at least 100');

const log = (message) => process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
const startedAt = performance.now();
mkdirSync(benchDir, { recursive: true });

// ------------------------------------------------------------------ the directory and its DC

const generatorSource = readFileSync(path.join(here, 'directory-gen.mjs'));
const key = createHash('sha256').update(JSON.stringify({ GENERATOR_VERSION, users, seed: values.seed })).update(generatorSource).digest('hex').slice(0, 12);
const factsFile = path.join(benchDir, `directory-${key}.json`);
const dcDir = path.join(benchDir, `dc-${key}`);
let directory;
const ldifFile = path.join(benchDir, `directory-${key}.ldif`);
if (!existsSync(path.join(dcDir, '.bench-loaded')) || !existsSync(factsFile)) {
  log(`generating ${users} users (seed ${values.seed}, key ${key})`);
  const t0 = performance.now();
  const generated = generateDirectory({ users, seed: values.seed, baseDn: BASE_DN });
  writeFileSync(ldifFile, generated.chunks.join(''));
  directory = { facts: generated.facts, dns: generated.dns, generateMs: Math.round(performance.now() - t0) };
  writeFileSync(factsFile, JSON.stringify(directory));
} else directory = JSON.parse(readFileSync(factsFile, 'utf8'));

if (values['load-only']) {
  execFileSync('bash', [path.join(here, 'bench-dc.sh'), 'load', key, ldifFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  rmSync(ldifFile, { force: true });
  log(`loaded ${dcDir} in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  process.exit(0);
}
log(`bringing up the bench DC ${dcDir}`);
const dcUpStarted = performance.now();
const envText = execFileSync('bash', [path.join(here, 'bench-dc.sh'), 'up', key, ldifFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const dcUpMs = Math.round(performance.now() - dcUpStarted);
rmSync(ldifFile, { force: true });
const dc = Object.fromEntries(envText.split('\n').map((line) => /^([A-Z0-9_]+)='(.*)'$/.exec(line.trim())).filter(Boolean).map((m) => [m[1], m[2]]));
const load = { key, dcDir, dcUpMs, ...JSON.parse(readFileSync(path.join(dcDir, '.bench-loaded'), 'utf8')), generateMs: directory.generateMs, loadAverage: os.loadavg().map((v) => v.toFixed(1)).join(' ') };

// ------------------------------------------------------------------ the measurements

const workDir = path.join(benchDir, `work-${key}`);
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const emulator = await startEmulator({ repo, workDir });
const searchBase = `${BENCH_OU},${BASE_DN}`;
const setUp = (name, scopeFlags) =>
  Agent.setUp({ repo, configDir: path.join(workDir, name), workDir, apiUrl: emulator.url, secret: emulator.secret, dc, scopeFlags: [...scopeFlags, '--search-bases', searchBase] });
const fullSyncs = async (name, scopeFlags) =>
  repeat(runs, async (i) => {
    await emulator.reset();
    const agent = await setUp(`${name}-${i}`, scopeFlags);
    const result = await agent.sync();
    log(`full sync (${name}) ${i + 1}/${runs}: ${(result.ms / 1000).toFixed(1)} s, ${result.summary.counts.added} added, peak RSS ${Math.round(result.peakRssKb / 1024)} MB`);
    return { agent, result };
  });

try {
  const all = await fullSyncs('all', ['--all']);
  const agent = all[all.length - 1].agent;
  const sent = await emulator.state();
  const bodies = ingestBodies({ users: sent.users, groups: sent.groups });

  const deltaNoChange = await repeat(runs, async (i) => {
    const result = await agent.sync();
    log(`no-change delta ${i + 1}/${runs}: ${(result.ms / 1000).toFixed(2)} s (${result.summary.mode})`);
    return result;
  });
  const token = Date.now().toString(36);
  const deltaOnePercent = await repeat(runs, async (round) => {
    const changed = await changeOnePercent({ dc, dns: directory.dns, round, token, ldifFile: path.join(workDir, 'changes.ldif') });
    const result = await agent.sync();
    log(`1% delta ${round + 1}/${runs}: ${changed.users} users (${changed.photos} photos) changed, sync ${(result.ms / 1000).toFixed(2)} s (${result.summary.mode}, ${result.summary.counts.updated} updated)`);
    return result;
  });

  const ldapsearch = await repeat(runs, async () => ldapsearchOnce({ dc, baseDn: searchBase, scratchFile: path.join(workDir, 'ldapsearch.ldif') }));
  log(`ldapsearch floor: ${ldapsearch.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s (${ldapsearch[0].entries} entries)`);
  const ingest = await repeat(runs, async () => {
    await emulator.reset();
    return ingestOnce({ url: emulator.url, secret: emulator.secret, bodies });
  });
  log(`ingest floor: ${ingest.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`);

  const group = await fullSyncs('group', ['--groups', BIG_GROUP_CN]);

  const exePath = path.join(repo, 'out/exe/s365-agent');
  const exe = existsSync(exePath) ? await exeStartup({ exe: exePath, configDir: agent.configDir, times: Number(values['exe-runs']) }) : undefined;
  if (exe) log(`exe: version ${exe.version.ms.toFixed(0)} ms, status ${exe.status.ms.toFixed(0)} ms`);

  const report = buildReport({
    benchDir,
    users,
    facts: directory.facts,
    load: { ...load, totalMs: Math.round(performance.now() - startedAt) },
    figures: {
      ldapsearch: { ms: Math.round(median(ldapsearch.map((r) => r.ms))), runs: ldapsearch.map((r) => Math.round(r.ms)), entries: ldapsearch[0].entries },
      ingest: { ms: Math.round(median(ingest)), runs: ingest.map(Math.round), users: sent.users.length, groups: sent.groups.length, batches: { users: bodies.users.length, groups: bodies.groups.length } },
      fullAll: syncFigure(all.map((r) => r.result)),
      fullGroup: syncFigure(group.map((r) => r.result)),
      deltaNoChange: syncFigure(deltaNoChange),
      deltaOnePercent: syncFigure(deltaOnePercent),
      exe: exe && { version: { ms: Math.round(exe.version.ms), runs: exe.version.runs.map(Math.round) }, status: { ms: Math.round(exe.status.ms), runs: exe.status.runs.map(Math.round) } },
    },
  });
  printReport(report);
  log(`wrote ${writeReport(benchDir, report)}; whole run ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
} finally {
  await emulator.stop();
}
