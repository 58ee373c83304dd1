import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { BadRequestError } from '../protocol/errors.js';

/**
 * Refuses a file param (a CA certificate, ...) that does not name a readable file, so a typo is a
 * BAD_REQUEST naming the path when it is set, not a connection failure later.
 */
export async function assertReadableFile(param: string, file: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(file)).isFile();
    await access(file, constants.R_OK);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new BadRequestError(`Parameter '${param}': the file ${file} ${why}.`, { param, path: file });
  }
  if (!isFile) throw new BadRequestError(`Parameter '${param}': ${file} is not a file.`, { param, path: file });
}
