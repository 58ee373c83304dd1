import { BadRequestError } from '../protocol/errors.js';
import { quoteInput } from '../protocol/quote-input.js';

const camel = (kebab: string): string => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Checks that each of these string-valued flags, where given, has a value: `--flag` at the end, `--flag=`
 * or `--flag` followed by another flag (`--config-dir --verbose`) is a BadRequestError, where yargs (and
 * the JSON mode's own parsing) would take '' (so the default) or the next flag as the value. A value that
 * really starts with `--` can be given as `--flag=--value`.
 */
export function requireFlagValues(args: readonly string[], flags: readonly string[]): void {
  for (const [index, arg] of args.entries()) {
    if (arg === '--') return; // the rest are positional arguments
    for (const flag of flags) {
      const names = [`--${flag}`, `--${camel(flag)}`];
      if (names.some((name) => arg === `${name}=`)) throw missing(flag, 'nothing');
      if (!names.includes(arg)) continue;
      const next = args[index + 1];
      if (next === undefined || next === '') throw missing(flag, 'nothing');
      if (next.startsWith('--')) throw missing(flag, `${quoteInput(next)}, which is a flag`);
    }
  }
}

function missing(flag: string, got: string): BadRequestError {
  return new BadRequestError(`--${flag} needs a value, got ${got}. (Write --${flag}=VALUE for a value starting with '--'.)`, { param: flag });
}
