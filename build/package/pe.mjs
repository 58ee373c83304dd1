// Minimal, dependency-free PE (Windows executable) helpers for the packaging build:
// read the header fields we care about, strip the Authenticode signature, recompute
// the optional header CheckSum. See the "PE Format" spec (Microsoft Learn) for the layout.
//
//   import { peInfo, stripSignature, setChecksum } from './pe.mjs';
//
// Everything works on a Buffer and returns a (possibly shorter) Buffer; nothing touches disk.

const IMAGE_DIRECTORY_ENTRY_SECURITY = 4;

/** Offsets of the fields we read or write; throws if buf is not a PE32/PE32+ image. */
export function peLayout(buf) {
  if (buf.length < 0x40 || buf.readUInt16LE(0) !== 0x5a4d) throw new Error('not a PE file: no MZ header');
  const peOffset = buf.readUInt32LE(0x3c);
  if (peOffset + 24 > buf.length || buf.readUInt32LE(peOffset) !== 0x00004550) {
    throw new Error('not a PE file: no PE\\0\\0 signature');
  }
  const coff = peOffset + 4;
  const optionalHeaderSize = buf.readUInt16LE(coff + 16);
  const opt = coff + 20;
  const magic = buf.readUInt16LE(opt);
  let dirCountOffset;
  if (magic === 0x20b) dirCountOffset = opt + 108; // PE32+
  else if (magic === 0x10b) dirCountOffset = opt + 92; // PE32
  else throw new Error(`unknown optional header magic 0x${magic.toString(16)}`);
  const dirCount = buf.readUInt32LE(dirCountOffset);
  const dirs = dirCountOffset + 4;
  if (dirs + dirCount * 8 > opt + optionalHeaderSize) throw new Error('data directories overflow the optional header');
  return {
    peOffset,
    machine: buf.readUInt16LE(coff),
    timeDateStampOffset: coff + 4,
    magic,
    checksumOffset: opt + 64,
    dirCount,
    securityDirOffset: dirCount > IMAGE_DIRECTORY_ENTRY_SECURITY ? dirs + IMAGE_DIRECTORY_ENTRY_SECURITY * 8 : -1,
  };
}

/** {machine, pe32plus, timeDateStamp, checksum, certOffset, certSize} */
export function peInfo(buf) {
  const l = peLayout(buf);
  return {
    machine: l.machine,
    pe32plus: l.magic === 0x20b,
    timeDateStamp: buf.readUInt32LE(l.timeDateStampOffset),
    checksum: buf.readUInt32LE(l.checksumOffset),
    certOffset: l.securityDirOffset < 0 ? 0 : buf.readUInt32LE(l.securityDirOffset),
    certSize: l.securityDirOffset < 0 ? 0 : buf.readUInt32LE(l.securityDirOffset + 4),
  };
}

/**
 * Removes the Authenticode signature: clears the security data directory entry and drops the
 * certificate table (a file offset, not an RVA; it is not mapped, so nothing else points at it).
 * The table is normally the last thing in the file, so the file is truncated there; if anything
 * follows it (it should not), the table bytes are zeroed in place instead.
 * Returns {buf, stripped, removedBytes}.
 */
export function stripSignature(input) {
  const l = peLayout(input);
  if (l.securityDirOffset < 0) return { buf: input, stripped: false, removedBytes: 0 };
  const certOffset = input.readUInt32LE(l.securityDirOffset);
  const certSize = input.readUInt32LE(l.securityDirOffset + 4);
  if (certOffset === 0 && certSize === 0) return { buf: input, stripped: false, removedBytes: 0 };
  if (certOffset + certSize > input.length) throw new Error('certificate table points past the end of the file');
  let buf;
  // The table is padded to 8 bytes; whatever is left after it is padding if it is all zeros.
  const tail = input.subarray(certOffset + certSize);
  if (tail.every((b) => b === 0)) {
    buf = Buffer.from(input.subarray(0, certOffset));
  } else {
    buf = Buffer.from(input);
    buf.fill(0, certOffset, certOffset + certSize);
  }
  buf.writeUInt32LE(0, l.securityDirOffset);
  buf.writeUInt32LE(0, l.securityDirOffset + 4);
  setChecksum(buf);
  return { buf, stripped: true, removedBytes: input.length - buf.length };
}

/** The PE image checksum (as imagehlp's CheckSumMappedFile computes it), CheckSum field taken as 0. */
export function computeChecksum(buf) {
  const { checksumOffset } = peLayout(buf);
  let sum = 0;
  const even = buf.length & ~1;
  for (let i = 0; i < even; i += 2) {
    if (i === checksumOffset || i === checksumOffset + 2) continue;
    sum += buf.readUInt16LE(i);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buf.length & 1) {
    sum += buf[buf.length - 1];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  sum = (sum & 0xffff) + (sum >>> 16);
  return (sum + buf.length) >>> 0;
}

/** Writes the correct CheckSum into the optional header (in place); returns it. */
export function setChecksum(buf) {
  const { checksumOffset } = peLayout(buf);
  const sum = computeChecksum(buf);
  buf.writeUInt32LE(sum, checksumOffset);
  return sum;
}
