/** A hostile API server for leak tests: it echoes the Authorization header back every way it can. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers: a JSON error body, or plain text. */
export type EchoMode = { status: number; body: 'json' | 'text' };

/** How deep the echo is buried in `error.details`. */
export const ECHO_DEPTH = 20;

export interface EchoServer {
  url: string;
  mode: EchoMode;
  /** Authorization headers received, to prove the secret was sent (the echo is not vacuous). */
  received: string[];
  close(): Promise<void>;
}

/** `{ level: { level: ... { echo } } }`, `depth` objects deep. */
export function nested(depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { level: value };
  return value;
}

function jsonBody(auth: string): string {
  const echo = { echo: auth, urlEncoded: encodeURIComponent(auth), jsonEscaped: JSON.stringify(auth) };
  return JSON.stringify({
    error: {
      code: `BAD_TOKEN ${auth}`,
      message: `refused Authorization: ${auth} (${encodeURIComponent(auth)})`,
      fields: [{ path: auth, message: `header ${auth}` }],
      details: { [auth]: auth, list: [auth, [auth]], deep: nested(ECHO_DEPTH, echo) },
    },
  });
}

/** Plain text with the echo across the 200th character, where the client cuts it. */
function textBody(auth: string): string {
  return `${'x'.repeat(150)} refused ${auth} ${JSON.stringify(auth)} ${encodeURIComponent(auth)}`;
}

/** Latin-1 only, as HTTP headers must be: the raw echo where it fits, the URL-encoded one always. */
function echoHeaders(auth: string): Record<string, string> {
  const headers: Record<string, string> = { 'x-echo-url': encodeURIComponent(auth), 'retry-after': '0' };
  if (/^[\x20-\x7e]*$/.test(auth)) {
    headers['x-echo'] = auth;
    headers['www-authenticate'] = `Bearer error="invalid_token", echo="${auth}"`;
  }
  return headers;
}

export async function startEchoServer(mode: EchoMode = { status: 401, body: 'json' }): Promise<EchoServer> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    received.push(auth);
    req.resume();
    const body = handle.mode.body === 'json' ? jsonBody(auth) : textBody(auth);
    const type = handle.mode.body === 'json' ? 'application/json' : 'text/plain; charset=utf-8';
    res.writeHead(handle.mode.status, { ...echoHeaders(auth), 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle: EchoServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}

/**
 * Secrets with the characters that broke redaction: quotes, comma, semicolon, space, backslash, a
 * control character and non-ASCII. Each is at least 8 characters (connect refuses shorter ones).
 */
export const HOSTILE_SECRETS = [
  'sk_dq"quote"_0001',
  "sk_sq'quote'_0002",
  'sk_comma,part_0003',
  'sk_semi;part_0004',
  'sk_space part_0005',
  'sk_back\\slash_0006',
  'sk_tab\tcontrol_0007',
  'sk_unicodé_ü_ß_0008', // header values are Latin-1: a secret beyond it could not be sent at all
  `sk_all "',; \\é_0009`,
];

/**
 * What a leak of `secret` could look like in serialised text: the secret raw, JSON-escaped and
 * URL-encoded, and its rest from the first quote, comma, semicolon, space, backslash or tab on (what a
 * token pattern that stops there leaves behind).
 */
export function leakForms(secret: string): string[] {
  const start = secret.search(/["',; \\\t]/);
  const rest = start < 0 ? [] : [secret.slice(start), JSON.stringify(secret.slice(start)).slice(1, -1)];
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), ...rest];
}
