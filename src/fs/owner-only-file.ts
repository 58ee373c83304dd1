import { chmodSync, closeSync, openSync } from 'node:fs';

/**
 * Makes `file` readable and writable by its owner only (0600), creating it empty if it is missing,
 * and narrows those of `siblings` that exist (a database's -wal, -shm, -journal). A no-op on
 * Windows, where modes do not apply (the config directory's ACL does).
 */
export function ensureOwnerOnlyFile(file: string, siblings: readonly string[] = []): void {
  if (process.platform === 'win32') return;
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, ...siblings]) {
    try {
      chmodSync(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
