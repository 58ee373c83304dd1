/**
 * The pages of `source`, asking for the next one as soon as the current one is handed out, so the
 * directory prepares page N+1 while the caller maps, hashes and sends page N (one page ahead: the
 * memory of one page more). An error of the page asked for ahead reaches the caller when it asks
 * for that page, in order, as without read-ahead; a caller that stops early ends the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // Not awaited until the caller asks for it: a caller that stops first must not leave an
      // unhandled rejection behind.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}
