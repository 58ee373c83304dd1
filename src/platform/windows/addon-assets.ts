/**
 * The Windows bridge's native and managed files (edge-js's `edge_nativeclr.node` with its import
 * renamed, the VC++ runtime it imports, edge-js's loader, `S365.Windows.dll`) travel inside the
 * Windows executable as SEA assets, with a manifest (name, sha256, size of each) made by the build
 * (build/package/build-exe.mjs). A `.node` file or a DLL cannot be loaded from memory, so on first
 * use they are written to `<configDir>/runtime/<agentVersion>-<manifest id>/`, and every load checks
 * that folder against the manifest first: a changed file, or a file the manifest does not name (a
 * planted `mscoree.dll` beside the addon would be loaded before the system's), is refused with
 * CONFIG_CORRUPT; a missing file is written again. See docs/windows.md, "The SEA assets".
 *
 * Everything here is synchronous: it runs once, inside loadWindowsBridge(), before the CLR starts.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { storageError } from '../../fs/storage-error.js';
import { ConfigCorruptError } from '../../protocol/errors.js';

/** The SEA asset holding the manifest; every file is the asset `runtime/<name>`. */
export const MANIFEST_ASSET = 'runtime-manifest.json';
export const FILE_ASSET_PREFIX = 'runtime/';
/** The folder under the config dir that holds one subfolder per build. */
export const RUNTIME_DIR = 'runtime';

export interface ManifestFile {
  /** '/'-separated path inside the runtime folder, e.g. `edge-js/lib/edge.js`. */
  name: string;
  sha256: string;
  size: number;
}

export interface AssetManifest {
  format: 1;
  /** First 16 hex digits of the sha256 of the file list (names and hashes): names the folder. */
  id: string;
  agentVersion: string;
  /** The route these files are for: `clr` (.NET Framework, edge_nativeclr.node). */
  runtime: 'clr' | 'coreclr';
  /** The edge-js package folder and the S365.Windows.dll folder, relative to the runtime folder. */
  edgeJsDir: string;
  assemblyDir: string;
  files: ManifestFile[];
}

/** Where the files come from: the executable's assets, or (tests) anything with the same shape. */
export interface AssetSource {
  manifest: AssetManifest;
  read(name: string): Buffer;
}

export interface PreparedRuntime {
  dir: string;
  edgeJsDir: string;
  assemblyDir: string;
  runtime: 'clr' | 'coreclr';
  /** Files this call wrote (all of them on first use, the missing ones after). */
  written: string[];
}

export interface PrepareOptions {
  /** Restricts a new folder's ACL before anything is written into it. Default: restrictFolder() with `admit`. */
  restrict?: (dir: string) => void;
  /** SIDs the folder admits beside SYSTEM and Administrators (the task's service account, config.json). */
  admit?: readonly string[];
  /** Told what pruning the other builds' folders removed and could not (pruneRuntimeFolders); never throws. */
  onPrune?: (result: PruneResult) => void;
  /** The time pruning compares temporary folders' ages with (tests). Default: now. */
  now?: number;
}

/** What pruneRuntimeFolders() did: the names under `runtime/` it removed, and those it could not, with why. */
export interface PruneResult {
  removed: string[];
  failed: { name: string; reason: string }[];
}

/** The assets embedded in this executable, or undefined outside a SEA or in one without them (Linux). */
export function embeddedAssets(): AssetSource | undefined {
  let sea: typeof import('node:sea');
  try {
    // A builtin; required lazily so that nothing but this function depends on it.
    sea = process.getBuiltinModule('node:sea') as typeof import('node:sea');
  } catch {
    return undefined;
  }
  if (!sea?.isSea()) return undefined;
  let manifest: AssetManifest;
  try {
    manifest = JSON.parse(Buffer.from(sea.getAsset(MANIFEST_ASSET)).toString('utf8')) as AssetManifest;
  } catch {
    return undefined;
  }
  return { manifest, read: (name) => Buffer.from(sea.getAsset(`${FILE_ASSET_PREFIX}${name}`)) };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The folder of one build's files: `<configDir>/runtime/<agentVersion>-<id>`. */
export function runtimeFolder(configDir: string, manifest: AssetManifest): string {
  return path.join(configDir, RUNTIME_DIR, `${manifest.agentVersion}-${manifest.id}`);
}

/** Temporary names of this module (a folder being filled, a file being replaced): never loaded, skipped by the check. */
const TEMP = /^\..+\.tmp-\d+-[0-9a-f]{8}$/;
const tempName = (base: string): string => `.${base}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Makes sure the build's files are in their folder under `configDir` and are exactly the manifest's,
 * and returns where edge-js and S365.Windows.dll are. First use fills a temporary folder (ACL
 * restricted first) and renames it into place, so two agents starting at once never see half a
 * folder: the one whose rename loses removes its copy and uses the winner's. Throws
 * ConfigCorruptError naming the file when a file differs from the manifest or is not in it.
 */
export function prepareRuntime(configDir: string, source: AssetSource, options: PrepareOptions = {}): PreparedRuntime {
  const { manifest } = source;
  const restrict = options.restrict ?? ((folder: string) => restrictFolder(folder, options.admit));
  const dir = runtimeFolder(configDir, manifest);
  const written: string[] = [];
  if (!existsSync(dir)) {
    const parent = path.dirname(dir);
    const tmp = path.join(parent, tempName(path.basename(dir)));
    try {
      mkdirSync(parent, { recursive: true, mode: 0o700 });
      mkdirSync(tmp, { mode: 0o700 });
      restrict(tmp);
      for (const file of manifest.files) writeFileChecked(tmp, file, source);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw unwritable(dir, error);
    }
    try {
      renameSync(tmp, dir);
      written.push(...manifest.files.map((file) => file.name));
    } catch (error) {
      // Another agent's rename came first (ENOTEMPTY/EEXIST on POSIX, EPERM on Windows): use its copy.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw unwritable(dir, error);
    }
  }
  const expected = new Map(manifest.files.map((file) => [file.name, file]));
  for (const name of listFiles(dir)) {
    if (!expected.has(name)) {
      throw new ConfigCorruptError(
        path.join(dir, ...name.split('/')),
        `The Windows bridge's folder ${dir} holds ${name}, which this build of the agent did not write: it is refused (a DLL placed beside ` +
          `the addon would be loaded with it). Remove the folder ${dir} as an administrator, find out who wrote the file, and run again: the agent writes it anew.`,
      );
    }
  }
  for (const file of manifest.files) {
    const target = path.join(dir, ...file.name.split('/'));
    if (!existsSync(target)) {
      try {
        writeFileChecked(dir, file, source);
      } catch (error) {
        throw unwritable(dir, error);
      }
      written.push(file.name);
      continue;
    }
    const data = readFileSync(target);
    const actual = sha256(data);
    if (data.length !== file.size || actual !== file.sha256) {
      throw new ConfigCorruptError(
        target,
        `The Windows bridge's file ${target} is not the one this build of the agent wrote (sha256 ${actual}, ${data.length} bytes; the build's manifest says ` +
          `${file.sha256}, ${file.size} bytes): it is not loaded. Remove the folder ${dir} as an administrator, find out who changed the file, and run again: the agent writes it anew.`,
      );
    }
  }
  // Only now, with this build's folder complete and checked: the others are no longer needed here.
  const pruned = pruneRuntimeFolders(configDir, path.basename(dir), options.now);
  if (pruned.removed.length + pruned.failed.length > 0) options.onPrune?.(pruned);
  return {
    dir,
    edgeJsDir: path.join(dir, ...manifest.edgeJsDir.split('/')),
    assemblyDir: path.join(dir, ...manifest.assemblyDir.split('/')),
    runtime: manifest.runtime,
    written,
  };
}

/** A build's folder under `runtime/`: `<agentVersion>-<16 hex digits of the manifest id>`. */
const BUILD_FOLDER = /^\d+\.\d+\.\d+[0-9A-Za-z.+-]*-[0-9a-f]{16}$/;
/** A first use that crashed leaves its temporary folder; one older than this is no one's any more. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes from `<configDir>/runtime/` the folders of other builds than `current` (an upgrade leaves
 * the old one behind) and the temporary folders of first uses older than an hour (a crash midway).
 * Never `current`, never a younger temporary folder (another agent may be filling it), never a name
 * that is not the agent's own (a build's name or a temporary one), never through a link. A folder
 * that cannot be removed (on Windows: an older agent still running has its DLLs loaded) is left and
 * reported; it is tried again at the next first load of a process.
 */
export function pruneRuntimeFolders(configDir: string, current: string, now: number = Date.now()): PruneResult {
  const root = path.join(configDir, RUNTIME_DIR);
  const result: PruneResult = { removed: [], failed: [] };
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    result.failed.push({ name: '.', reason: (error as Error).message });
    return result;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const dir = path.join(root, entry.name);
    try {
      if (TEMP.test(entry.name)) {
        if (now - lstatSync(dir).mtimeMs < STALE_TEMP_MS) continue;
      } else if (!BUILD_FOLDER.test(entry.name)) {
        continue;
      }
      rmSync(dir, { recursive: true });
      result.removed.push(entry.name);
    } catch (error) {
      result.failed.push({ name: entry.name, reason: (error as Error).message });
    }
  }
  return result;
}

/** Writes one file under root through a temporary file and a rename, after checking the asset against the manifest. */
function writeFileChecked(root: string, file: ManifestFile, source: AssetSource): void {
  if (file.name.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new Error(`bad file name in the manifest: ${file.name}`);
  const data = source.read(file.name);
  if (data.length !== file.size || sha256(data) !== file.sha256) throw new Error(`the embedded ${file.name} does not match the manifest`);
  const target = path.join(root, ...file.name.split('/'));
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = path.join(path.dirname(target), tempName(path.basename(target)));
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/** Every file under dir, '/'-separated and relative, skipping this module's temporary names. */
function listFiles(dir: string, prefix = ''): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(path.join(dir, ...prefix.split('/').filter(Boolean)), { withFileTypes: true })) {
    if (TEMP.test(entry.name)) continue;
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) names.push(...listFiles(dir, `${name}/`));
    else names.push(name);
  }
  return names;
}

/** A full, read-only or denied volume as CONFIG_UNWRITABLE (src/fs/storage-error.ts); anything else as it is. */
function unwritable(dir: string, error: unknown): unknown {
  return storageError(error, path.dirname(path.dirname(dir))) ?? error;
}

/** Well-known SIDs: LocalSystem and BUILTIN\Administrators (language-independent, unlike their names). */
const SYSTEM_SID = '*S-1-5-18';
const ADMINISTRATORS_SID = '*S-1-5-32-544';

/**
 * icacls's arguments for the agent's ACL on `dir`: inheritance from above removed, SYSTEM and
 * Administrators full control and each `admit` SID modify rights, all inherited by what is made inside.
 */
export function restrictArgs(dir: string, admit: readonly string[] = []): string[] {
  return [dir, '/inheritance:r', '/grant:r', `${SYSTEM_SID}:(OI)(CI)F`, `${ADMINISTRATORS_SID}:(OI)(CI)F`, ...admit.map((sid) => `*${sid}:(OI)(CI)M`), '/Q'];
}

/**
 * On Windows, gives `dir` an ACL of its own that admits SYSTEM and Administrators only, and the
 * `admit` SIDs (restrictArgs), with icacls. POSIX folders are made 0700 by their creator; nothing
 * more is needed there.
 */
export function restrictFolder(dir: string, admit: readonly string[] = []): void {
  if (process.platform !== 'win32') {
    statSync(dir);
    return;
  }
  const icacls = path.join(process.env.SystemRoot ?? process.env.windir ?? 'C:\\Windows', 'System32', 'icacls.exe');
  const result = spawnSync(icacls, restrictArgs(dir, admit), {
    encoding: 'utf8',
    windowsHide: true,
  });
  if (result.status !== 0) {
    throw new Error(`icacls could not restrict ${dir} to SYSTEM and Administrators (exit ${result.status ?? result.error?.message}): ${(result.stderr || result.stdout).trim()}`);
  }
}

/**
 * Sets the agent's ACL again on every build's folder under `<configDir>/runtime/` (they do not
 * inherit the config directory's): after the service account changes, the task's account must be
 * able to read the bridge a previous run (an administrator's connect) wrote, and a removed one no more.
 */
export function restrictRuntimeFolders(configDir: string, admit: readonly string[] = []): void {
  const root = path.join(configDir, RUNTIME_DIR);
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return; // no bridge written yet
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !TEMP.test(entry.name)) restrictFolder(path.join(root, entry.name), admit);
  }
}
