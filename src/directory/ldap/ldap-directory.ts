import type { Filter } from 'ldapts';
import type { DirectorySettings } from '../../config/config.js';
import type { Logger } from '../../log/logger.js';
import { ConfigCorruptError, ConfigUnwritableError, DirectoryError, DirectoryUnreachableError } from '../../protocol/errors.js';
import { DirectorySettingsError } from '../errors.js';
import { isGuidString } from '../guid.js';
import type { DirectoryContainer, DirectoryGroup, DirectoryGroupNode, DirectoryServerInfo, DirectoryUser, ResolvedScope } from '../model.js';
import type { ConnectOptions, DirectorySource, GroupQuery, ReadUsersOptions } from '../source.js';
import { groupQueryFilter } from './group-query.js';
import { assertDirectoryAuth } from './bind-credentials.js';
import { discoverDirectory, type DirectoryDiscovery } from './discovery.js';
import { isExcluded, isMemberThroughGroups, judgeScope } from '../scope-rule.js';
import { entryBytes, entryGuid, entryString, entryStrings, objectGuidOf } from './entry.js';
import { and, anyObject, anyOf, changedAfter, equals, guidEquals, namedBy, objectClass, or, userObjects } from './filters.js';
import { inChainTimeLimitSeconds, LdapGroups } from './ldap-groups.js';
import { MAX_PAGE_SIZE, pageSizeOf } from './page-size.js';
import { primaryGroupScopeFilter, scopeFilter } from './scope-filter.js';
import { pagedSearchError, searchError } from './search-error.js';
import type { GroupClosure, GroupRef } from '../membership.js';
import { readAttributeSchemas, type AttributeSchemaInfo } from './schema.js';
import { discoverDcUrls, type SiteLocator, type SrvResolver } from './srv.js';
import { outsideMessage } from '../../log/outside.js';
import { simpleBindOpener } from './ldapts-session.js';
import { SHOW_DELETED } from './controls/show-deleted.js';
import type { LdapSession, SessionEntry, SessionOpener } from './session.js';
import { readAhead } from '../read-ahead.js';

/** Attributes that must come back as bytes, listed explicitly so ldapts does not guess. */
const BINARY_ATTRIBUTES = ['objectGUID', 'thumbnailPhoto', 'invocationId'];
/** DNs per OR-filter when looking users up by DN. */
const DN_LOOKUP_CHUNK = 50;

const GROUP_ATTRIBUTES = ['objectGUID', 'cn', 'name', 'sAMAccountName', 'mail', 'description', 'distinguishedName'];
/** Member DNs per OR-filter when the walk's members are read. */
const MEMBER_LOOKUP_CHUNK = 100;
/** What a membership-only read needs: whether the user has an email, is enabled, and its groups. */
const MEMBERSHIP_ATTRIBUTES = ['mail', 'proxyAddresses', 'userPrincipalName', 'memberOf', 'primaryGroupID'];
/** What every user read adds to the mapping's attributes: the groups the scope rule judges membership by. */
const GROUPS_OF_USER = ['memberOf', 'primaryGroupID'];

export interface LdapDirectoryOptions {
  settings: DirectorySettings;
  bindPassword?: string;
  /** LDAP attributes to read for each user (the mapping decides). */
  userAttributes: readonly string[];
  logger: Logger;
  /** SRV lookups for `settings.domain` (default node:dns; tests inject a stub). */
  resolveSrv?: SrvResolver;
  /** Learns this computer's site, so that the DCs of `settings.domain` in that site are tried first (default: none, the domain-wide order). */
  locateSite?: SiteLocator;
  /** Opens and binds a session to one DC (default: ldapts, a simple bind with bindDn and bindPassword). */
  openSession?: SessionOpener;
}

/**
 * Checks a directory setting set before saving it: plain LDAP needs an explicit opt-in, except with
 * integrated auth, whose Kerberos session is signed and sealed.
 */
export function assertTransportAllowed(settings: Pick<DirectorySettings, 'servers' | 'startTls' | 'allowPlainLdap'> & { domain?: string; auth?: DirectorySettings['auth'] }): void {
  if (settings.servers.length === 0 && !settings.domain) {
    throw new DirectorySettingsError('No directory server: give servers (LDAP URLs) or a domain to find its DCs in DNS.');
  }
  for (const server of settings.servers) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new DirectorySettingsError(`Directory server '${server}' is not a URL like ldaps://dc1.corp.example:636.`);
    }
    if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') {
      throw new DirectorySettingsError(`Directory server '${server}' must use ldap:// or ldaps://.`);
    }
    if (url.hostname === '') {
      throw new DirectorySettingsError(`Directory server '${server}' has no host name: give one like ldaps://dc1.corp.example:636.`);
    }
    if (url.protocol === 'ldap:' && !settings.startTls && !settings.allowPlainLdap && settings.auth !== 'integrated') {
      throw new DirectorySettingsError(
        `Directory server '${server}' is plain LDAP: use ldaps://, or startTls, or set allowPlainLdap to accept credentials and data in clear text.`,
      );
    }
  }
}

/**
 * Reads AD over LDAP: paged searches, failover across servers, over an LdapSession (ldapts with a
 * simple bind over LDAPS or StartTLS by default; the .NET Negotiate session for integrated auth).
 */
export class LdapDirectorySource implements DirectorySource {
  private session: LdapSession | undefined;
  private info: DirectoryServerInfo | undefined;
  /** Group membership (closures, ranged member reads, the group graph) on the current connection. */
  private groups: LdapGroups | undefined;

  constructor(private readonly options: LdapDirectoryOptions) {}

  async connect(options: ConnectOptions = {}): Promise<DirectoryServerInfo> {
    const { settings, logger } = this.options;
    assertTransportAllowed(settings);
    assertDirectoryAuth(settings, this.options.bindPassword);
    const failedOver: DirectoryServerInfo['failedOver'] = [];
    const servers = settings.servers.length > 0 ? settings.servers : await this.discoverServers(settings.domain!);
    for (const server of servers) {
      const skipped = options.skip?.find((skip) => skip.server === server);
      if (skipped) {
        failedOver.push(skipped);
        continue;
      }
      try {
        const session = await this.open(server);
        this.session = session;
        try {
          this.info = { server, ...(await this.readRootDse(session)), failedOver };
        } catch (error) {
          this.session = undefined;
          await session.close();
          throw error;
        }
        return this.info;
      } catch (error) {
        // A refused bind, and a fault of this machine (the Windows bridge's runtime folder changed or
        // unwritable), are not cured by another DC.
        if (error instanceof DirectoryError || error instanceof ConfigCorruptError || error instanceof ConfigUnwritableError) throw error;
        const reason = outsideMessage(error);
        logger.warn('Domain controller unreachable, trying the next one', { server, reason });
        failedOver.push({ server, reason });
      }
    }
    throw new DirectoryUnreachableError(
      `No domain controller could be reached (${failedOver.map((f) => `${f.server}: ${f.reason}`).join('; ')}).`,
      { servers: failedOver },
    );
  }

  private discoverServers(domain: string): Promise<string[]> {
    const { resolveSrv, locateSite, settings, logger } = this.options;
    return discoverDcUrls(domain, { startTls: settings.startTls, logger, ...(resolveSrv ? { resolveSrv } : {}), ...(locateSite ? { locateSite } : {}) });
  }

  async *readUsers(scope: ResolvedScope, options: ReadUsersOptions = {}): AsyncIterable<DirectoryUser[]> {
    const only = options.membershipOnly ? MEMBERSHIP_ATTRIBUTES : undefined;
    const judged = (page: Omit<DirectoryUser, 'inScope'>[]): DirectoryUser[] => page.map((user) => ({ ...user, inScope: judgeScope(user, scope).reasons.length === 0 }));
    const base = this.requireInfo().defaultNamingContext;
    if (options.changedAfterUsn !== undefined) {
      // Delta: every changed user of the whole domain, so users who moved out of a search base,
      // were disabled or left a group are seen too; the scope is judged here, client-side, with
      // the transitive closures of the scope and excluded groups. directReports: the planner
      // re-reads the reports of a manager whose email changed.
      // The filter is the USN alone, and the users are picked here: Samba intersects an AND with
      // the index of objectClass=user (every user), which took 4.9 s at 100,000 users against 0.9 s
      // for uSNChanged alone (docs/bench.md, "Deltas"); AD answers both from the USN index.
      for await (const page of this.pagedUsers(base, changedAfter(options.changedAfterUsn), [...GROUPS_OF_USER, 'directReports', ...USER_OBJECT_ATTRIBUTES], only)) {
        const users = page.filter(isUserObject);
        if (users.length > 0) yield judged(users);
      }
      return;
    }
    if (options.dns !== undefined) {
      for (let start = 0; start < options.dns.length; start += DN_LOOKUP_CHUNK) {
        const filter = and(userObjects(), anyOf('distinguishedName', options.dns.slice(start, start + DN_LOOKUP_CHUNK)));
        for await (const page of this.pagedUsers(base, filter, GROUPS_OF_USER, only)) yield judged(page);
      }
      return;
    }
    if (!options.ownConnection) {
      yield* this.scopedUsers(scope, only);
      return;
    }
    const session = await this.open(this.requireInfo().server);
    try {
      yield* this.scopedUsers(scope, only, session);
    } finally {
      await session.close();
    }
  }

  async *readScopeGuids(scope: ResolvedScope): AsyncIterable<string[]> {
    for await (const page of this.scopedUsers(scope, [])) yield page.filter((user) => user.inScope).map((user) => user.objectGuid);
  }

  /**
   * The users of a full scope read. Members of scope groups are found by the strategy that
   * resolved the closure: in-chain in the filter, or the walk's member DNs looked up in chunks;
   * then those whose primary group is in the closure. Excluded users (memberOf or primary group
   * in the excluded closure) come with inScope false.
   */
  private async *scopedUsers(scope: ResolvedScope, onlyAttributes?: string[], session = this.requireSession()): AsyncIterable<DirectoryUser[]> {
    const filter = scopeFilter(scope);
    if (!filter) return;
    const mark = (page: Omit<DirectoryUser, 'inScope'>[]): DirectoryUser[] => page.map((user) => ({ ...user, inScope: !isExcluded(user, scope) }));
    const closure = scope.kind === 'groups' ? scope.membership?.included : undefined;
    if (closure?.strategy === 'walk') {
      const dns = closure.memberDns ?? [];
      for (const base of scope.searchBases) {
        for (let start = 0; start < dns.length; start += MEMBER_LOOKUP_CHUNK) {
          const chunk = dns.slice(start, start + MEMBER_LOOKUP_CHUNK);
          const byDn = and(filter, anyOf('distinguishedName', chunk));
          for await (const page of this.pagedUsers(base, byDn, GROUPS_OF_USER, onlyAttributes, undefined, session)) yield mark(page);
        }
      }
    } else {
      const timeLimit = closure?.strategy === 'in-chain' ? inChainTimeLimitSeconds(this.options.settings) : undefined;
      for (const base of scope.searchBases) {
        for await (const page of this.pagedUsers(base, filter, GROUPS_OF_USER, onlyAttributes, timeLimit, session)) yield mark(page);
      }
    }
    yield* this.primaryGroupMembers(scope, mark, onlyAttributes, session);
  }

  /**
   * The members of the scope closure by primary group who are not also members by `member`
   * (those came with the search above): one indexed search on primaryGroupID per search base.
   */
  private async *primaryGroupMembers(
    scope: ResolvedScope,
    mark: (page: Omit<DirectoryUser, 'inScope'>[]) => DirectoryUser[],
    onlyAttributes?: string[],
    session = this.requireSession(),
  ): AsyncIterable<DirectoryUser[]> {
    const filter = primaryGroupScopeFilter(scope);
    if (!filter) return;
    for (const base of scope.searchBases) {
      for await (const page of this.pagedUsers(base, filter, GROUPS_OF_USER, onlyAttributes, undefined, session)) {
        const onlyByPrimaryGroup = page.filter((user) => !isMemberThroughGroups(user, scope));
        if (onlyByPrimaryGroup.length > 0) yield mark(onlyByPrimaryGroup);
      }
    }
  }

  async readDeletedUserGuids(changedAfterUsn: string): Promise<string[] | undefined> {
    const base = this.requireInfo().defaultNamingContext;
    if (!(await this.canSeeDeletedObjects(base))) return undefined;
    try {
      const guids: string[] = [];
      for await (const page of this.requireSession().searchPages(
        {
          base,
          scope: 'sub',
          // Tombstones of any class: the planner removes only the GUIDs of synced users. Without
          // objectClass=user, whose index Samba would intersect (3.7 s against 0.8 s at 100,000 users).
          filter: and(equals('isDeleted', 'TRUE'), changedAfter(changedAfterUsn)),
          attributes: ['objectGUID'],
          binaryAttributes: BINARY_ATTRIBUTES,
          controls: [SHOW_DELETED],
        },
        MAX_PAGE_SIZE,
      )) {
        guids.push(...page.map(objectGuidOf));
      }
      return guids;
    } catch (error) {
      throw searchError(error, base);
    }
  }

  /**
   * Reading tombstones needs rights on CN=Deleted Objects that a plain read account lacks; such an
   * account still sees the container, but none of its attributes, and none of its children.
   */
  private async canSeeDeletedObjects(base: string): Promise<boolean> {
    try {
      const [entry] = await this.requireSession().search({
        base: `CN=Deleted Objects,${base}`,
        scope: 'base',
        filter: anyObject(),
        attributes: ['objectGUID'],
        binaryAttributes: BINARY_ATTRIBUTES,
        controls: [SHOW_DELETED],
      });
      return entry !== undefined && entryBytes(entry, 'objectGUID') !== undefined;
    } catch {
      return false;
    }
  }

  /** Whether any group of the scope's closures (scope groups, nested ones, excluded ones) changed after the USN. */
  async scopeGroupsChangedAfter(scope: ResolvedScope, usn: string): Promise<boolean> {
    const dns = [...(scope.kind === 'groups' ? scope.groupDns : []), ...(scope.excludedGroupDns ?? [])];
    const base = this.requireInfo().defaultNamingContext;
    for (let start = 0; start < dns.length; start += DN_LOOKUP_CHUNK) {
      const groups = anyOf('distinguishedName', dns.slice(start, start + DN_LOOKUP_CHUNK));
      const changed = await this.searchGroups(base, and(objectClass('group'), changedAfter(usn), groups));
      if (changed.length > 0) return true;
    }
    return false;
  }

  expandGroups(roots: GroupRef[]): Promise<GroupClosure> {
    return this.groupReader().expand(roots);
  }

  findContainers(identity: string, baseDn: string): Promise<DirectoryContainer[]> {
    return this.groupReader().findContainers(identity, baseDn);
  }

  findContainerByGuid(objectGuid: string, baseDn: string): Promise<DirectoryContainer | undefined> {
    return this.groupReader().findContainerByGuid(objectGuid, baseDn);
  }

  readGroupGraph(scope: ResolvedScope): Promise<DirectoryGroupNode[]> {
    return this.groupReader().graph(scope);
  }

  async findUsers(identity: string, baseDn: string): Promise<DirectoryUser[]> {
    const value = identity.trim();
    let filter: Filter;
    if (isGuidString(value)) {
      filter = and(objectClass('user'), guidEquals(value));
    } else {
      const sam = value.includes('\\') ? value.slice(value.lastIndexOf('\\') + 1) : value;
      filter = and(userObjects(), or(equals('sAMAccountName', sam), namedBy(['userPrincipalName', 'mail'], value), equals('proxyAddresses', `smtp:${value}`), equals('distinguishedName', value)));
    }
    const users: DirectoryUser[] = [];
    for await (const page of this.pagedUsers(baseDn, filter, GROUPS_OF_USER)) users.push(...page.map((user) => ({ ...user, inScope: false })));
    return users;
  }

  private groupReader(): LdapGroups {
    this.groups ??= new LdapGroups({
      session: () => this.requireSession(),
      settings: this.options.settings,
      logger: this.options.logger,
      namingContext: () => this.requireInfo().defaultNamingContext,
    });
    return this.groups;
  }

  async findGroups(identity: string, baseDn: string): Promise<DirectoryGroup[]> {
    const value = identity.trim();
    const filter = isGuidString(value) ? groupByGuidFilter(value) : and(objectClass('group'), namedBy(['distinguishedName', 'sAMAccountName', 'cn', 'name'], value));
    return this.searchGroups(baseDn, filter);
  }

  async listGroups(query: GroupQuery, baseDn: string, limit: number): Promise<DirectoryGroup[]> {
    const filter = groupQueryFilter(query);
    const groups: DirectoryGroup[] = [];
    try {
      const request = { base: baseDn, scope: 'sub', filter, attributes: GROUP_ATTRIBUTES, binaryAttributes: BINARY_ATTRIBUTES } as const;
      for await (const page of this.requireSession().searchPages(request, pageSizeOf(this.options.settings))) {
        groups.push(...page.map(toDirectoryGroup));
      }
    } catch (error) {
      throw searchError(error, baseDn);
    }
    return groups.sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
  }

  async findGroupByGuid(objectGuid: string, baseDn: string): Promise<DirectoryGroup | undefined> {
    const groups = await this.searchGroups(baseDn, groupByGuidFilter(objectGuid));
    return groups[0];
  }

  async readUsersByDn(dns: string[]): Promise<DirectoryUser[]> {
    const users: DirectoryUser[] = [];
    const base = this.requireInfo().defaultNamingContext;
    for (let start = 0; start < dns.length; start += DN_LOOKUP_CHUNK) {
      const chunk = dns.slice(start, start + DN_LOOKUP_CHUNK);
      const filter = and(anyOf('objectClass', ['user', 'contact']), anyOf('distinguishedName', chunk));
      for await (const page of this.pagedUsers(base, filter)) users.push(...page.map((user) => ({ ...user, inScope: false })));
    }
    return users;
  }

  /** Attribute definitions from the schema, by lDAPDisplayName (set-mapping checks names with it). */
  async readAttributeSchemas(names: readonly string[]): Promise<AttributeSchemaInfo[]> {
    return readAttributeSchemas(this.requireSession(), names);
  }

  /** What the discover verb reports: naming contexts, DCs, functional levels, controls. */
  async discover(): Promise<DirectoryDiscovery> {
    try {
      return await discoverDirectory(this.requireSession(), this.requireInfo());
    } catch (error) {
      throw searchError(error, '');
    }
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.groups = undefined;
    if (session) await session.close();
  }

  private open(server: string): Promise<LdapSession> {
    const { settings, bindPassword, logger } = this.options;
    const opener = this.options.openSession ?? simpleBindOpener({ settings, logger, ...(bindPassword !== undefined ? { bindPassword } : {}) });
    return opener(server);
  }

  private async readRootDse(session: LdapSession): Promise<Omit<DirectoryServerInfo, 'server' | 'failedOver'>> {
    const [entry] = await session.search({
      base: '',
      scope: 'base',
      filter: anyObject(),
      attributes: ['defaultNamingContext', 'dnsHostName', 'highestCommittedUSN', 'dsServiceName'],
    });
    const naming = entry ? entryString(entry, 'defaultNamingContext') : undefined;
    if (!entry || !naming) throw new DirectoryError('The rootDSE did not give a defaultNamingContext.');
    const serviceName = entryString(entry, 'dsServiceName');
    return {
      defaultNamingContext: naming,
      dnsHostName: entryString(entry, 'dnsHostName'),
      highestCommittedUsn: entryString(entry, 'highestCommittedUSN'),
      ...(serviceName ? { invocationId: await this.readInvocationId(session, serviceName) } : {}),
    };
  }

  /** The invocationId of the DC's NTDS Settings object: a restored DC gets a new one. */
  private async readInvocationId(session: LdapSession, serviceName: string): Promise<string | undefined> {
    const [entry] = await session.search({ base: serviceName, scope: 'base', filter: anyObject(), attributes: ['invocationId'], binaryAttributes: BINARY_ATTRIBUTES });
    return entry ? entryGuid(entry, 'invocationId') : undefined;
  }

  /** `onlyAttributes` replaces the mapping's attributes (membership-only reads); `timeLimit` (s) bounds in-chain searches. */
  private async *pagedUsers(
    baseDn: string,
    filter: Filter,
    extraAttributes: string[] = [],
    onlyAttributes?: string[],
    timeLimit?: number,
    session = this.requireSession(),
  ): AsyncIterable<Omit<DirectoryUser, 'inScope'>[]> {
    const pageSize = pageSizeOf(this.options.settings);
    const attributes = [...new Set([...(onlyAttributes ?? this.options.userAttributes), 'objectGUID', 'userAccountControl', ...extraAttributes])];
    let pages = 0;
    try {
      const request = { base: baseDn, scope: 'sub', filter, attributes, binaryAttributes: BINARY_ATTRIBUTES, ...(timeLimit ? { timeLimitSeconds: timeLimit } : {}) } as const;
      // The DC prepares the next page while this one is mapped and sent (read-ahead.ts).
      for await (const page of readAhead(session.searchPages(request, pageSize))) {
        pages += 1;
        yield page.map(toDirectoryUser);
      }
    } catch (error) {
      throw pagedSearchError(error, baseDn, pages);
    }
  }

  private async searchGroups(baseDn: string, filter: Filter): Promise<DirectoryGroup[]> {
    try {
      const entries = await this.requireSession().search({ base: baseDn, scope: 'sub', filter, attributes: GROUP_ATTRIBUTES, binaryAttributes: BINARY_ATTRIBUTES });
      return entries.map(toDirectoryGroup);
    } catch (error) {
      throw searchError(error, baseDn);
    }
  }

  private requireInfo(): DirectoryServerInfo {
    if (!this.info) throw new Error('LdapDirectorySource used before connect()');
    return this.info;
  }

  private requireSession(): LdapSession {
    if (!this.session) throw new Error('LdapDirectorySource used before connect()');
    return this.session;
  }
}

function groupByGuidFilter(guid: string): Filter {
  return and(objectClass('group'), guidEquals(guid));
}

/** What userObjects() asks the DC for, checked here: a delta reads every object changed. */
const USER_OBJECT_ATTRIBUTES = ['objectClass', 'objectCategory'];

/** `(&(objectCategory=person)(objectClass=user))`, on an entry read with USER_OBJECT_ATTRIBUTES: users, not contacts or computers. */
function isUserObject(user: Omit<DirectoryUser, 'inScope'>): boolean {
  const category = user.attributes.objectcategory?.[0] ?? '';
  return /^CN=Person,/i.test(category) && (user.attributes.objectclass ?? []).some((name) => name.toLowerCase() === 'user');
}

function toDirectoryUser(entry: SessionEntry): Omit<DirectoryUser, 'inScope'> {
  const attributes: Record<string, string[]> = {};
  let thumbnailPhoto: Buffer | undefined;
  for (const name of Object.keys(entry)) {
    const key = name.toLowerCase();
    if (key === 'dn' || key === 'objectguid') continue;
    if (key === 'thumbnailphoto') {
      thumbnailPhoto = entryBytes(entry, name) ?? thumbnailPhoto;
      continue;
    }
    const strings = entryStrings(entry, name);
    if (strings.length > 0) attributes[key] = strings;
  }
  return { dn: entry.dn, objectGuid: objectGuidOf(entry), attributes, ...(thumbnailPhoto ? { thumbnailPhoto } : {}) };
}

function toDirectoryGroup(entry: SessionEntry): DirectoryGroup {
  const name = entryString(entry, 'name') ?? entryString(entry, 'cn') ?? entry.dn;
  return {
    dn: entry.dn,
    objectGuid: objectGuidOf(entry),
    name,
    samAccountName: entryString(entry, 'sAMAccountName'),
    mail: entryString(entry, 'mail'),
    description: entryString(entry, 'description'),
  };
}
