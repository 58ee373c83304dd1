import type { Writable } from 'node:stream';

/** Why an output stream stopped taking writes: the error code (EPIPE, ERR_STREAM_DESTROYED, ...). */
export type ClosedListener = (stream: string, code: string) => void;

/**
 * stdout or stderr, written so that the reader going away (`s365-agent ... | head -1`: EPIPE, or a
 * destroyed stream) never crashes the agent: the first failed write marks the stream closed, later
 * writes are dropped, and the listeners are told once. The verb itself goes on (docs/protocol.md).
 */
export class GuardedOutput {
  #closed: string | undefined;
  readonly #listeners: ClosedListener[] = [];

  constructor(
    private readonly stream: Writable,
    readonly name: string,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.close(error));
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  write(text: string): void {
    if (this.#closed !== undefined) return;
    if (this.stream.destroyed || this.stream.writableEnded) {
      this.close({ code: 'ERR_STREAM_DESTROYED' });
      return;
    }
    try {
      this.stream.write(text);
    } catch (error) {
      this.close(error as NodeJS.ErrnoException);
    }
  }

  /** Calls `listener(name, code)` once this stream is closed (at once if it already is). */
  onClosed(listener: ClosedListener): void {
    if (this.#closed !== undefined) listener(this.name, this.#closed);
    else this.#listeners.push(listener);
  }

  private close(error: { code?: string | undefined; message?: string }): void {
    if (this.#closed !== undefined) return;
    this.#closed = error.code ?? error.message ?? 'error';
    for (const listener of this.#listeners.splice(0)) listener(this.name, this.#closed);
  }
}
