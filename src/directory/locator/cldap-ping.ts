import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { randomInt } from 'node:crypto';
import { berInteger, berOctets, BerError, integerValue, readChildren, readTlv, tlv } from './ber.js';
import { decodeNetlogonResponse, type NetlogonResponse } from './netlogon-response.js';

/**
 * The AD "LDAP ping" (MS-ADTS 6.3.3, 7.3.1.9): a connectionless LDAP (CLDAP) search of the rootDSE,
 * over UDP port 389, with the filter `(&(DnsDomain=<domain>)(NtVer=\06\00\00\00))` and the one
 * attribute `Netlogon`, which the DC answers with a NETLOGON_SAM_LOGON_RESPONSE_EX. It is how
 * Windows' locator, sssd, adcli and Samba learn the site of the asking computer. No bind, no
 * credential: what is sent is the domain name.
 */

export const CLDAP_PORT = 389;
/** NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX: answer with NETLOGON_SAM_LOGON_RESPONSE_EX. */
const NT_VERSION_5EX = Buffer.from([0x06, 0x00, 0x00, 0x00]);

export interface CldapPingOptions {
  port?: number;
  /** Milliseconds to wait for the answer (default 1000; UDP: no answer is the only failure sign). */
  timeoutMs?: number;
  /** Message ID of the request (default random); the answer must carry it. */
  messageId?: number;
  /** Resolves a DC host name to an address (default the system's, as the LDAP connection does). */
  lookup?: (host: string) => Promise<{ address: string; family: number }>;
}

export class CldapPingError extends Error {
  override readonly name = 'CldapPingError';
}

/** The request datagram. */
export function encodeLdapPing(domain: string, messageId: number): Buffer {
  const equality = (attribute: string, value: string | Buffer): Buffer => tlv(0xa3, berOctets(attribute), berOctets(value));
  const search = tlv(
    0x63, // [APPLICATION 3] SearchRequest
    berOctets(''), // baseObject: the rootDSE
    berInteger(0, 0x0a), // scope: baseObject
    berInteger(0, 0x0a), // derefAliases: never
    berInteger(0), // sizeLimit
    berInteger(0), // timeLimit
    tlv(0x01, Buffer.from([0x00])), // typesOnly: false
    tlv(0xa0, equality('DnsDomain', domain.trim().replace(/\.$/, '')), equality('NtVer', NT_VERSION_5EX)), // and
    tlv(0x30, berOctets('Netlogon')),
  );
  return tlv(0x30, berInteger(messageId), search);
}

/**
 * The Netlogon value of an answer datagram (a SearchResultEntry, usually followed by its
 * SearchResultDone in the same datagram). A SearchResultDone alone (the DC refused the search, or
 * is not a DC of that domain) is a CldapPingError with its result code.
 */
export function decodeLdapPingAnswer(datagram: Buffer, messageId: number): NetlogonResponse {
  try {
    const message = readTlv(datagram, 0);
    if (message.tag !== 0x30) throw new BerError(`answer is not an LDAPMessage (tag 0x${message.tag.toString(16)})`);
    const [id, op] = readChildren(message.content);
    if (!id || !op || id.tag !== 0x02) throw new BerError('answer has no message ID or operation');
    if (integerValue(id) !== messageId) throw new BerError(`answer has message ID ${integerValue(id)}, not ${messageId}`);
    if (op.tag === 0x65) {
      const code = readChildren(op.content)[0];
      throw new CldapPingError(`the DC answered the LDAP ping with no entry (result code ${code ? integerValue(code) : 'missing'})`);
    }
    if (op.tag !== 0x64) throw new BerError(`answer operation has tag 0x${op.tag.toString(16)}, not a SearchResultEntry`);
    const attributes = readChildren(op.content)[1];
    if (!attributes) throw new BerError('SearchResultEntry has no attributes');
    for (const attribute of readChildren(attributes.content)) {
      const [type, values] = readChildren(attribute.content);
      if (!type || !values || type.content.toString('utf8').toLowerCase() !== 'netlogon') continue;
      const value = readChildren(values.content)[0];
      if (value) return decodeNetlogonResponse(Buffer.from(value.content));
    }
    throw new CldapPingError('the DC answered the LDAP ping without a Netlogon attribute');
  } catch (error) {
    if (error instanceof BerError) throw new CldapPingError(`malformed LDAP ping answer: ${error.message}`);
    throw error;
  }
}

const systemLookup = (host: string): Promise<{ address: string; family: number }> => dns.lookup(host);

/** Sends one LDAP ping to `host` and answers the DC's NETLOGON_SAM_LOGON_RESPONSE_EX. */
export async function ldapPing(host: string, domain: string, options: CldapPingOptions = {}): Promise<NetlogonResponse> {
  const bare = host.replace(/^\[|\]$/g, '');
  const { address, family } = isIP(bare) ? { address: bare, family: isIP(bare) } : await (options.lookup ?? systemLookup)(bare);
  const messageId = options.messageId ?? randomInt(1, 0x7fffffff);
  const timeoutMs = options.timeoutMs ?? 1000;
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    return await new Promise<NetlogonResponse>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CldapPingError(`no answer to the LDAP ping from ${host} (UDP ${options.port ?? CLDAP_PORT}) within ${timeoutMs} ms`)), timeoutMs);
      const settle = (action: () => void): void => {
        clearTimeout(timer);
        action();
      };
      socket.on('error', (error) => settle(() => reject(error)));
      socket.on('message', (datagram) => {
        try {
          const answer = decodeLdapPingAnswer(datagram, messageId);
          settle(() => resolve(answer));
        } catch (error) {
          // A stray datagram (another message ID) is ignored; a malformed answer to ours is final.
          if (error instanceof CldapPingError && /message ID \d+, not/.test(error.message)) return;
          settle(() => reject(error));
        }
      });
      socket.send(encodeLdapPing(domain, messageId), options.port ?? CLDAP_PORT, address, (error) => {
        if (error) settle(() => reject(error));
      });
    });
  } finally {
    socket.close();
  }
}
