// A tiny, dependency-free, reproducible zip writer: entries in the order given (pass them sorted),
// one fixed timestamp, explicit Unix modes, no extra fields, deflate (or store when that is not
// smaller). Same files in, same bytes out, on any OS, for a given Node (zlib) version.
// Limits: no Zip64, so under 4 GiB in total and 65535 entries (checked).
import { closeSync, openSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';

/** Date -> [dosTime, dosDate]; the zip format keeps local time without a zone: we write UTC. */
function dosDateTime(date) {
  const y = Math.max(1980, date.getUTCFullYear());
  return [
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    ((y - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  ];
}

/**
 * entries: [{name: 'dir/' | 'dir/file', data?: Buffer, mode?: number}] (directories end in '/').
 * Writes the archive to outPath.
 */
export function writeZip(outPath, entries, { mtime = new Date(Date.UTC(2000, 0, 1)), level = 9 } = {}) {
  if (entries.length > 0xffff) throw new Error('too many entries for a zip without Zip64');
  const [time, date] = dosDateTime(mtime);
  const fd = openSync(outPath, 'w');
  let offset = 0;
  const write = (buf) => {
    writeSync(fd, buf);
    offset += buf.length;
    if (offset > 0xffffffff) throw new Error('zip larger than 4 GiB (no Zip64 support)');
  };
  const central = [];
  try {
    for (const e of entries) {
      const isDir = e.name.endsWith('/');
      const name = Buffer.from(e.name, 'utf8');
      const raw = isDir ? Buffer.alloc(0) : e.data;
      const crc = isDir ? 0 : zlib.crc32(raw);
      let method = 0;
      let body = raw;
      if (raw.length > 0) {
        const deflated = zlib.deflateRawSync(raw, { level });
        if (deflated.length < raw.length) {
          method = 8;
          body = deflated;
        }
      }
      const mode = e.mode ?? (isDir ? 0o755 : 0o644);
      const unixMode = (isDir ? 0o040000 : 0o100000) | mode;
      const flags = 0x0800; // names are UTF-8
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate, directories)
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(raw.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28); // no extra field: no timestamps, uid or gid
      const localOffset = offset;
      write(local);
      write(name);
      write(body);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so the external attributes carry the mode
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(flags, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt16LE(time, 12);
      c.writeUInt16LE(date, 14);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(body.length, 20);
      c.writeUInt32LE(raw.length, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt16LE(0, 30); // extra
      c.writeUInt16LE(0, 32); // comment
      c.writeUInt16LE(0, 34); // disk
      c.writeUInt16LE(0, 36); // internal attributes
      c.writeUInt32LE(((unixMode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38); // MS-DOS directory bit too
      c.writeUInt32LE(localOffset, 42);
      central.push(c, name);
    }
    const centralOffset = offset;
    for (const b of central) write(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - centralOffset, 12);
    end.writeUInt32LE(centralOffset, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}
