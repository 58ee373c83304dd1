import { statfsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigUnwritableDetails } from '../protocol/error-details.js';
import { AgentError, ConfigUnwritableError, InternalError, toAgentError } from '../protocol/errors.js';

/** SQLite's primary result codes (the low byte of an extended one) that speak of the file system. */
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
/** Free space under which an I/O error of SQLite is taken for a full volume (SQLite reports some ENOSPC so). */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** The problems a failed file write maps to (sealer-unavailable is the secret store's own). */
type Problem = Exclude<ConfigUnwritableDetails['problem'], 'sealer-unavailable'>;

/**
 * The failed write to the config directory `dir` that `error` (or an error it was caused by)
 * reports, as the CONFIG_UNWRITABLE error an admin can act on; undefined for anything else.
 * Node's errno codes (ENOSPC, EDQUOT, EROFS, EACCES, EPERM on a file) and SQLite's result codes
 * (FULL, READONLY, and an I/O error on a volume with under 1 MiB free) are recognised.
 */
export function storageError(error: unknown, dir: string): ConfigUnwritableError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof ConfigUnwritableError) return current;
    // An error already given its code (a caFile that cannot be read is BAD_REQUEST) keeps it; only
    // an unexpected one is looked into.
    if (current instanceof AgentError && !(current instanceof InternalError)) return undefined;
    const problem = problemOf(current, dir);
    if (problem) return unwritable(dir, problem, fileOf(current));
  }
  return undefined;
}

/** The error a verb reports for what it threw: a failed write to the config directory `dir` as CONFIG_UNWRITABLE, anything else as toAgentError gives it. */
export function verbError(error: unknown, dir: string): AgentError {
  return storageError(error, dir) ?? toAgentError(error);
}

function problemOf(error: Error, dir: string): Problem | undefined {
  const { code, errcode, path: file } = error as NodeJS.ErrnoException & { errcode?: number };
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code === 'EROFS') return 'read-only';
  if ((code === 'EACCES' || code === 'EPERM') && typeof file === 'string') return 'denied';
  if (code !== 'ERR_SQLITE_ERROR' || errcode === undefined) return undefined;
  const primary = errcode & 0xff;
  if (primary === SQLITE_FULL) return 'full';
  if (primary === SQLITE_READONLY) return 'read-only';
  if (primary === SQLITE_IOERR && freeBytes(dir) < NEARLY_FULL_BYTES) return 'full';
  return undefined;
}

function freeBytes(dir: string): number {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function fileOf(error: Error): string | undefined {
  const file = (error as NodeJS.ErrnoException).path;
  return typeof file === 'string' ? file : undefined;
}

function unwritable(dir: string, problem: Problem, file: string | undefined): ConfigUnwritableError {
  const what = file ? `writing ${path.basename(file)} in ${dir}` : `writing to ${dir}`;
  const message = {
    full: `No space is left on the volume of the config directory (${what} failed): free some space there, then run the command again.`,
    'read-only': `The config directory is on a read-only volume (${what} failed): make it writable, or give --config-dir a writable folder, then run the command again.`,
    denied: `This account may not write to the config directory (${what} failed): run as an administrator or SYSTEM, or give this account write access to ${dir}.`,
  }[problem];
  return new ConfigUnwritableError(
    `${message} Nothing was left half-written: the files are as the last completed step left them, and a sync resumes from what Signature 365 confirmed.`,
    { dir, ...(file ? { file } : {}), problem },
  );
}
