import { BadRequestError } from './errors.js';
import { cutInput, quoteInput } from './quote-input.js';

interface ParamSpecBase {
  name: string;
  description: string;
  required?: boolean;
  /**
   * Secret values are never echoed back in error messages, and a secret with a line break, a NUL or
   * text that was not valid UTF-8 (U+FFFD, lone surrogates) is refused: it would not reach the
   * server as given (HTTP headers, the LDAP bind).
   */
  secret?: boolean;
}

export interface StringParamSpec extends ParamSpecBase {
  type: 'string';
  /** Allowed values. */
  choices?: readonly string[];
  /** Refuses a value that is empty once trimmed. */
  nonEmpty?: boolean;
}

export interface NumberParamSpec extends ParamSpecBase {
  type: 'number';
  /** Refuses fractions. */
  integer?: boolean;
  /** Smallest value allowed (inclusive). */
  min?: number;
  /** Largest value allowed (inclusive). */
  max?: number;
}

export interface BooleanParamSpec extends ParamSpecBase {
  type: 'boolean';
}

export interface StringListParamSpec extends ParamSpecBase {
  type: 'string[]';
  /** Refuses an empty list. */
  nonEmpty?: boolean;
}

/**
 * Declarative description of one verb parameter. The same spec drives JSON validation and the
 * command-line flags (kebab-case of `name`), so the two ways of calling a verb cannot drift apart;
 * the params a verb's `run` receives are typed from its specs (ParamValuesOf). Strings are also
 * checked as text (checkText): well-formed Unicode, no line break or NUL in a secret, no control
 * character elsewhere.
 */
export type ParamSpec = StringParamSpec | NumberParamSpec | BooleanParamSpec | StringListParamSpec;

/** The value one spec admits: its choices, or the plain type. */
export type ParamValueOf<S extends ParamSpec> = S extends { type: 'string'; choices: readonly (infer C extends string)[] }
  ? C
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'number' }
      ? number
      : S extends { type: 'boolean' }
        ? boolean
        : string[];

/** The validated params of a verb with these specs: required ones present, the others optional. */
export type ParamValuesOf<Specs extends readonly ParamSpec[]> = {
  [S in Specs[number] as S extends { required: true } ? S['name'] : never]: ParamValueOf<S>;
} & {
  [S in Specs[number] as S extends { required: true } ? never : S['name']]?: ParamValueOf<S>;
};

/** Validated params of any verb. */
export type ParamValues = Record<string, string | boolean | number | string[]>;

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** `got` names what was given: its type, or (never for a secret) the value itself. */
function refuse(spec: ParamSpec, expected: string, got: string | undefined, extra: Record<string, unknown> = {}): never {
  throw new BadRequestError(`Parameter '${spec.name}' must be ${expected}${got === undefined ? '.' : `, got ${got}.`}`, { param: spec.name, ...extra });
}

function shown(spec: ParamSpec, value: string): string | undefined {
  return spec.secret ? undefined : value;
}

/** "a whole number from 1 to 100", "a number, 0 or more", "a whole number". */
function describeNumber(spec: NumberParamSpec): string {
  const kind = spec.integer ? 'a whole number' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind}, ${spec.min} or more`;
  if (spec.max !== undefined) return `${kind}, ${spec.max} or less`;
  return kind;
}

function checkNumber(spec: NumberParamSpec, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return refuse(spec, 'a number', describeType(value));
  const outOfRange = (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max);
  if ((spec.integer && !Number.isInteger(value)) || outOfRange) return refuse(spec, describeNumber(spec), shown(spec, String(value)));
  return value;
}

/** A lone surrogate (with the u flag a paired one is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** What a secret must not hold: line breaks, NUL, and U+FFFD (bytes that were not valid UTF-8). */
const SECRET_FORBIDDEN = /[\r\n\0\uFFFD]/u;
const CONTROL_CHARS = /[\u0000-\u001F\u007F]/u;

/**
 * The text rules every string (and string list item) obeys: well-formed Unicode always; no line
 * break, NUL or U+FFFD in a secret; no control character (C0, DEL) in any other string, since they
 * are names, DNs, filters, URLs and paths that reach the directory or the file system. The message
 * names the parameter and never shows the value.
 */
function checkText(spec: StringParamSpec | StringListParamSpec, value: string): void {
  const fault = LONE_SURROGATE.test(value)
    ? 'must be valid Unicode text (it holds a lone surrogate)'
    : spec.secret && SECRET_FORBIDDEN.test(value)
      ? 'must not contain line breaks, NUL characters or invalid UTF-8'
      : !spec.secret && CONTROL_CHARS.test(value)
        ? 'must not contain control characters'
        : undefined;
  if (fault) throw new BadRequestError(`Parameter '${spec.name}' ${fault}.`, { param: spec.name });
}

function checkString(spec: StringParamSpec, value: unknown): string {
  if (typeof value !== 'string') return refuse(spec, 'a string', describeType(value));
  checkText(spec, value);
  if (spec.choices && !spec.choices.includes(value)) {
    return refuse(spec, `one of ${spec.choices.join(', ')}`, shown(spec, quoteInput(value)), { choices: spec.choices });
  }
  if (spec.nonEmpty && value.trim() === '') throw new BadRequestError(`Parameter '${spec.name}' must not be empty.`, { param: spec.name });
  return value;
}

function checkStringList(spec: StringListParamSpec, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return refuse(spec, 'an array of strings', describeType(value));
  if (spec.nonEmpty && value.length === 0) throw new BadRequestError(`Parameter '${spec.name}' must not be empty.`, { param: spec.name });
  for (const item of value as string[]) checkText(spec, item);
  return value as string[];
}

function checkOne(spec: ParamSpec, value: unknown): string | boolean | number | string[] {
  switch (spec.type) {
    case 'string':
      return checkString(spec, value);
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse(spec, 'a boolean', describeType(value));
    case 'number':
      return checkNumber(spec, value);
    case 'string[]':
      return checkStringList(spec, value);
  }
}

/**
 * Validates `params` against `specs`: unknown names, wrong types, values the spec does not admit
 * and missing required values are BadRequestErrors naming the parameter. Returns only the known,
 * present values.
 */
export function validateParams<const Specs extends readonly ParamSpec[]>(verb: string, specs: Specs, params: unknown): ParamValuesOf<Specs> {
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new BadRequestError(`'params' of verb '${verb}' must be an object.`);
  }
  const known = new Map<string, ParamSpec>(specs.map((spec) => [spec.name, spec]));
  const values: ParamValues = {};
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    const spec = known.get(name);
    if (!spec) {
      throw new BadRequestError(
        `Unknown parameter ${quoteInput(name)} for verb '${verb}'. Known: ${[...known.keys()].join(', ') || '(none)'}.`,
        { param: cutInput(name) },
      );
    }
    if (value === undefined || value === null) continue;
    values[name] = checkOne(spec, value);
  }
  for (const spec of specs) {
    if (spec.required && values[spec.name] === undefined) {
      throw new BadRequestError(`Parameter '${spec.name}' is required for verb '${verb}'.`, { param: spec.name });
    }
  }
  return values as ParamValuesOf<Specs>;
}
