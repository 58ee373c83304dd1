import { cldapSiteLocator } from '../directory/locator/cldap-site.js';
import { dcSrvName, orderSrvRecords, type SiteLocator, type SrvResolver } from '../directory/ldap/srv.js';
import type { Logger } from '../log/logger.js';
import { outsideMessage } from '../log/outside.js';
import { DirectoryUnreachableError } from '../protocol/errors.js';
import type { DcLocator, LocatedDomain } from './dc-locator.js';
import { machineDomainCandidates, type MachineDomainSources } from './machine-domain.js';

export interface DnsDcLocatorOptions {
  resolveSrv: SrvResolver;
  logger: Logger;
  machine?: MachineDomainSources;
  env?: NodeJS.ProcessEnv;
  /** Default: the LDAP ping. */
  locateSite?: SiteLocator;
}

/**
 * The locator off Windows: the domain is the first of the machine's candidates (machine-domain.ts)
 * for which DNS lists domain controllers (`_ldap._tcp.dc._msdcs.<domain>`), as `realm discover`
 * checks a domain; the site comes from an LDAP ping to a DC of the domain.
 */
export class DnsDcLocator implements DcLocator {
  readonly locateSite: SiteLocator;

  constructor(private readonly options: DnsDcLocatorOptions) {
    this.locateSite = options.locateSite ?? cldapSiteLocator({ logger: options.logger });
  }

  async locateDomain(): Promise<LocatedDomain> {
    const candidates = await machineDomainCandidates(this.options.machine, this.options.env);
    const tried: { domain: string; source: string; reason: string }[] = [];
    for (const candidate of candidates) {
      const srv = dcSrvName(candidate.domain);
      try {
        if (orderSrvRecords(await this.options.resolveSrv(srv)).length > 0) {
          this.options.logger.info('Domain of this computer found', { domain: candidate.domain, source: candidate.source });
          return candidate;
        }
        tried.push({ ...candidate, reason: 'empty' });
      } catch (error) {
        tried.push({ ...candidate, reason: (error as NodeJS.ErrnoException).code ?? outsideMessage(error) });
      }
    }
    const looked = tried.length === 0
      ? 'this machine names no DNS domain (host name, resolv.conf domain/search, Kerberos default realm)'
      : `DNS lists no domain controller for ${tried.map((t) => `${t.domain} (from ${t.source}: ${t.reason})`).join(', ')}`;
    throw new DirectoryUnreachableError(
      `The domain of this computer was not found: ${looked}. Give the domain or the domain controllers (set-directory domain or servers; Set-S365Directory -Domain or -Server).`,
      { problem: 'domain-not-found', tried },
    );
  }
}
