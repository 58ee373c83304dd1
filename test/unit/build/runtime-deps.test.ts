import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

interface LockPackage {
  version?: string;
  dev?: boolean;
}

/**
 * The runtime tree (every package the lock file installs that is not dev-only): what the built
 * executables hold. Read from package-lock.json, which `npm ci` installs exactly.
 */
function runtimePackages(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const out = new Set<string>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev || !entry.version) continue;
    out.add(`${where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`);
  }
  return out;
}

/** The `name@version` entries docs/security.md lists under "Dependencies". */
function documentedPackages(): Set<string> {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs/security.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Dependencies'));
  const end = section.indexOf('\n## ', 3);
  const body = end > 0 ? section.slice(0, end) : section;
  return new Set([...body.matchAll(/`((?:@[\w.-]+\/)?[\w.-]+@\d[\w.+-]*)`/g)].map((match) => match[1]!));
}

describe('docs/security.md lists the runtime dependency tree (npm audit cannot run here)', () => {
  it('names exactly the packages, and versions, the lock file installs for runtime', () => {
    const documented = documentedPackages();
    const installed = runtimePackages();
    expect(installed.size, 'the lock file has runtime packages').to.be.greaterThan(3);
    expect([...documented].sort()).to.deep.equal([...installed].sort());
  });
});
