import { PROTOCOL_VERSION, type FailureResult, type OutputLine, type ProgressEvent, type Result } from '../protocol/messages.js';
import type { Verb } from './verb.js';

/**
 * The one place output is written. Nothing is masked here: results hold no secret by construction,
 * and outside text in them was masked where it entered (docs/security.md#secrets), so every line is
 * the real values, and valid JSON.
 */
export interface Renderer {
  progress(event: ProgressEvent): void;
  result(result: Result, verb: Verb<any> | undefined): void;
}

type Write = (text: string) => void;

/** Machine output: one JSON object per line on stdout (progress events, then exactly one result). */
export class NdjsonRenderer implements Renderer {
  constructor(private readonly write: Write) {}

  progress(event: ProgressEvent): void {
    this.line(event);
  }

  result(result: Result): void {
    this.line(result);
  }

  private line(value: OutputLine): void {
    this.write(`${JSON.stringify(value)}\n`);
  }
}

/** People output: the verb's text on stdout, errors on stderr, progress on stderr when it is a terminal. */
export class TextRenderer implements Renderer {
  constructor(
    private readonly out: Write,
    private readonly err: Write,
    private readonly showProgress: boolean,
  ) {}

  progress(event: ProgressEvent): void {
    if (!this.showProgress) return;
    const total = event.total === undefined ? '' : `/${event.total}`;
    this.err(`\r${event.phase}: ${event.done}${total}   `);
  }

  result(result: Result, verb: Verb<any> | undefined): void {
    if (this.showProgress) this.err('\r\x1b[K');
    if (result.ok) {
      const text = verb ? verb.text(result.data) : JSON.stringify(result.data);
      this.out(`${text}\n`);
      return;
    }
    this.err(`${formatFailure(result)}\n`);
  }
}

export function formatFailure(result: FailureResult): string {
  return `s365-agent: ${result.error.code}: ${result.error.message}`;
}

export function successResult(verb: string, data: unknown): Result {
  return { type: 'result', ok: true, verb, protocol: PROTOCOL_VERSION, data };
}
