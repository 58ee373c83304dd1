import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const HEADER_BYTES = 100;
const MAGIC = 'SQLite format 3\0';

/**
 * Whether the SQLite database `file` is shorter than its own header says: cut off by a copy, a full
 * disk or a crash of the storage. Cheap (reads 100 bytes), unlike a full integrity check. A file
 * that is empty or not SQLite at all is left for SQLite to judge.
 */
export function isTruncatedDatabase(file: string): boolean {
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
