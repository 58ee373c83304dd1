// The import table of a PE image, and renaming the module an import is bound to: edge-js's
// edge_nativeclr.node imports Node's API from a module named `node.exe` (no delay-load hook), which
// inside the single executable `s365-agent.exe` is not there; renamed, it binds to the running
// executable (docs/windows.md, "The SEA and edge_nativeclr"). Dependency-free, on Buffers, like pe.mjs.
//
//   import { peImports, renameImport } from './pe-imports.mjs';

import { peLayout, setChecksum } from './pe.mjs';

const IMAGE_DIRECTORY_ENTRY_IMPORT = 1;
const IMPORT_DESCRIPTOR_SIZE = 20;

function sections(buf) {
  const { peOffset, magic } = peLayout(buf);
  const coff = peOffset + 4;
  const count = buf.readUInt16LE(coff + 2);
  const opt = coff + 20;
  const table = opt + buf.readUInt16LE(coff + 16);
  const dirs = opt + (magic === 0x20b ? 112 : 96);
  const list = [];
  for (let i = 0; i < count; i++) {
    const at = table + i * 40;
    list.push({
      header: at,
      name: buf.toString('latin1', at, at + 8).replace(/\0+$/, ''),
      virtualSize: buf.readUInt32LE(at + 8),
      virtualAddress: buf.readUInt32LE(at + 12),
      rawSize: buf.readUInt32LE(at + 16),
      rawOffset: buf.readUInt32LE(at + 20),
    });
  }
  return { list, dirs, sectionAlignment: buf.readUInt32LE(opt + 32) };
}

function sectionOf(list, rva) {
  return list.find((s) => rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize));
}

function fileOffset(list, rva) {
  const section = sectionOf(list, rva);
  if (!section || rva - section.virtualAddress >= section.rawSize) throw new Error(`RVA 0x${rva.toString(16)} is not in the file`);
  return rva - section.virtualAddress + section.rawOffset;
}

function cString(buf, offset) {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated string');
  return buf.toString('latin1', offset, end);
}

/** The modules the image imports from, in table order: [{ name, nameRva, descriptor }] (descriptor: its file offset). */
export function peImports(buf) {
  const { list, dirs } = sections(buf);
  const tableRva = buf.readUInt32LE(dirs + IMAGE_DIRECTORY_ENTRY_IMPORT * 8);
  if (tableRva === 0) return [];
  const imports = [];
  for (let at = fileOffset(list, tableRva); ; at += IMPORT_DESCRIPTOR_SIZE) {
    const nameRva = buf.readUInt32LE(at + 12);
    if (nameRva === 0 && buf.readUInt32LE(at + 16) === 0) break;
    imports.push({ name: cString(buf, fileOffset(list, nameRva)), nameRva, descriptor: at });
  }
  return imports;
}

/**
 * A copy of the image whose import of module `from` (case-insensitive) names `to` instead. A name
 * no longer than the old one is written over it; a longer one goes into the slack of the section
 * that holds the old one (the zero bytes between its VirtualSize and its SizeOfRawData), whose
 * VirtualSize grows to map it, and the descriptor points at it. The PE checksum is recomputed.
 * Throws when the image does not import `from`, or when there is no room: it never moves sections.
 * Returns { buf, nameRva, inPlace }.
 */
export function renameImport(input, from, to) {
  if (!/^[\x21-\x7e]+$/.test(to)) throw new Error(`not a module name: ${JSON.stringify(to)}`);
  const buf = Buffer.from(input);
  const { list, sectionAlignment } = sections(buf);
  const matches = peImports(buf).filter((entry) => entry.name.toLowerCase() === from.toLowerCase());
  if (matches.length === 0) throw new Error(`the image does not import ${from}`);
  const bytes = Buffer.from(`${to}\0`, 'latin1');
  let nameRva;
  let inPlace = false;
  const old = matches[0];
  if (to.length <= old.name.length) {
    const at = fileOffset(list, old.nameRva);
    buf.fill(0, at, at + old.name.length + 1);
    bytes.copy(buf, at);
    nameRva = old.nameRva;
    inPlace = true;
  } else {
    const section = sectionOf(list, old.nameRva);
    const start = (section.virtualSize + 1) & ~1; // a name's RVA is 2-byte aligned, like the linker's
    const end = start + bytes.length;
    const mappedLimit = Math.ceil(section.virtualSize / sectionAlignment) * sectionAlignment;
    const slack = buf.subarray(section.rawOffset + start, section.rawOffset + end);
    if (end > section.rawSize || end > mappedLimit || slack.length !== bytes.length || !slack.every((b) => b === 0)) {
      throw new Error(`no room for "${to}" in section ${section.name} (VirtualSize ${section.virtualSize}, SizeOfRawData ${section.rawSize})`);
    }
    bytes.copy(buf, section.rawOffset + start);
    buf.writeUInt32LE(end, section.header + 8);
    nameRva = section.virtualAddress + start;
  }
  for (const entry of matches) buf.writeUInt32LE(nameRva, entry.descriptor + 12);
  setChecksum(buf);
  return { buf, nameRva, inPlace };
}
