/**
 * Shortest value masked. Shorter ones would mask ordinary words and digits all over the output
 * and protect nothing: no secret the agent takes is that short.
 */
export const MIN_MASKED_LENGTH = 3;

/**
 * Masks known secret values in any text. Every secret the agent loads is registered here before
 * use, and every log line and error message passes through `redact` on its way out. The API client
 * keeps its own instance for the text that comes back from the network.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  register(secret: string | undefined): void {
    if (secret && secret.length >= MIN_MASKED_LENGTH) this.secrets.add(secret);
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
