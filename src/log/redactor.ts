/**
 * Masks known secret values in any text. Every secret the agent loads is registered here before
 * use, and every log line and error message passes through `redact` on its way out.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  register(secret: string | undefined): void {
    // Very short values would mask ordinary words; secrets are long in practice.
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}

/** The process-wide redactor used by the logger and the output renderer. */
export const redactor = new Redactor();
