import { BadRequestError } from './errors.js';

/**
 * Declarative description of one verb parameter. The same spec drives JSON validation and the
 * command-line flags (kebab-case of `name`), so the two ways of calling a verb cannot drift apart.
 */
export interface ParamSpec {
  name: string;
  type: 'string' | 'boolean' | 'number' | 'string[]';
  description: string;
  required?: boolean;
  /** Secret values are never echoed back in error messages. */
  secret?: boolean;
  /** Allowed values, for strings. */
  choices?: readonly string[];
}

export type ParamValues = Record<string, string | boolean | number | string[] | undefined>;

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function checkOne(spec: ParamSpec, value: unknown): string | boolean | number | string[] {
  const bad = (expected: string): never => {
    throw new BadRequestError(`Parameter '${spec.name}' must be ${expected}, got ${describeType(value)}.`, {
      param: spec.name,
    });
  };
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return bad('a string');
      if (spec.choices && !spec.choices.includes(value)) {
        throw new BadRequestError(
          `Parameter '${spec.name}' must be one of ${spec.choices.join(', ')}` +
            (spec.secret ? '.' : `, got '${value}'.`),
          { param: spec.name, choices: spec.choices },
        );
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return bad('a boolean');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a number');
      return value;
    case 'string[]':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return bad('an array of strings');
      return value as string[];
  }
}

/**
 * Validates `params` against `specs`: unknown names, wrong types and missing required values are
 * BadRequestErrors naming the parameter. Returns only the known, present values.
 */
export function validateParams(verb: string, specs: readonly ParamSpec[], params: unknown): ParamValues {
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new BadRequestError(`'params' of verb '${verb}' must be an object.`);
  }
  const known = new Map(specs.map((spec) => [spec.name, spec]));
  const values: ParamValues = {};
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    const spec = known.get(name);
    if (!spec) {
      throw new BadRequestError(
        `Unknown parameter '${name}' for verb '${verb}'. Known: ${[...known.keys()].join(', ') || '(none)'}.`,
        { param: name },
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
  return values;
}
