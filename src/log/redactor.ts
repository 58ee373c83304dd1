import { mapStrings } from './map-strings.js';
import { secretForms } from './secret-forms.js';

/**
 * Shortest value masked. Shorter ones would mask ordinary words and digits all over the output
 * and protect nothing: no secret the agent takes is that short.
 */
export const MIN_MASKED_LENGTH = 3;

export const MASK = '***';

/**
 * Masks known secret values, in each of their serialised forms (src/log/secret-forms.ts), in text
 * or in structured values. It is for text that came from outside the agent (docs/security.md); see
 * src/log/outside.ts for where it is applied.
 */
export class Redactor {
  /** Every form of every secret, longest first so a longer form is masked whole. */
  private forms: string[] = [];

  register(secret: string | undefined): void {
    if (!secret || secret.length < MIN_MASKED_LENGTH) return;
    const forms = new Set([...this.forms, ...secretForms(secret)]);
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** `text` with every form of every secret masked. */
  redact(text: string): string {
    let out = text;
    for (const form of this.forms) {
      if (out.includes(form)) out = out.split(form).join(MASK);
    }
    return out;
  }

  /** A copy of `value` with every string in it redacted, at any depth (cycles become '[Circular]'). */
  redactValue(value: unknown): unknown {
    return mapStrings(value, (text) => this.redact(text));
  }
}

/** The process-wide redactor: dispatch registers every secret the verb handles. */
export const redactor = new Redactor();
