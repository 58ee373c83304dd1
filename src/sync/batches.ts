import { MAX_BATCH_SIZE, MAX_REQUEST_BODY_BYTES } from '../api/types.js';

/** A batch is cut at this many bytes, well under the API's body limit (photos are big). */
export const BATCH_BYTES_TARGET = Math.floor(MAX_REQUEST_BODY_BYTES * 0.8);

/** Where a batch is cut: at this many items, or before the item that would take it past this many bytes. */
export interface BatchLimits {
  maxItems: number;
  maxBytes: number;
}

/** What one upsert request may carry: the API's count limit, and BATCH_BYTES_TARGET. */
export const REQUEST_BATCH_LIMITS: BatchLimits = { maxItems: MAX_BATCH_SIZE, maxBytes: BATCH_BYTES_TARGET };

/**
 * The items in order, cut into batches by count and bytes (`bytesOf` each item). An item larger
 * than maxBytes goes alone in its batch rather than being dropped.
 */
export async function* inBatches<T>(
  items: Iterable<T> | AsyncIterable<T>,
  bytesOf: (item: T) => number,
  limits: BatchLimits = REQUEST_BATCH_LIMITS,
): AsyncIterable<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for await (const item of items) {
    const size = bytesOf(item);
    if (batch.length > 0 && (batch.length >= limits.maxItems || bytes + size > limits.maxBytes)) {
      yield batch;
      [batch, bytes] = [[], 0];
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
