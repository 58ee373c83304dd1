/**
 * The one redaction rule (docs/security.md#secrets): text that came from outside the agent (an
 * exception's message from a library, an LDAP server's message, a DNS or socket error) is masked
 * here, where it enters an error or a log field, and nowhere later. What the agent builds itself is
 * never masked: it holds no secret by construction. The API client applies the same rule to what
 * the network sends back, with the secrets it was given (src/api/http-client.ts, `scrub`).
 */
import { redactor } from './redactor.js';

/** `text` from outside, with every secret registered so far masked. */
export function outsideText(text: string): string {
  return redactor.redact(text);
}

/** The message of a thrown value from outside (an Error's message, or the value as text), masked. */
export function outsideMessage(error: unknown): string {
  return outsideText(error instanceof Error ? error.message : String(error));
}
