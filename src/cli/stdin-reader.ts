import type { Readable } from 'node:stream';
import { BadRequestError } from '../protocol/errors.js';

export interface ReadLimits {
  /** Refused past this many bytes: reading stops there, the rest is never taken in. */
  maxBytes: number;
  /** Refused when the input has not ended within this many ms of the start. */
  deadlineMs: number;
  /** What is being read, for the message: "Request", "Secret". */
  what: string;
}

/**
 * Reads a stream to its end as UTF-8, within a size limit and an overall deadline. Either way out of
 * limits is a BadRequestError (exit 2) raised at once; the stream is then destroyed, so the process
 * neither waits for nor buffers the rest of it.
 */
export function readLimited(stream: Readable, limits: ReadLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = (error: Error | undefined): void => {
      clearTimeout(timer);
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      if (error) {
        stream.destroy();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytes += buffer.length;
      if (bytes > limits.maxBytes) {
        finish(new BadRequestError(`${limits.what} is larger than ${limits.maxBytes} bytes.`, { maxBytes: limits.maxBytes }));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => finish(undefined);
    const onError = (error: Error): void => finish(new BadRequestError(`${limits.what} could not be read from stdin: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    const timer = setTimeout(
      () =>
        finish(
          new BadRequestError(`${limits.what} did not arrive on stdin within ${limits.deadlineMs} ms (stdin was not closed?).`, {
            deadlineMs: limits.deadlineMs,
          }),
        ),
      limits.deadlineMs,
    );
    stream.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
