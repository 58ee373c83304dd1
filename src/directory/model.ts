/** What every directory source returns, whatever the transport (LDAP today, Windows ADSI later). */
import type { GroupClosure } from './membership.js';

/** A user object as read: string attributes by lower-case name, binary ones apart. */
export interface DirectoryUser {
  dn: string;
  /** Lower-case dashed GUID string. */
  objectGuid: string;
  /** Lower-cased LDAP attribute name -> values (multi-valued attributes keep every value). */
  attributes: Record<string, string[]>;
  thumbnailPhoto?: Buffer;
  /**
   * Whether the user belongs to the scope by the directory's rules (enabled unless the scope includes
   * disabled accounts, under a search base, member of a scope group if any, not excluded). Whether
   * the user has an email is the mapping's call, not the directory's.
   */
  inScope: boolean;
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
  /** The DC's database identity (NTDS Settings invocationId): changes when the DC is restored. */
  invocationId?: string;
  /** The DC's highest committed USN when connected: the next delta's starting point. */
  highestCommittedUsn?: string;
  /** Servers tried before this one, with why they failed. */
  failedOver: { server: string; reason: string }[];
}

/** The stored scope, resolved against the directory at the start of a run. */
export interface ResolvedScope {
  kind: 'all' | 'groups';
  /** Where users are read from (current DNs of the stored search bases, or the base DN). */
  searchBases: string[];
  /**
   * For `groups`: DNs of the scope groups and of every group nested in them at any depth (the
   * transitive closure, as the groups are now), so that a direct `memberOf` in it means a member.
   */
  groupDns: string[];
  /** The configured (or default) base DN the scope lives under. */
  baseDn?: string;
  /** DNs of the excluded groups and every group nested in them: a `memberOf` in it excludes. */
  excludedGroupDns?: string[];
  /** Disabled accounts are in scope (sent with enabled: false). */
  includeDisabled?: boolean;
  /** How the scope groups' and excluded groups' members were resolved (explain, and the walk's member sets). */
  membership?: ScopeMembership;
  /** Hash of the stored scope settings: when it changes, the next sync is a full one. */
  fingerprint: string;
}

/** The resolved closures of the scope groups and of the excluded groups. */
export interface ScopeMembership {
  strategy: GroupClosure['strategy'];
  included?: GroupClosure;
  excluded?: GroupClosure;
}

/** An OU or container, as a search base. */
export interface DirectoryContainer {
  dn: string;
  objectGuid: string;
  name: string;
}

/** A group of the group graph: what groups sync sends, and its own groups (`memberOf`). */
export interface DirectoryGroupNode extends DirectoryGroup {
  /** DNs of the groups it is a direct member of. */
  memberOf: string[];
  proxyAddresses?: string[];
  /** isCriticalSystemObject: builtin and system groups, never sent with scope `all`. */
  critical: boolean;
  /** The group's uSNChanged: a delta recomputes groups when one moved past the watermark. */
  usnChanged?: string;
  /** The group's SID (S-1-5-21-...): its last part is the primaryGroupID of the users it is the primary group of. */
  objectSid?: string;
}
