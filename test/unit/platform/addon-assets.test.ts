import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareRuntime, pruneRuntimeFolders, restrictArgs, restrictFolder, runtimeFolder, sha256, type PruneResult } from '../../../src/platform/windows/addon-assets.js';
import { ConfigCorruptError } from '../../../src/protocol/errors.js';
import { fixtureAssets } from './helpers/assets-fixture.js';

const CONTENDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'assets-contender.js');
const noAcl = { restrict: () => {} };

function contender(configDir: string, startAt: number): Promise<{ ok: boolean; written?: number; code?: string; message?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTENDER, configDir, String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`contender exited ${code}: ${stdout}`))));
  });
}

describe('the Windows bridge\'s runtime folder (addon-assets)', () => {
  let configDir: string;
  beforeEach(() => {
    configDir = mkdtempSync(path.join(tmpdir(), 's365-assets-'));
  });
  afterEach(() => rmSync(configDir, { recursive: true, force: true }));

  describe('#prepareRuntime()', () => {
    it('should write every file of the manifest on first use into <configDir>/runtime/<version>-<id>, 0700, and answer where edge-js and the assembly are', () => {
      const source = fixtureAssets();
      const prepared = prepareRuntime(configDir, source, noAcl);
      expect(prepared.dir).to.equal(path.join(configDir, 'runtime', `9.8.7-${source.manifest.id}`));
      expect(prepared.edgeJsDir).to.equal(path.join(prepared.dir, 'edge-js'));
      expect(prepared.assemblyDir).to.equal(path.join(prepared.dir, 'net472'));
      expect(prepared.written).to.have.members([...source.contents.keys()]);
      for (const [name, data] of source.contents) expect(sha256(readFileSync(path.join(prepared.dir, name))), name).to.equal(sha256(data));
      if (process.platform !== 'win32') expect(statSync(prepared.dir).mode & 0o777).to.equal(0o700);
      // Nothing but the folder: the temporary one was renamed into place.
      expect(readdirSync(path.join(configDir, 'runtime'))).to.deep.equal([path.basename(prepared.dir)]);
    });

    it('should write nothing on later uses, and still check every file', () => {
      const source = fixtureAssets();
      prepareRuntime(configDir, source, noAcl);
      expect(prepareRuntime(configDir, source, noAcl).written).to.deep.equal([]);
    });

    it('should restrict the folder before any file is in it, and never the final folder afterwards', () => {
      const seen: { dir: string; files: string[] }[] = [];
      const prepared = prepareRuntime(configDir, fixtureAssets(), { restrict: (dir) => seen.push({ dir, files: readdirSync(dir) }) });
      expect(seen).to.have.length(1);
      expect(seen[0]!.files).to.deep.equal([]);
      expect(path.dirname(seen[0]!.dir)).to.equal(path.dirname(prepared.dir));
      expect(seen[0]!.dir).not.to.equal(prepared.dir);
      prepareRuntime(configDir, fixtureAssets(), { restrict: (dir) => seen.push({ dir, files: [] }) });
      expect(seen).to.have.length(1);
    });

    it('should refuse a changed file with CONFIG_CORRUPT naming it, and load nothing', () => {
      const source = fixtureAssets();
      const { dir } = prepareRuntime(configDir, source, noAcl);
      const dll = path.join(dir, 'net472', 'S365.Windows.dll');
      appendFileSync(dll, 'x');
      const refused = (() => {
        try {
          prepareRuntime(configDir, source, noAcl);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refused).to.be.instanceOf(ConfigCorruptError);
      expect((refused as ConfigCorruptError).code).to.equal('CONFIG_CORRUPT');
      expect((refused as ConfigCorruptError).details).to.deep.equal({ file: dll });
      expect((refused as Error).message).to.contain('is not the one this build of the agent wrote');
      // A change of the same size is refused too (the sha256, not the size, decides).
      writeFileSync(dll, Buffer.alloc(source.contents.get('net472/S365.Windows.dll')!.length));
      expect(() => prepareRuntime(configDir, source, noAcl)).to.throw(ConfigCorruptError);
    });

    it('should refuse a file the manifest does not name (a DLL planted beside the addon)', () => {
      const source = fixtureAssets();
      const { dir } = prepareRuntime(configDir, source, noAcl);
      const planted = path.join(dir, 'edge-js', 'lib', 'native', 'win32', 'x64', '22', 'mscoree.dll');
      writeFileSync(planted, 'MZ');
      expect(() => prepareRuntime(configDir, source, noAcl)).to.throw(ConfigCorruptError, 'which this build of the agent did not write')
        .with.property('details').that.deep.equals({ file: planted });
    });

    it('should write a missing file again, from the executable\'s copy', () => {
      const source = fixtureAssets();
      const { dir } = prepareRuntime(configDir, source, noAcl);
      const dll = path.join(dir, 'edge-js', 'lib', 'native', 'win32', 'x64', '22', 'vcruntime140.dll');
      unlinkSync(dll);
      expect(prepareRuntime(configDir, source, noAcl).written).to.deep.equal(['edge-js/lib/native/win32/x64/22/vcruntime140.dll']);
      expect(sha256(readFileSync(dll))).to.equal(source.manifest.files.find((f) => f.name.endsWith('vcruntime140.dll'))!.sha256);
    });

    it('should refuse to write an embedded file that does not match the manifest, and leave no folder', () => {
      const source = fixtureAssets();
      const bad = { ...source, read: (name: string) => (name.endsWith('.dll') ? Buffer.from('other') : source.read(name)) };
      expect(() => prepareRuntime(configDir, bad, noAcl)).to.throw('does not match the manifest');
      expect(existsSync(runtimeFolder(configDir, source.manifest))).to.equal(false);
      expect(readdirSync(path.join(configDir, 'runtime'))).to.deep.equal([]);
    });

    it('should let a second agent that arrives while the first is writing see no half-written folder, and both succeed', () => {
      const source = fixtureAssets();
      const dir = runtimeFolder(configDir, source.manifest);
      let reads = 0;
      let seen: { existed: boolean; written: string[] } | undefined;
      const first = {
        ...source,
        read: (name: string) => {
          // Half way through the first agent's writes, the second one starts and runs to the end.
          if (++reads === 3) seen = { existed: existsSync(dir), written: prepareRuntime(configDir, source, noAcl).written };
          return source.read(name);
        },
      };
      const prepared = prepareRuntime(configDir, first, noAcl);
      expect(seen, 'the second agent ran').to.deep.equal({ existed: false, written: [...source.contents.keys()] });
      // The first agent's rename lost to the second's: it used the second's folder and removed its own.
      expect(prepared.written).to.deep.equal([]);
      expect(readdirSync(path.join(configDir, 'runtime'))).to.deep.equal([path.basename(dir)]);
      for (const file of source.manifest.files) expect(sha256(readFileSync(path.join(dir, file.name))), file.name).to.equal(file.sha256);
    });

    it('should give every one of several agents starting at once the same complete folder (temporary folder and files, then rename)', async function () {
      this.timeout(60_000);
      // Together, and a little apart, so that some arrive while the first is still writing.
      const startAt = Date.now() + 1500;
      const answers = await Promise.all([0, 0, 10, 25, 50, 100].map((delay) => contender(configDir, startAt + delay)));
      expect(answers.every((answer) => answer.ok), JSON.stringify(answers)).to.equal(true);
      const source = fixtureAssets(true);
      const dir = runtimeFolder(configDir, source.manifest);
      expect(readdirSync(path.join(configDir, 'runtime'))).to.deep.equal([path.basename(dir)]);
      for (const file of source.manifest.files) expect(sha256(readFileSync(path.join(dir, file.name))), file.name).to.equal(file.sha256);
      expect(answers.filter((answer) => answer.written === source.manifest.files.length).length, 'one agent wrote the folder').to.be.at.least(1);
      console.log(`      (${answers.map((answer) => answer.written).join(', ')} files written by each agent)`);
    });
  });

  describe('pruning the other builds\' folders (#prepareRuntime(), pruneRuntimeFolders())', () => {
    const OLD_BUILD = '9.8.6-0123456789abcdef';
    const HOUR = 60 * 60 * 1000;

    /** runtime/ as an upgrade and a crash leave it, beside what is not the agent's. */
    function leftovers(): { root: string; now: number } {
      const root = path.join(configDir, 'runtime');
      const now = Date.now();
      const make = (name: string, ageMs = 0): void => {
        mkdirSync(path.join(root, name, 'edge-js'), { recursive: true });
        writeFileSync(path.join(root, name, 'edge-js', 'edge.js'), 'old');
        const at = new Date(now - ageMs);
        utimesSync(path.join(root, name), at, at);
      };
      make(OLD_BUILD);
      make('0.1.0-dev.3+abc-fedcba9876543210');
      make(`.9.8.7-${'a'.repeat(16)}.tmp-4242-0badf00d`, 2 * HOUR); // a crashed first use
      make(`.9.8.7-${'b'.repeat(16)}.tmp-4343-1badf00d`, HOUR / 2); // maybe another agent filling it now
      make('backup-of-runtime'); // not the agent's name
      make('9.8.6-0123'); // not a build's name either (the id is 16 hex digits)
      writeFileSync(path.join(root, '9.8.5-0123456789abcdef'), 'a file, not a folder');
      symlinkSync(path.join(root, OLD_BUILD), path.join(root, '9.8.4-0123456789abcdef'));
      return { root, now };
    }

    it('should remove the other builds\' folders and crashed temporary ones older than an hour, once the current one is checked, and nothing else', () => {
      const { root, now } = leftovers();
      const pruned: PruneResult[] = [];
      const source = fixtureAssets();
      const prepared = prepareRuntime(configDir, source, { ...noAcl, now, onPrune: (result) => pruned.push(result) });
      const current = path.basename(prepared.dir);
      expect(pruned).to.have.length(1);
      expect(pruned[0]!.removed.sort()).to.deep.equal(['.9.8.7-' + 'a'.repeat(16) + '.tmp-4242-0badf00d', '0.1.0-dev.3+abc-fedcba9876543210', OLD_BUILD].sort());
      expect(pruned[0]!.failed).to.deep.equal([]);
      expect(readdirSync(root).sort()).to.deep.equal(
        [current, `.9.8.7-${'b'.repeat(16)}.tmp-4343-1badf00d`, 'backup-of-runtime', '9.8.6-0123', '9.8.5-0123456789abcdef', '9.8.4-0123456789abcdef'].sort(),
      );
      // The current folder is whole, and a second load prunes nothing (no report).
      for (const file of source.manifest.files) expect(sha256(readFileSync(path.join(prepared.dir, file.name))), file.name).to.equal(file.sha256);
      prepareRuntime(configDir, source, { ...noAcl, now, onPrune: (result) => pruned.push(result) });
      expect(pruned).to.have.length(1);
    });

    it('should prune nothing when the current folder is refused (a changed file): nothing is known good', () => {
      const { root, now } = leftovers();
      const source = fixtureAssets();
      const { dir } = prepareRuntime(configDir, source, { ...noAcl, now: 0 }); // now 0: no temporary folder counts as old
      mkdirSync(path.join(root, OLD_BUILD), { recursive: true });
      appendFileSync(path.join(dir, 'net472', 'S365.Windows.dll'), 'x');
      expect(() => prepareRuntime(configDir, source, { ...noAcl, now })).to.throw(ConfigCorruptError);
      expect(readdirSync(root)).to.include(OLD_BUILD);
    });

    it('should report a folder it cannot remove, remove the others and go on (not fatal)', function () {
      if (process.platform === 'win32') this.skip();
      const { root, now } = leftovers();
      const locked = path.join(root, OLD_BUILD, 'edge-js', 'edge.js');
      // A file that cannot be unlinked, as an older agent's loaded DLL on Windows: immutable for root, a read-only folder otherwise.
      const asRoot = process.getuid?.() === 0;
      const lock = asRoot ? spawnSync('chattr', ['+i', locked]) : (chmodSync(path.dirname(locked), 0o500), { status: 0 });
      if (lock.status !== 0) this.skip();
      try {
        const result = pruneRuntimeFolders(configDir, 'none', now);
        expect(result.failed.map((f) => f.name)).to.deep.equal([OLD_BUILD]);
        expect(result.failed[0]!.reason).to.be.a('string').and.not.empty;
        expect(result.removed).to.include('0.1.0-dev.3+abc-fedcba9876543210');
        expect(readdirSync(root)).to.not.include('0.1.0-dev.3+abc-fedcba9876543210');
      } finally {
        if (asRoot) spawnSync('chattr', ['-i', locked]);
        else chmodSync(path.dirname(locked), 0o700);
      }
    });

    it('should not fail when runtime/ cannot be listed', () => {
      writeFileSync(path.join(configDir, 'runtime'), 'a file');
      expect(pruneRuntimeFolders(configDir, 'none').failed.map((f) => f.name)).to.deep.equal(['.']);
    });
  });

  describe('#restrictArgs()', () => {
    it('should give icacls SYSTEM and Administrators full control and each admitted SID modify rights, by SID, inheritance removed', () => {
      expect(restrictArgs('C:\\cfg\\runtime\\x')).to.deep.equal(['C:\\cfg\\runtime\\x', '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '/Q']);
      expect(restrictArgs('D:\\r', ['S-1-5-21-1-2-3-1105'])).to.deep.equal(['D:\\r', '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-21-1-2-3-1105:(OI)(CI)M', '/Q']);
    });
  });

  describe('#restrictFolder()', () => {
    // Windows only, present and skipped here by name: NTFS ACLs and icacls are Windows' (Wine's
    // icacls.exe is a stub that changes nothing).
    it('[Windows only: NTFS ACLs, icacls] should leave the folder to SYSTEM and Administrators, inherited by what is made inside, nothing inherited from above', function () {
      if (process.platform !== 'win32') this.skip();
      restrictFolder(configDir);
      const sids = spawnSync('powershell.exe', ['-NoProfile', '-Command',
        `(Get-Acl -LiteralPath '${configDir}').Access | ForEach-Object { $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value + ' ' + $_.IsInherited + ' ' + $_.InheritanceFlags }`], { encoding: 'utf8' });
      expect(sids.stdout.trim().split(/\r?\n/).sort()).to.deep.equal(['S-1-5-18 False ContainerInherit, ObjectInherit', 'S-1-5-32-544 False ContainerInherit, ObjectInherit']);
    });

    it('[Windows only: NTFS ACLs, icacls] should admit the service account\'s SID with modify rights beside them', function () {
      if (process.platform !== 'win32') this.skip();
      // The SID of the account running the test stands in for the gMSA (any account SID will do).
      const self = spawnSync('powershell.exe', ['-NoProfile', '-Command', '[System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value'], { encoding: 'utf8' }).stdout.trim();
      restrictFolder(configDir, [self]);
      const rules = spawnSync('powershell.exe', ['-NoProfile', '-Command',
        `(Get-Acl -LiteralPath '${configDir}').Access | ForEach-Object { $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value + ' ' + $_.FileSystemRights }`], { encoding: 'utf8' });
      expect(rules.stdout).to.match(new RegExp(`${self} Modify`));
    });
  });
});
