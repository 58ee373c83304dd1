import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

const HEADER_BYTES = 100;
const MAGIC = 'SQLite format 3\0';

/**
 * Whether the SQLite database `file` is shorter than its own header says: cut off by a copy, a full
 * disk or a crash of the storage. Cheap (reads 100 bytes), unlike a full integrity check. A file
 * that is empty or not SQLite at all is left for SQLite to judge, and so is one with a write-ahead
 * log beside it: a checkpoint cut short (by a full disk) leaves the header's new size in the file
 * before the pages that make it up, which are still in the log, so the database is whole.
 */
export function isTruncatedDatabase(file: string): boolean {
  if (hasWriteAheadLog(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES || header.toString('latin1', 0, MAGIC.length) !== MAGIC) return false;
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    // The size in the header counts only when its version-valid-for number matches the change counter.
    const sizeValid = pages > 0 && header.readUInt32BE(92) === header.readUInt32BE(24);
    return sizeValid && fstatSync(fd).size < pageSize * pages;
  } finally {
    closeSync(fd);
  }
}

function hasWriteAheadLog(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}
