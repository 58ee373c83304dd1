/**
 * A directory source, by role: each caller asks only for the role it uses (the engine for all of
 * them, resolveScope for ScopeGroupResolver, the manager lookup for UsersByDnReader...). The LDAP
 * implementation (ldap/ldap-directory.ts) plays every role; so will any other transport.
 */
import type { GroupClosure, GroupRef } from './membership.js';
import type {
  DirectoryContainer,
  DirectoryGroup,
  DirectoryGroupNode,
  DirectoryServerInfo,
  DirectoryUser,
  ResolvedScope,
} from './model.js';

export interface ConnectOptions {
  /** Servers not to try again in this run (a DC lost mid-read), reported in failedOver with the reason. */
  skip?: { server: string; reason: string }[];
}

/** Connecting to a DC (with failover) and letting it go. */
export interface DirectoryConnection {
  /** Connects and binds to the first reachable server; throws DirectoryUnreachableError when none is. */
  connect(options?: ConnectOptions): Promise<DirectoryServerInfo>;
  close(): Promise<void>;
}

/** What resolving the stored scope needs: its groups and OUs by objectGUID, and the groups' closures. */
export interface ScopeGroupResolver {
  /** The group with this GUID, wherever it now lives; undefined when it no longer exists. */
  findGroupByGuid(objectGuid: string, baseDn: string): Promise<DirectoryGroup | undefined>;
  /** The OU or container with this GUID, wherever it now lives; undefined when it no longer exists. */
  findContainerByGuid(objectGuid: string, baseDn: string): Promise<DirectoryContainer | undefined>;
  /**
   * Transitive closure of these groups: every group nested in them (any depth, cycles end), by
   * the configured membership strategy; foreign security principals among the members are listed.
   */
  expandGroups(roots: GroupRef[]): Promise<GroupClosure>;
}

export interface ReadUsersOptions {
  /**
   * Delta read: only users whose uSNChanged is above this USN, in scope or not (each flagged
   * `inScope`), so that users who left the scope are seen. Absent: every user in scope.
   */
  changedAfterUsn?: string;
  /** Read only what group membership needs (objectGUID, memberOf, the email attributes, userAccountControl). */
  membershipOnly?: boolean;
  /**
   * A full scope read on a connection of its own to the same DC, opened and closed by the read:
   * it can then run beside another read (the email census beside the full read of a sync).
   */
  ownConnection?: boolean;
  /**
   * Only the users with these DNs, in scope or not (each flagged `inScope`), whatever their
   * uSNChanged: a delta re-reads the direct reports of a manager whose email changed.
   */
  dns?: readonly string[];
}

/** Reading the users of the scope. */
export interface UserReader {
  /** Users page by page (see ReadUsersOptions). */
  readUsers(scope: ResolvedScope, options?: ReadUsersOptions): AsyncIterable<DirectoryUser[]>;
}

/** Finding who has gone since the last run. */
export interface DepartureReader {
  /**
   * GUIDs of user objects deleted (tombstoned) after the USN, read with the Show Deleted control;
   * undefined when the account may not read CN=Deleted Objects (callers then use readScopeGuids).
   */
  readDeletedUserGuids(changedAfterUsn: string): Promise<string[] | undefined>;
  /** The GUIDs of every user in scope, and nothing else: a cheap read to find who has gone. */
  readScopeGuids(scope: ResolvedScope): AsyncIterable<string[]>;
}

/** Users by DN, in scope or not: for manager resolution. */
export interface UsersByDnReader {
  /** The users (and mail contacts) with these DNs that exist (any state). */
  readUsersByDn(dns: string[]): Promise<DirectoryUser[]>;
}

/** Watching the scope's groups for changes. */
export interface ScopeChangeWatcher {
  /** Whether any scope group's membership (or the group itself) changed after the USN. */
  scopeGroupsChangedAfter(scope: ResolvedScope, usn: string): Promise<boolean>;
}

/** The groups groups sync sends. */
export interface GroupGraphReader {
  /**
   * The group graph groups sync needs: scope `groups`, the closure of the scope groups; scope
   * `all`, every group under the base DN (nesting may pass through groups outside the search bases).
   */
  readGroupGraph(scope: ResolvedScope): Promise<DirectoryGroupNode[]>;
}

/** Finding objects by what an admin types (set-scope, list-groups, explain): all candidates, so callers can report ambiguity. */
export interface DirectoryFinder {
  /** Users (any state, with memberOf) matching a sAMAccountName, UPN, mail or SMTP proxy address, DN or GUID. */
  findUsers(identity: string, baseDn: string): Promise<DirectoryUser[]>;
  /** Groups matching a name, sAMAccountName, DN or GUID. */
  findGroups(identity: string, baseDn: string): Promise<DirectoryGroup[]>;
  /** OUs and containers matching a DN, GUID or name. */
  findContainers(identity: string, baseDn: string): Promise<DirectoryContainer[]>;
  /** Groups matching every condition of the query (all groups for `{}`), sorted by name, at most `limit`. */
  listGroups(query: GroupQuery, baseDn: string, limit: number): Promise<DirectoryGroup[]>;
}

/** What list-groups looks for; the conditions given must all hold. */
export interface GroupQuery {
  /** Start of the name or sAMAccountName. */
  prefix?: string;
  /** Name or sAMAccountName matching this pattern, `*` for any characters anywhere; no `*`: exactly this. */
  name?: string;
  /** An LDAP filter (RFC 4515) the group must also match; malformed: BAD_REQUEST. */
  ldapFilter?: string;
}

/** Every role: a source of users and groups. Implementations: LDAP (ldapts); Windows integrated auth comes later. */
export interface DirectorySource
  extends DirectoryConnection,
    ScopeGroupResolver,
    UserReader,
    DepartureReader,
    UsersByDnReader,
    ScopeChangeWatcher,
    GroupGraphReader,
    DirectoryFinder {}
