/** OIDs of the rootDSE's supportedCapabilities that the agent looks at. */

/** LDAP_CAP_ACTIVE_DIRECTORY_OID: an Active Directory DC. */
export const CAP_AD = '1.2.840.113556.1.4.800';
/** LDAP_CAP_ACTIVE_DIRECTORY_V60_OID (Windows Server 2008 and later, and Samba): in-chain matching is there. */
export const CAP_AD_V60 = '1.2.840.113556.1.4.1935';
