import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const APT = path.join(REPO_ROOT, 'build/apt.sh');

/**
 * Scripts that may call apt-get themselves, and why: the installer itself, and the fresh-machine
 * check, which installs the machine image's own package list into a pristine root (what a new
 * machine already has, not what the project needs) and then installs nothing of the project's.
 */
const APT_CALLERS = new Set(['build/apt.sh', 'build/fresh-check.sh']);

/** Every script the repo tracks that could install something: shell, PowerShell and Node build scripts. */
function trackedScripts(): string[] {
  const files = execFileSync('git', ['ls-files', '-z', '--', '*.sh', '*.ps1', '*.psm1', '*.mjs', '.ci/*'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return files.split('\0').filter((f) => f !== '' && !APT_CALLERS.has(f));
}

function groupsOf(list: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of list.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1]) groups.set(header[1], (current = []));
    else if (line !== '') current?.push(line);
  }
  return groups;
}

describe('build/packages.txt', () => {
  const groups = groupsOf(readFileSync(path.join(REPO_ROOT, 'build/packages.txt'), 'utf8'));

  it('should be the only place a script installs Debian packages from', () => {
    // Any apt-get call but `apt-get update` (which CI runs first), outside comments.
    const offenders = trackedScripts().filter((file) =>
      readFileSync(path.join(REPO_ROOT, file), 'utf8')
        .split('\n')
        .some((line) => !/^\s*(#|\/\/)/.test(line) && /\bapt-get\b|\bapt\s+install\b|\bdpkg\s+-i\b/.test(line) && !/\bapt-get\b.*\bupdate\b/.test(line)),
    );
    expect(offenders, 'scripts that run apt-get install themselves instead of build/apt.sh').to.deep.equal([]);
  });

  it('should name every group that a script asks build/apt.sh to install', () => {
    const asked = new Set<string>();
    for (const file of trackedScripts()) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      for (const m of text.matchAll(/apt\.sh"?\s+install\s+([a-z0-9 -]+)/g)) for (const g of m[1]!.trim().split(/\s+/)) asked.add(g);
    }
    expect([...asked].length, 'no script calls build/apt.sh install').to.be.greaterThan(0);
    expect([...asked].filter((g) => !groups.has(g))).to.deep.equal([]);
  });

  it('should carry the Samba VFS modules the provision needs (it fails without acl_xattr.so)', () => {
    expect(groups.get('test-dc')).to.include('samba-vfs-modules');
  });

  describe('build/apt.sh', () => {
    it('should list a group as the file declares it, once each', () => {
      const out = execFileSync('bash', [APT, 'list', 'pester', 'package'], { encoding: 'utf8' }).trim().split('\n');
      const expected = [...new Set([...(groups.get('pester') ?? []), ...(groups.get('package') ?? [])])];
      expect(out).to.deep.equal(expected);
    });

    it('should refuse a group the file does not declare, with exit code 2', () => {
      let status: number | null = null;
      try {
        execFileSync('bash', [APT, 'list', 'no-such-group'], { stdio: 'pipe' });
      } catch (error) {
        status = (error as { status: number | null }).status;
      }
      expect(status).to.equal(2);
    });
  });
});
