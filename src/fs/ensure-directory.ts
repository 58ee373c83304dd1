import { promises as fs } from 'node:fs';
import { ConfigCorruptError } from '../protocol/errors.js';

/**
 * Creates the folder `dir` (and its parents) if missing. Something else in its place, a file where
 * the folder should be, is a ConfigCorruptError that says to remove it.
 */
export async function ensureDirectory(dir: string, mode = 0o700): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
    throw new ConfigCorruptError(dir, `${dir} should be a folder but is a file: remove it, then run the command again.`);
  }
}
