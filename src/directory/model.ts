/** What every directory source returns, whatever the transport (LDAP today, Windows ADSI later). */

/** A user object as read: string attributes by lower-case name, binary ones apart. */
export interface DirectoryUser {
  dn: string;
  /** Lower-case dashed GUID string. */
  objectGuid: string;
  /** Lower-cased LDAP attribute name -> values (multi-valued attributes keep every value). */
  attributes: Record<string, string[]>;
  thumbnailPhoto?: Buffer;
}

/** A group found by name, sAMAccountName, DN or GUID. */
export interface DirectoryGroup {
  dn: string;
  objectGuid: string;
  name: string;
  samAccountName?: string;
  mail?: string;
  description?: string;
}

/** Facts from the rootDSE of the DC the source connected to. */
export interface DirectoryServerInfo {
  /** The URL of the DC actually used (after failover). */
  server: string;
  dnsHostName?: string;
  defaultNamingContext: string;
  highestCommittedUsn?: string;
  /** Servers tried before this one, with why they failed. */
  failedOver: { server: string; reason: string }[];
}

/** Which users to read. */
export type UserQuery =
  | { kind: 'all'; baseDn: string }
  | { kind: 'members-of'; baseDn: string; groupDns: string[] };

/** A source of users and groups. Implementations: LDAP (ldapts); Windows integrated auth comes later. */
export interface DirectorySource {
  /** Connects and binds to the first reachable server; throws DirectoryUnreachableError when none is. */
  connect(): Promise<DirectoryServerInfo>;
  /** Enabled users with a mail address or proxyAddresses, page by page. */
  readUsers(query: UserQuery): AsyncIterable<DirectoryUser[]>;
  /** Groups matching a name, sAMAccountName, DN or GUID: all candidates, so callers can report ambiguity. */
  findGroups(identity: string, baseDn: string): Promise<DirectoryGroup[]>;
  /** Groups whose name or sAMAccountName starts with `prefix` (all groups for ''), sorted by name, at most `limit`. */
  listGroups(prefix: string, baseDn: string, limit: number): Promise<DirectoryGroup[]>;
  /** The group with this GUID, wherever it now lives; undefined when it no longer exists. */
  findGroupByGuid(objectGuid: string, baseDn: string): Promise<DirectoryGroup | undefined>;
  /** The users with these DNs that exist (any state): for manager resolution. */
  readUsersByDn(dns: string[]): Promise<DirectoryUser[]>;
  close(): Promise<void>;
}
