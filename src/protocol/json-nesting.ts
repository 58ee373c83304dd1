/** Deepest nesting of arrays and objects accepted in a request; deeper is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of `[`/`{` in JSON text, brackets inside strings not counted. A scan of the text,
 * without recursion, so it is safe on any input; it stops counting once past `stopAbove`.
 */
export function jsonNestingDepth(text: string, stopAbove: number = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
