import { promises as dns } from 'node:dns';
import { DirectoryUnreachableError } from '../../protocol/errors.js';
import { outsideMessage } from '../../log/outside.js';
import type { Logger } from '../../log/logger.js';

/** One SRV answer, as node:dns gives it. */
export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** Looks SRV records up; node:dns by default, a stub in tests. */
export type SrvResolver = (hostname: string) => Promise<SrvRecord[]>;

export const systemSrvResolver: SrvResolver = (hostname) => dns.resolveSrv(hostname);

/**
 * The environment variable naming the DNS servers (`host` or `host:port`, comma-separated) that DC
 * discovery asks instead of the system's: for tests (a DNS server of their own), and for a machine
 * whose resolver does not see the AD zone. Only the SRV lookups use it; DC host names are still
 * resolved by the system, as every connection does.
 */
export const DNS_SERVERS_ENV = 'S365_DNS_SERVERS';

/** SRV lookups through `servers` (a node:dns Resolver), or the system's when none is given. */
export function srvResolverFor(servers: readonly string[] | undefined): SrvResolver {
  if (!servers || servers.length === 0) return systemSrvResolver;
  const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers(servers);
  return (hostname) => resolver.resolveSrv(hostname);
}

/** The SRV lookups the agent makes, by its environment (DNS_SERVERS_ENV). */
export function srvResolverFromEnv(env: NodeJS.ProcessEnv): SrvResolver {
  const servers = env[DNS_SERVERS_ENV]?.split(',').map((server) => server.trim()).filter((server) => server !== '');
  return srvResolverFor(servers);
}

/** Learns the site of this computer in `domain`, given its DCs' host names in order; undefined when it cannot be learned. */
export type SiteLocator = (domain: string, dcHosts: readonly string[]) => Promise<string | undefined>;

/** A DNS domain name of two labels or more, like corp.example.com (a trailing dot allowed). */
export function isDnsDomainName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\.?$/i.test(name);
}

function bareDomain(domain: string): string {
  return domain.trim().replace(/\.$/, '');
}

/** The SRV name under which AD registers its domain controllers' LDAP service. */
export function dcSrvName(domain: string): string {
  return `_ldap._tcp.dc._msdcs.${bareDomain(domain)}`;
}

/** The SRV name under which AD registers the LDAP service of the DCs of one site. */
export function siteDcSrvName(domain: string, site: string): string {
  return `_ldap._tcp.${site.trim()}._sites.dc._msdcs.${bareDomain(domain)}`;
}

/**
 * RFC 2782 order: lowest priority first; within one priority, a weighted random draw (a record of
 * weight 0 only wins when it is the last one left, or all left are 0). `random` returns [0, 1).
 * A target of "." means "no such service" and is dropped.
 */
export function orderSrvRecords(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const usable = records.filter((record) => record.name !== '' && record.name !== '.');
  const priorities = [...new Set(usable.map((record) => record.priority))].sort((a, b) => a - b);
  const ordered: SrvRecord[] = [];
  for (const priority of priorities) {
    // Zero weights first, as RFC 2782 says, so that they get a small chance when others exist.
    const left = usable.filter((record) => record.priority === priority).sort((a, b) => (a.weight === 0 ? 0 : 1) - (b.weight === 0 ? 0 : 1));
    while (left.length > 0) {
      const total = left.reduce((sum, record) => sum + record.weight, 0);
      const pick = total === 0 ? 0 : Math.floor(random() * (total + 1));
      let running = 0;
      let index = left.findIndex((record) => (running += record.weight) >= pick);
      if (index < 0) index = left.length - 1;
      ordered.push(...left.splice(index, 1));
    }
  }
  return ordered;
}

export interface DiscoverDcsOptions {
  resolveSrv?: SrvResolver;
  /** StartTLS: ldap://<target>:<SRV port>; otherwise ldaps://<target>:636. */
  startTls: boolean;
  random?: () => number;
  /** Where this computer's site comes from; without it (or when it answers none) the domain-wide record alone. */
  locateSite?: SiteLocator;
  /** Where a site record that cannot be used is noted (it is not an error). */
  logger?: Logger;
}

function srvTarget(target: string): string {
  const bare = target.replace(/\.$/, '');
  return bare.includes(':') ? `[${bare}]` : bare;
}

function srvUrls(records: readonly SrvRecord[], options: DiscoverDcsOptions): string[] {
  return orderSrvRecords(records, options.random).map((record) =>
    options.startTls ? `ldap://${srvTarget(record.name)}:${record.port}` : `ldaps://${srvTarget(record.name)}:636`,
  );
}

/**
 * The LDAP URLs of a domain's DCs, from DNS, in the order to try them: when this computer's site is
 * known, the DCs of `_ldap._tcp.<site>._sites.dc._msdcs.<domain>` first, then the rest of the
 * domain-wide `_ldap._tcp.dc._msdcs.<domain>`, each URL once. The domain-wide record must answer
 * (else DIRECTORY_UNREACHABLE); a site that cannot be learned, or a site record that fails or is
 * empty, is logged and the domain-wide order used.
 */
export async function discoverDcUrls(domain: string, options: DiscoverDcsOptions): Promise<string[]> {
  const resolveSrv = options.resolveSrv ?? systemSrvResolver;
  const name = dcSrvName(domain);
  let records: SrvRecord[];
  try {
    records = await resolveSrv(name);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? outsideMessage(error);
    throw new DirectoryUnreachableError(`No domain controller of '${domain}' was found in DNS (SRV ${name}: ${reason}).`, { domain, srv: name, reason });
  }
  const domainWide = srvUrls(records, options);
  if (domainWide.length === 0) {
    throw new DirectoryUnreachableError(`DNS lists no domain controller for '${domain}' (SRV ${name} is empty).`, { domain, srv: name });
  }
  const site = await siteOf(domain, domainWide, options);
  const ofSite = site === undefined ? [] : await siteUrls(domain, site, options);
  return [...new Set([...ofSite, ...domainWide])];
}

async function siteOf(domain: string, urls: readonly string[], options: DiscoverDcsOptions): Promise<string | undefined> {
  if (!options.locateSite) return undefined;
  try {
    const site = await options.locateSite(domain, urls.map((url) => new URL(url).hostname.replace(/^\[|\]$/g, '')));
    if (site === undefined) options.logger?.info('Site of this computer not learned: the domain-wide DC record alone', { domain });
    return site;
  } catch (error) {
    options.logger?.info('Site of this computer not learned: the domain-wide DC record alone', { domain, reason: outsideMessage(error) });
    return undefined;
  }
}

async function siteUrls(domain: string, site: string, options: DiscoverDcsOptions): Promise<string[]> {
  const name = siteDcSrvName(domain, site);
  let urls: string[];
  try {
    urls = srvUrls(await (options.resolveSrv ?? systemSrvResolver)(name), options);
  } catch (error) {
    options.logger?.info('No DC record for this site: the domain-wide DC record alone', { domain, site, srv: name, reason: (error as NodeJS.ErrnoException).code ?? outsideMessage(error) });
    return [];
  }
  if (urls.length === 0) options.logger?.info('No DC record for this site: the domain-wide DC record alone', { domain, site, srv: name, reason: 'empty' });
  else options.logger?.debug('DCs of this site first', { domain, site, servers: urls });
  return urls;
}
