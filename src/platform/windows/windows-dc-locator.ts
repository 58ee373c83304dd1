import type { SiteLocator } from '../../directory/ldap/srv.js';
import type { Logger } from '../../log/logger.js';
import { outsideMessage } from '../../log/outside.js';
import { AgentError, DirectoryUnreachableError } from '../../protocol/errors.js';
import type { DcLocator, LocatedDomain } from '../dc-locator.js';
import type { WindowsBridge } from './edge-bridge.js';

/**
 * The locator on Windows: DsGetDcName (the bridge's DcLocator.Locate), which answers the domain
 * this computer is a member of and the site Windows itself placed it in. The site falls back to
 * `fallbackSite` (the LDAP ping) when the locator fails (the bridge not loading
 * included); a locator that answers no site means none.
 */
export class WindowsDcLocator implements DcLocator {
  constructor(
    private readonly bridge: () => WindowsBridge,
    private readonly fallbackSite: SiteLocator,
    private readonly logger: Logger,
  ) {}

  async locateDomain(): Promise<LocatedDomain> {
    let located;
    try {
      located = await this.bridge().dcLocator.locate({});
    } catch (error) {
      // The bridge itself missing keeps its own error (DIRECTORY_ERROR integrated-unavailable).
      if (error instanceof AgentError) throw error;
      const reason = outsideMessage(error);
      throw new DirectoryUnreachableError(
        `The Windows DC locator found no domain for this computer (${reason}): it is not a domain member, or no domain controller answers. Give the domain or the domain controllers (set-directory domain or servers; Set-S365Directory -Domain or -Server).`,
        { problem: 'domain-not-found', reason },
      );
    }
    this.logger.info('Domain of this computer found', { domain: located.domain, source: 'windows-locator', dc: located.domainController, clientSite: located.clientSite });
    return { domain: located.domain, source: 'windows-locator' };
  }

  readonly locateSite: SiteLocator = async (domain, dcHosts) => {
    try {
      const located = await this.bridge().dcLocator.locate({ domain });
      this.logger.debug('Windows DC locator answered', { domain, dc: located.domainController, dcSite: located.dcSite, clientSite: located.clientSite });
      return located.clientSite || undefined;
    } catch (error) {
      this.logger.info('Windows DC locator did not answer, asking a DC for the site by LDAP ping', { domain, reason: outsideMessage(error) });
      return this.fallbackSite(domain, dcHosts);
    }
  };
}
