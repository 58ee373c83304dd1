import { promises as dns } from 'node:dns';
import { DirectoryUnreachableError } from '../../protocol/errors.js';
import { outsideMessage } from '../../log/outside.js';

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

/** The SRV name under which AD registers its domain controllers' LDAP service. */
export function dcSrvName(domain: string): string {
  return `_ldap._tcp.dc._msdcs.${domain.trim().replace(/\.$/, '')}`;
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
}

/** The LDAP URLs of a domain's DCs, from DNS, in the order to try them. */
export async function discoverDcUrls(domain: string, options: DiscoverDcsOptions): Promise<string[]> {
  const name = dcSrvName(domain);
  let records: SrvRecord[];
  try {
    records = await (options.resolveSrv ?? systemSrvResolver)(name);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? outsideMessage(error);
    throw new DirectoryUnreachableError(`No domain controller of '${domain}' was found in DNS (SRV ${name}: ${reason}).`, { domain, srv: name, reason });
  }
  const ordered = orderSrvRecords(records, options.random);
  if (ordered.length === 0) {
    throw new DirectoryUnreachableError(`DNS lists no domain controller for '${domain}' (SRV ${name} is empty).`, { domain, srv: name });
  }
  const host = (target: string): string => {
    const bare = target.replace(/\.$/, '');
    return bare.includes(':') ? `[${bare}]` : bare;
  };
  const urls = ordered.map((record) => (options.startTls ? `ldap://${host(record.name)}:${record.port}` : `ldaps://${host(record.name)}:636`));
  return [...new Set(urls)];
}
