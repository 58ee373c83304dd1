#!/usr/bin/env node
// Measures scope resolution and a full sync against the Samba test DC (build/test-dc.sh) and the
// in-process API emulator, with the built agent (npm run build first):
//
//   node build/bench-scope.mjs [--group 'Bulk 5000'] [--runs 5]
//
// 1. Resolving the members of one group (default the fixture's 5,000-member "Bulk 5000"), by
//    in-chain and by the walk (rangeStep 1500 and 100): resolve the scope (closure) and read the
//    GUIDs of every transitive member, the way a membership-only read does. Median of --runs.
// 2. A full sync of the whole domain (scope all) by the real CLI into the emulator, and a second
//    one (nothing changed).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const groupName = opt('--group', 'Bulk 5000');
const runs = Number(opt('--runs', '5'));

const env = Object.fromEntries(
  readFileSync(process.env.S365_TEST_DC_ENV ?? path.join(repo, '.run/test-dc/env'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z0-9_]+)='(.*)'$/.exec(line.trim()))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);
const { LdapDirectorySource } = await import(path.join(repo, 'dist/directory/ldap/ldap-directory.js'));
const { resolveScope } = await import(path.join(repo, 'dist/sync/scope.js'));
const { silentLogger } = await import(path.join(repo, 'dist/log/logger.js'));
const { DIRECTORY_DEFAULTS } = await import(path.join(repo, 'dist/config/config.js'));
const { startEmulator } = await import(path.join(repo, 'dist/emulator/server.js'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function resolveOnce(membershipStrategy, rangeStep) {
  const directory = new LdapDirectorySource({
    settings: { ...DIRECTORY_DEFAULTS, servers: [env.S365_TEST_LDAPS_URL], bindDn: env.S365_TEST_BIND_DN, caFile: env.S365_TEST_CA_FILE, membershipStrategy, rangeStep },
    bindPassword: env.S365_TEST_BIND_PASSWORD,
    userAttributes: [],
    logger: silentLogger,
  });
  const server = await directory.connect();
  try {
    const [group] = await directory.findGroups(groupName, server.defaultNamingContext);
    if (!group) throw new Error(`no group ${groupName}`);
    const started = performance.now();
    const scope = await resolveScope(directory, { kind: 'groups', groups: [group] }, server.defaultNamingContext);
    const closed = performance.now();
    let members = 0;
    for await (const page of directory.readUsers(scope, { membershipOnly: true })) members += page.filter((user) => user.inScope).length;
    return { closureMs: closed - started, totalMs: performance.now() - started, members, strategy: scope.membership.strategy };
  } finally {
    await directory.close();
  }
}

console.log(`Resolving the members of '${groupName}' (median of ${runs}; closure = the group and its nested groups, total = closure + every member's GUID):`);
for (const [strategy, step] of [['in-chain', 1500], ['walk', 1500], ['walk', 100]]) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await resolveOnce(strategy, step));
  const members = samples[0].members;
  console.log(
    `  ${strategy.padEnd(8)} rangeStep ${String(step).padStart(4)}: ${members} members, closure ${median(samples.map((s) => s.closureMs)).toFixed(0)} ms, total ${median(samples.map((s) => s.totalMs)).toFixed(0)} ms`,
  );
}

const tenant = JSON.parse(readFileSync(path.join(repo, 'test/fixtures/demo-tenant.json'), 'utf8'));
const emulator = await startEmulator({ tenant, port: 0, stateFile: null });
try {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 's365-bench-'));
  // Async spawn: the emulator runs in this process and must keep answering.
  const agent = (verb, params) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, [path.join(repo, 'dist/cli.js'), '--json', '--config-dir', configDir], { stdio: ['pipe', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.on('error', reject);
      child.on('close', () => {
        const result = JSON.parse(stdout.trim().split('\n').at(-1));
        if (!result.ok) reject(new Error(`${verb}: ${JSON.stringify(result.error)}`));
        else resolve({ data: result.data, ms: performance.now() - started });
      });
      child.stdin.end(JSON.stringify({ protocol: 1, verb, ...(params ? { params } : {}) }));
    });
  await agent('connect', { secret: tenant.secret, apiUrl: emulator.url });
  await agent('set-directory', { servers: [env.S365_TEST_LDAPS_URL], bindDn: env.S365_TEST_BIND_DN, bindPassword: env.S365_TEST_BIND_PASSWORD, caFile: env.S365_TEST_CA_FILE });
  await agent('set-scope', { all: true });
  const first = await agent('sync', { mode: 'full' });
  const c = first.data.counts;
  console.log(`Full sync of the whole domain: ${(first.ms / 1000).toFixed(1)} s wall (${(first.data.durationMs / 1000).toFixed(1)} s in the run): read ${c.read}, sent ${c.added} users and ${c.groupsSent} groups`);
  const second = await agent('sync', { mode: 'full' });
  console.log(`Second full sync, nothing changed: ${(second.ms / 1000).toFixed(1)} s wall, sent ${second.data.counts.added + second.data.counts.updated} users and ${second.data.counts.groupsSent} groups`);
  const delta = await agent('sync');
  console.log(`Delta after it: ${(delta.ms / 1000).toFixed(1)} s wall (${delta.data.mode}), read ${delta.data.counts.read}`);
} finally {
  await emulator.close();
}
