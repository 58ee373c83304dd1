import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isDnsDomainName } from '../directory/ldap/srv.js';

/** Where a Linux (or other POSIX) machine says which domain it is in. Paths and the hostname can be replaced (tests). */
export interface MachineDomainSources {
  hostname?: () => string;
  /** Default /etc/resolv.conf. */
  resolvConf?: string;
  /** Default $KRB5_CONFIG (its first file), else /etc/krb5.conf. */
  krb5Conf?: string;
}

export interface DomainCandidate {
  domain: string;
  source: 'hostname' | 'resolv.conf' | 'krb5.conf';
}

async function readIfThere(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/** `domain` and `search` names of a resolv.conf, in the file's order. */
export function resolvConfDomains(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (keyword === 'domain' || keyword === 'search') names.push(...values);
  }
  return names;
}

/** `default_realm` of a krb5.conf's [libdefaults], lower-cased as a DNS domain; undefined when absent. */
export function krb5DefaultRealm(text: string): string | undefined {
  let section = '';
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/[#;].*$/, '').trim();
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header) section = header[1]!.trim();
    else if (section === 'libdefaults') {
      const setting = /^default_realm\s*=\s*(\S+)/.exec(trimmed);
      if (setting) return setting[1]!.toLowerCase();
    }
  }
  return undefined;
}

/**
 * The domains this machine may be a member of, in the order a Linux admin would look: the DNS
 * domain of its host name (when the host name is a full one), the `domain` and `search` names of
 * resolv.conf, then the Kerberos default realm (realmd, adcli and sssd set it when they join).
 * Each once; only well-formed multi-label names.
 */
export async function machineDomainCandidates(sources: MachineDomainSources = {}, env: NodeJS.ProcessEnv = process.env): Promise<DomainCandidate[]> {
  const found: DomainCandidate[] = [];
  const add = (domain: string | undefined, source: DomainCandidate['source']): void => {
    const name = domain?.trim().replace(/\.$/, '').toLowerCase();
    if (name && isDnsDomainName(name) && !found.some((candidate) => candidate.domain === name)) found.push({ domain: name, source });
  };
  const host = (sources.hostname ?? hostname)();
  if (host.includes('.')) add(host.slice(host.indexOf('.') + 1), 'hostname');
  for (const name of resolvConfDomains(await readIfThere(sources.resolvConf ?? '/etc/resolv.conf'))) add(name, 'resolv.conf');
  const krb5 = sources.krb5Conf ?? env.KRB5_CONFIG?.split(':')[0] ?? '/etc/krb5.conf';
  add(krb5DefaultRealm(await readIfThere(krb5)), 'krb5.conf');
  return found;
}
