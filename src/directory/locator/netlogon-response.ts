import { BerError } from './ber.js';

/**
 * The NETLOGON_SAM_LOGON_RESPONSE_EX structure (MS-ADTS 6.3.1.9) that a DC answers an LDAP ping
 * with (NtVer 0x00000006: NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX): who the DC is and, the
 * reason we ask, the site the DC places the asking computer in (by its address and the directory's
 * subnet objects).
 */
export interface NetlogonResponse {
  /** 23 LOGON_SAM_LOGON_RESPONSE_EX, 25 LOGON_SAM_USER_UNKNOWN_EX, 19 LOGON_SAM_PAUSE_RESPONSE_EX. */
  opcode: number;
  /** DS_FLAG bits (MS-ADTS 6.3.1.2): 0x4 LDAP, 0x10 DS... */
  flags: number;
  domainGuid: string;
  dnsForestName: string;
  dnsDomainName: string;
  dnsHostName: string;
  netbiosDomainName: string;
  netbiosComputerName: string;
  userName: string;
  /** The DC's site. */
  dcSiteName: string;
  /** The asking computer's site; empty when no subnet of the directory holds its address. */
  clientSiteName: string;
}

const RESPONSE_OPCODES = new Set([19, 23, 25]);
/** Compression pointers followed in one name, beyond which the answer is taken as malformed. */
const MAX_POINTERS = 32;

/** A GUID in its usual text form, from its little-endian wire form. */
function guidText(bytes: Buffer): string {
  const hex = (buffer: Buffer): string => buffer.toString('hex');
  const le = (buffer: Buffer): string => hex(Buffer.from(buffer).reverse());
  return `${le(bytes.subarray(0, 4))}-${le(bytes.subarray(4, 6))}-${le(bytes.subarray(6, 8))}-${hex(bytes.subarray(8, 10))}-${hex(bytes.subarray(10, 16))}`;
}

/**
 * One RFC 1035 name with compression (pointers are offsets from the start of the structure), as
 * MS-ADTS 6.3.1.9 writes them; answers the name and the offset after it.
 */
function readName(blob: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let offset = start;
  let next: number | undefined;
  for (let pointers = 0; ; ) {
    if (offset >= blob.length) throw new BerError(`Netlogon name at byte ${start} runs past the end`);
    const length = blob[offset]!;
    if (length === 0) {
      next ??= offset + 1;
      break;
    }
    if ((length & 0xc0) === 0xc0) {
      if (offset + 1 >= blob.length || ++pointers > MAX_POINTERS) throw new BerError(`Netlogon name at byte ${start} has a bad pointer`);
      next ??= offset + 2;
      offset = ((length & 0x3f) << 8) | blob[offset + 1]!;
      continue;
    }
    if (length & 0xc0 || offset + 1 + length > blob.length) throw new BerError(`Netlogon name at byte ${start} has a bad label`);
    labels.push(blob.toString('utf8', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return { name: labels.join('.'), next };
}

/** Decodes the Netlogon attribute's value; throws BerError on anything that is not this structure. */
export function decodeNetlogonResponse(blob: Buffer): NetlogonResponse {
  if (blob.length < 24) throw new BerError(`Netlogon answer of ${blob.length} bytes is too short`);
  const opcode = blob.readUInt16LE(0);
  if (!RESPONSE_OPCODES.has(opcode)) throw new BerError(`Netlogon answer has opcode ${opcode}, not a NETLOGON_SAM_LOGON_RESPONSE_EX`);
  const flags = blob.readUInt32LE(4);
  const domainGuid = guidText(blob.subarray(8, 24));
  const names: string[] = [];
  let offset = 24;
  for (let i = 0; i < 8; i++) {
    const read = readName(blob, offset);
    names.push(read.name);
    offset = read.next;
  }
  const [dnsForestName, dnsDomainName, dnsHostName, netbiosDomainName, netbiosComputerName, userName, dcSiteName, clientSiteName] = names as [
    string, string, string, string, string, string, string, string,
  ];
  return { opcode, flags, domainGuid, dnsForestName, dnsDomainName, dnsHostName, netbiosDomainName, netbiosComputerName, userName, dcSiteName, clientSiteName };
}
