/** How the soft-match email of a user is chosen, and why: shown by explain and used by the mapping. */
export interface EmailChoice {
  email: string;
  source: 'proxyAddresses' | 'mail' | 'userPrincipalName';
}

export interface EmailRule {
  /** Fall back to userPrincipalName when there is neither a primary SMTP address nor `mail`. */
  allowUpnAsEmail?: boolean;
}

/** Normalises an address for the soft match: trimmed, domain lower-cased (the local part is kept). */
export function normaliseEmail(address: string): string {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

function smtpAddresses(proxyAddresses: readonly string[] | undefined): { primary?: string; others: string[] } {
  let primary: string | undefined;
  const others: string[] = [];
  for (const entry of proxyAddresses ?? []) {
    if (entry.startsWith('SMTP:')) primary ??= normaliseEmail(entry.slice(5));
    else if (entry.toLowerCase().startsWith('smtp:')) others.push(normaliseEmail(entry.slice(5)));
  }
  return { primary, others };
}

/**
 * Primary SMTP address from proxyAddresses (the `SMTP:` entry), else `mail`, else (when the rule
 * allows it) userPrincipalName; undefined when none applies.
 */
export function chooseEmail(attributes: Record<string, string[] | undefined>, rule: EmailRule = {}): EmailChoice | undefined {
  const { primary } = smtpAddresses(attributes.proxyaddresses);
  if (primary) return { email: primary, source: 'proxyAddresses' };
  const mail = attributes.mail?.[0]?.trim();
  if (mail) return { email: normaliseEmail(mail), source: 'mail' };
  const upn = rule.allowUpnAsEmail ? attributes.userprincipalname?.[0]?.trim() : undefined;
  if (upn && upn.includes('@')) return { email: normaliseEmail(upn), source: 'userPrincipalName' };
  return undefined;
}

/** The other SMTP addresses (secondary `smtp:` proxyAddresses), without the chosen primary. */
export function otherEmails(attributes: Record<string, string[] | undefined>, primary: string): string[] {
  const lowerPrimary = primary.toLowerCase();
  const seen = new Set<string>();
  const result: string[] = [];
  for (const address of smtpAddresses(attributes.proxyaddresses).others) {
    const key = address.toLowerCase();
    if (key === lowerPrimary || seen.has(key)) continue;
    seen.add(key);
    result.push(address);
  }
  return result;
}
