import type { SiteLocator } from '../directory/ldap/srv.js';

/** The domain this computer is a member of, and how it was learned. */
export interface LocatedDomain {
  domain: string;
  /** `windows-locator` (DsGetDcName), or off Windows the machine setting it came from: `hostname`, `resolv.conf`, `krb5.conf`. */
  source: string;
}

/**
 * Finds, by itself, the AD domain and the site of this computer. Windows: the Windows DC locator
 * (DsGetDcName) through the bridge. Elsewhere: the machine's DNS domain or Kerberos realm, checked
 * against the DC record in DNS, and the site by LDAP ping.
 */
export interface DcLocator {
  /** The domain to read; DIRECTORY_UNREACHABLE when none can be found (not a domain member, or no DC answering). */
  locateDomain(): Promise<LocatedDomain>;
  /** This computer's site in a domain, so that the DCs of its site are tried first. */
  locateSite: SiteLocator;
}
