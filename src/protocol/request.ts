import { BadRequestError } from './errors.js';
import { MAX_JSON_DEPTH, jsonNestingDepth } from './json-nesting.js';
import { PROTOCOL_VERSION, type Request } from './messages.js';
import { quoteInput } from './quote-input.js';

/** Largest request accepted on stdin; anything bigger is refused before parsing. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Parses the one JSON request object read from stdin. Every defect is a BadRequestError. */
export function parseRequest(text: string): Request {
  if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BYTES) {
    throw new BadRequestError(`Request is larger than ${MAX_REQUEST_BYTES} bytes.`);
  }
  if (text.trim() === '') {
    throw new BadRequestError('No request on stdin: expected one JSON object like {"protocol":1,"verb":"version"}.');
  }
  if (jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BadRequestError(`Request is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`, { maxDepth: MAX_JSON_DEPTH });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`Request is not valid JSON${whereParseFailed(error)}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError('Request must be a JSON object.');
  }
  const { protocol, verb, params, ...rest } = parsed as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new BadRequestError(`Unknown request field(s): ${quoteList(extra)}. Expected protocol, verb, params.`);
  }
  if (protocol !== PROTOCOL_VERSION) {
    throw new BadRequestError(
      `Unsupported protocol version ${quoteInput(protocol)}: this agent speaks protocol ${PROTOCOL_VERSION}.`,
      { supported: [PROTOCOL_VERSION] },
    );
  }
  if (typeof verb !== 'string' || verb === '') {
    throw new BadRequestError("Request field 'verb' must be a non-empty string.");
  }
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new BadRequestError("Request field 'params' must be an object when given.");
  }
  return { protocol, verb, params: params as Record<string, unknown> | undefined };
}

/**
 * Where JSON.parse stopped, from its message, e.g. ` at position 67 (line 1 column 68)`. Only that:
 * its message may quote the request around the fault, and the request holds secrets not yet known.
 */
function whereParseFailed(error: unknown): string {
  const where = error instanceof Error ? /at position \d+( \(line \d+ column \d+\))?/.exec(error.message) : null;
  return where ? ` ${where[0]}` : '';
}

/** The first few names, each quoted, and how many more there were. */
function quoteList(names: readonly string[], shown = 5): string {
  const more = names.length > shown ? ` and ${names.length - shown} more` : '';
  return names.slice(0, shown).map((name) => quoteInput(name)).join(', ') + more;
}
