import type { Logger } from '../../log/logger.js';
import { outsideMessage } from '../../log/outside.js';
import type { SiteLocator } from '../ldap/srv.js';
import { ldapPing, type CldapPingOptions } from './cldap-ping.js';
import type { NetlogonResponse } from './netlogon-response.js';

export interface CldapSiteOptions {
  logger: Logger;
  /** DCs asked, in the order given, until one answers (default 3). */
  maxDcs?: number;
  /** Per DC (default 1000 ms). */
  timeoutMs?: number;
  /** The ping (default the real one; a test may count calls). */
  ping?: (host: string, domain: string, options: CldapPingOptions) => Promise<NetlogonResponse>;
}

/**
 * This computer's site by LDAP ping (off Windows, as sssd, adcli and Samba learn it): the first DC
 * of the domain-wide record that answers says which site the computer's address is in. An empty
 * client site (no subnet of the directory holds the address) is no site; no answer is no site.
 */
export function cldapSiteLocator(options: CldapSiteOptions): SiteLocator {
  const ping = options.ping ?? ldapPing;
  return async (domain, dcHosts) => {
    for (const host of dcHosts.slice(0, options.maxDcs ?? 3)) {
      try {
        const answer = await ping(host, domain, { timeoutMs: options.timeoutMs ?? 1000 });
        options.logger.debug('LDAP ping answered', { dc: host, dnsHostName: answer.dnsHostName, dcSite: answer.dcSiteName, clientSite: answer.clientSiteName });
        return answer.clientSiteName === '' ? undefined : answer.clientSiteName;
      } catch (error) {
        options.logger.debug('LDAP ping not answered, trying the next DC', { dc: host, reason: outsideMessage(error) });
      }
    }
    return undefined;
  };
}
