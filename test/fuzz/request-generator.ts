import type { ParamSpec } from '../../src/protocol/params.js';

/** mulberry32: a small seeded generator, so that every failing case can be run again by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface VerbGrammar {
  name: string;
  params: readonly ParamSpec[];
}

/** One generated request: the bytes sent on stdin, and what makes it invalid (for the failure message). */
export interface HostileRequest {
  stdin: string;
  /** The class of defect, e.g. 'params:wrong-type', for the run's tally. */
  kind: string;
  defect: string;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, below: number): number => Math.floor(random() * below);

/** Strings an attacker would try: quotes, escapes, control and unicode characters, long runs. */
function hostileString(random: Random): string {
  const pieces = ['"', "'", '\\', '\u0000', '\r\n', '\u2028', '😀', 'é', '${x}', '%00', '*)(objectClass=*', '../', ' ', 'true', '{"a":1}', '\ud800'];
  let out = '';
  const length = 1 + int(random, 12);
  for (let i = 0; i < length; i += 1) out += random() < 0.5 ? pick(random, pieces) : String.fromCharCode(32 + int(random, 95));
  if (random() < 0.1) out = out.repeat(1 + int(random, 4000));
  return out;
}

/** Nested arrays and objects this deep. */
function nested(depth: number, random: Random): unknown {
  let value: unknown = hostileString(random);
  for (let i = 0; i < depth; i += 1) value = random() < 0.5 ? [value] : { a: value };
  return value;
}

/** A JSON value that is not of the spec's type (null is not used: it means "not given"). */
function wrongTypeFor(spec: ParamSpec, random: Random): unknown {
  const candidates: unknown[] = [];
  if (spec.type !== 'string') candidates.push(hostileString(random), '');
  if (spec.type !== 'number') candidates.push(int(random, 1000) - 500, 1.5);
  if (spec.type !== 'boolean') candidates.push(true, false);
  if (spec.type !== 'string[]') candidates.push([hostileString(random)]);
  else candidates.push([hostileString(random), 1], [null], [['nested']]);
  candidates.push({ value: hostileString(random) }, nested(1 + int(random, 50), random));
  return pick(random, candidates);
}

/** A value of the right JSON type that the spec still refuses; undefined when the spec admits every such value. */
function refusedValueFor(spec: ParamSpec, random: Random): unknown {
  if (spec.type === 'number') {
    const options: unknown[] = [];
    if (spec.integer) options.push(0.5 + int(random, 100));
    if (spec.min !== undefined) options.push(spec.min - 1 - int(random, 1000));
    if (spec.max !== undefined) options.push(spec.max + 1 + int(random, 1000));
    return options.length > 0 ? pick(random, options) : undefined;
  }
  if (spec.type === 'string' && spec.choices) {
    let value = hostileString(random);
    while (spec.choices.includes(value)) value += 'x';
    return value;
  }
  if (spec.type === 'string' && spec.nonEmpty) return pick(random, ['', ' ', '\t\r\n']);
  if (spec.type === 'string[]' && spec.nonEmpty) return [];
  return undefined;
}

/** A plausible value of the spec's type (so that a request fails for the one defect the case adds). */
function plausibleValueFor(spec: ParamSpec): unknown {
  switch (spec.type) {
    case 'string':
      return spec.choices ? spec.choices[0] : 'x';
    case 'number':
      return spec.min ?? 1;
    case 'boolean':
      return false;
    case 'string[]':
      return ['x'];
  }
}

/** A params object of this verb holding one refused value (wrong type, out of range, unknown name...). */
function hostileParams(verb: VerbGrammar, random: Random): { params: Record<string, unknown>; kind: string; defect: string } | undefined {
  const params: Record<string, unknown> = {};
  for (const spec of verb.params) if (spec.required) params[spec.name] = plausibleValueFor(spec);
  const kinds = ['unknown-name', 'wrong-type', 'refused-value', 'missing-required'] as const;
  const kind = pick(random, kinds);
  if (kind === 'unknown-name') {
    let name = pick(random, ['__proto__', 'constructor', 'Secret', 'verb', 'params', hostileString(random)]);
    while (verb.params.some((spec) => spec.name === name)) name += '_';
    // defineProperty: a plain assignment to '__proto__' would set the prototype, not a field.
    Object.defineProperty(params, name, { value: hostileString(random), enumerable: true, configurable: true, writable: true });
    return { params, kind, defect: `unknown param ${JSON.stringify(name).slice(0, 60)}` };
  }
  if (verb.params.length === 0) return undefined;
  const spec = pick(random, verb.params);
  if (kind === 'wrong-type') {
    params[spec.name] = wrongTypeFor(spec, random);
    return { params, kind, defect: `param ${spec.name} of the wrong type` };
  }
  if (kind === 'refused-value') {
    const value = refusedValueFor(spec, random);
    if (value === undefined) return undefined;
    params[spec.name] = value;
    return { params, kind, defect: `param ${spec.name} given a value its spec refuses` };
  }
  const required = verb.params.filter((one) => one.required);
  if (required.length === 0) return undefined;
  delete params[pick(random, required).name];
  return { params, kind, defect: 'a required param missing' };
}

/** The envelope made wrong: protocol, verb, params or an extra field. */
function hostileEnvelope(verbs: readonly VerbGrammar[], random: Random): { request: Record<string, unknown>; kind: string; defect: string } {
  const verb = pick(random, verbs).name;
  const kind = int(random, 6);
  if (kind === 0) {
    const protocol = pick(random, [0, 2, -1, 1.5, '1', true, [1], { v: 1 }, 1e300, nested(1 + int(random, 3000), random)]);
    return { request: { protocol, verb }, kind: 'protocol', defect: 'an unsupported protocol' };
  }
  if (kind === 1) return { request: { verb }, kind: 'no-protocol', defect: 'no protocol' };
  if (kind === 2) {
    let name: unknown = pick(random, ['', 7, true, ['version'], { name: 'version' }, verb.toUpperCase(), ` ${verb}`, hostileString(random), 'v'.repeat(100_000)]);
    if (typeof name === 'string' && verbs.some((one) => one.name === name)) name = `${name}?`;
    return { request: { protocol: 1, verb: name }, kind: 'verb', defect: `verb ${JSON.stringify(name)?.slice(0, 40)}` };
  }
  if (kind === 3) return { request: { protocol: 1 }, kind: 'no-verb', defect: 'no verb' };
  if (kind === 4) {
    const params = pick(random, [[], 'x', 5, true, [{ secret: 'x' }]]);
    return { request: { protocol: 1, verb, params }, kind: 'params-type', defect: `params ${JSON.stringify(params)}` };
  }
  const extra = pick(random, ['id', 'Verb', 'PARAMS', 'secret', '__proto__x', hostileString(random)]);
  return { request: { protocol: 1, verb, [extra]: hostileString(random) }, kind: 'extra-field', defect: 'an extra top-level field' };
}

/** Text that is not one JSON object: broken, truncated, another JSON type, or nothing. */
function hostileText(verbs: readonly VerbGrammar[], random: Random): HostileRequest {
  const valid = JSON.stringify({ protocol: 1, verb: pick(random, verbs).name });
  const kind = int(random, 5);
  if (kind === 0) {
    let cut = valid.slice(0, 1 + int(random, valid.length - 1));
    if (cut.trim().startsWith('{') && cut.endsWith('}')) cut = cut.slice(0, -1);
    return { stdin: cut, kind: 'text:truncated', defect: 'truncated JSON' };
  }
  if (kind === 1) {
    const at = int(random, valid.length);
    return { stdin: valid.slice(0, at) + pick(random, ['\u0000', ',', '}', '"', 'x', '\\']) + valid.slice(at), kind: 'text:inserted', defect: 'a character inserted' };
  }
  if (kind === 2) return { stdin: pick(random, ['[]', '[{"protocol":1,"verb":"version"}]', '1', '"version"', 'null', 'true']), kind: 'text:not-object', defect: 'not an object' };
  if (kind === 3) return { stdin: pick(random, ['', ' ', '\n\n', '\t']), kind: 'text:empty', defect: 'no request' };
  return { stdin: `${valid}${valid}`, kind: 'text:two-requests', defect: 'two requests' };
}

/**
 * A request that no valid agent may accept: the defect is chosen among the envelope, the params
 * (per the verbs' own ParamSpecs) and the raw text. Deterministic for a given random source.
 */
export function hostileRequest(verbs: readonly VerbGrammar[], random: Random): HostileRequest {
  for (;;) {
    const layer = int(random, 3);
    if (layer === 0) return hostileText(verbs, random);
    if (layer === 1) {
      const { request, kind, defect } = hostileEnvelope(verbs, random);
      return { stdin: JSON.stringify(request), kind: `envelope:${kind}`, defect };
    }
    const verb = pick(random, verbs);
    const made = hostileParams(verb, random);
    if (made) return { stdin: JSON.stringify({ protocol: 1, verb: verb.name, params: made.params }), kind: `params:${made.kind}`, defect: `${verb.name}: ${made.defect}` };
  }
}
