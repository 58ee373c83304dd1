import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

/** LDAP protocolOp tags (RFC 4511, [APPLICATION n]) the proxy tells apart. */
export const LdapOp = { bindRequest: 0x60, searchRequest: 0x63, searchResultDone: 0x65 } as const;
/** The paged results control (RFC 2696). */
const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

/** One LDAP request from the client, as the proxy saw it. */
export interface LdapRequest {
  messageId: number;
  /** The protocolOp tag (LdapOp). */
  op: number;
  /** The whole LDAPMessage. */
  raw: Buffer;
  /** Whether the message's bytes hold this text (an OID, an attribute name, a base DN). */
  holds(text: string): boolean;
  /** The paged results cookie of a search, when it carries the control; empty on a search's first page. */
  pagedCookie?: { offset: number; length: number };
}

/** What to do with a request: pass it on (maybe rewritten, maybe `delayMs` later), or answer it from the proxy with a result code. */
export type LdapAction = { forward: Buffer; delayMs?: number } | { answer: { resultCode: number; message: string } } | 'swallow';

/** A BER element's header at `offset`: its tag, where its content starts, and its length; undefined when not all there. */
function header(buffer: Buffer, offset: number): { tag: number; start: number; length: number } | undefined {
  if (buffer.length < offset + 2) return undefined;
  const tag = buffer[offset]!;
  const first = buffer[offset + 1]!;
  if (first < 0x80) return { tag, start: offset + 2, length: first };
  const count = first & 0x7f;
  if (buffer.length < offset + 2 + count) return undefined;
  let length = 0;
  for (let index = 0; index < count; index++) length = length * 256 + buffer[offset + 2 + index]!;
  return { tag, start: offset + 2 + count, length };
}

function integerAt(buffer: Buffer, start: number, length: number): number {
  let value = 0;
  for (let index = 0; index < length; index++) value = value * 256 + buffer[start + index]!;
  return value;
}

/** Where the paged results cookie of this message is: after the control's OID, its criticality and value wrappers. */
function pagedCookieOf(raw: Buffer): LdapRequest['pagedCookie'] {
  const oid = raw.indexOf(Buffer.from(PAGED_RESULTS_OID, 'latin1'));
  if (oid < 0) return undefined;
  let at = oid + PAGED_RESULTS_OID.length;
  if (raw[at] === 0x01) at += 3; // criticality BOOLEAN
  const value = header(raw, at); // controlValue OCTET STRING
  const sequence = value && header(raw, value.start); // SEQUENCE { size INTEGER, cookie OCTET STRING }
  const size = sequence && header(raw, sequence.start);
  const cookie = size && header(raw, size.start + size.length);
  return cookie ? { offset: cookie.start, length: cookie.length } : undefined;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function element(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

function integer(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; bytes.length === 0 || rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  if (bytes[0]! >= 0x80) bytes.unshift(0);
  return element(0x02, Buffer.from(bytes));
}

/** A SearchResultDone for `messageId` with this result code (e.g. 3, timeLimitExceeded). */
export function searchResultDone(messageId: number, resultCode: number, message: string): Buffer {
  const result = Buffer.concat([element(0x0a, Buffer.from([resultCode])), element(0x04, Buffer.alloc(0)), element(0x04, Buffer.from(message, 'utf8'))]);
  return element(0x30, Buffer.concat([integer(messageId), element(LdapOp.searchResultDone, result)]));
}

/** The same message with its paged results cookie's bytes inverted: same length, so no BER length changes. */
export function withCorruptCookie(request: LdapRequest): Buffer {
  const copy = Buffer.from(request.raw);
  const cookie = request.pagedCookie!;
  for (let index = cookie.offset; index < cookie.offset + cookie.length; index++) copy[index] = copy[index]! ^ 0xff;
  return copy;
}

/**
 * A plain-LDAP proxy in front of the test DC's LDAPS port, for directory faults the real DC will
 * not produce on demand: the agent talks plain LDAP to it (allowPlainLdap), it talks TLS to the DC,
 * and it reads every request the client sends whole, so a rule can rewrite it (an invalidated
 * paged-search cookie, which the DC then refuses) or answer it itself (an in-chain search that ran
 * out of its time limit). The DC's answers pass through untouched.
 */
export class LdapFaultProxy {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly url: string,
  ) {}

  static async start(upstream: { ldapsUrl: string; caFile: string }, rule: (request: LdapRequest) => LdapAction | undefined): Promise<LdapFaultProxy> {
    const target = new URL(upstream.ldapsUrl);
    const ca = readFileSync(upstream.caFile);
    let proxy: LdapFaultProxy | undefined;
    const server = net.createServer((client) => {
      proxy!.sockets.add(client);
      const dc = tls.connect({ host: target.hostname, port: Number(target.port || 636), ca });
      proxy!.sockets.add(dc);
      const end = (): void => {
        client.destroy();
        dc.destroy();
      };
      client.on('error', end).on('close', end);
      dc.on('error', end).on('close', end);
      dc.on('data', (chunk: Buffer) => client.write(chunk));
      let pending = Buffer.alloc(0);
      client.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const message = header(pending, 0);
          if (!message || pending.length < message.start + message.length) return;
          const raw = pending.subarray(0, message.start + message.length);
          pending = pending.subarray(raw.length);
          const id = header(raw, message.start)!;
          const op = raw[id.start + id.length]!;
          const cookie = pagedCookieOf(raw);
          const request: LdapRequest = {
            messageId: integerAt(raw, id.start, id.length),
            op,
            raw,
            holds: (text) => raw.includes(Buffer.from(text, 'utf8')),
            ...(cookie ? { pagedCookie: cookie } : {}),
          };
          const action = rule(request) ?? { forward: raw };
          if (action === 'swallow') continue;
          if ('answer' in action) client.write(searchResultDone(request.messageId, action.answer.resultCode, action.answer.message));
          else if (action.delayMs) setTimeout(() => dc.write(action.forward), action.delayMs);
          else dc.write(action.forward);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    proxy = new LdapFaultProxy(server, `ldap://127.0.0.1:${port}`);
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
