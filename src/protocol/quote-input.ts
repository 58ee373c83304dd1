/** Longest stretch of user input echoed in an error message or a log line. */
export const MAX_QUOTED_CHARS = 200;

/**
 * User input as it may appear in error messages and log lines, so a hostile value can neither flood
 * stdout and the log nor forge a line: a string in single quotes with control characters escaped as in
 * JSON (`'a\nb'`), anything else as JSON; either cut to `max` characters with a note of how much was
 * left out (`'aaa...'(99800 more characters)`).
 */
export function quoteInput(value: unknown, max: number = MAX_QUOTED_CHARS): string {
  const isString = typeof value === 'string';
  const text = isString ? JSON.stringify(value).slice(1, -1) : asJson(value);
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  const rest = text.length > max ? `(${text.length - max} more characters)` : '';
  return isString ? `'${cut}'${rest}` : `${cut}${rest}`;
}

function asJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value; // e.g. nesting too deep to stringify
  }
}

/** User input kept as a value (e.g. in `error.details` or a log field), cut to `max` characters. */
export function cutInput(text: string, max: number = MAX_QUOTED_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}...(${text.length - max} more characters)` : text;
}
