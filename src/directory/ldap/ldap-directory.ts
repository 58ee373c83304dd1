import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { AndFilter, Client, EqualityFilter, InvalidCredentialsError, type Entry, type Filter } from 'ldapts';
import type { DirectorySettings } from '../../config/config.js';
import type { Logger } from '../../log/logger.js';
import { BadRequestError, DirectoryError, DirectoryUnreachableError } from '../../protocol/errors.js';
import { guidFromBytes, guidToBytes, isGuidString } from '../guid.js';
import type { DirectoryGroup, DirectoryServerInfo, DirectorySource, DirectoryUser, ReadUsersOptions, ResolvedScope } from '../model.js';
import { ShowDeletedControl } from './controls/show-deleted-control.js';
import { escapeFilterValue } from './filter-escape.js';

/** Attributes that must come back as bytes, listed explicitly so ldapts does not guess. */
const BINARY_ATTRIBUTES = ['objectGUID', 'thumbnailPhoto', 'invocationId'];
/** AD refuses pages over 1000 (MaxPageSize); Samba does not, so we enforce it here. */
const MAX_PAGE_SIZE = 1000;
/** DNs per OR-filter when looking users up by DN. */
const DN_LOOKUP_CHUNK = 50;

const USERS = '(&(objectCategory=person)(objectClass=user))';
const ENABLED_USERS = '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';
const UAC_ACCOUNTDISABLE = 0x2;
const WITH_MAIL = '(|(mail=*)(proxyAddresses=*))';
const GROUP_ATTRIBUTES = ['objectGUID', 'cn', 'name', 'sAMAccountName', 'mail', 'description', 'distinguishedName'];

export interface LdapDirectoryOptions {
  settings: DirectorySettings;
  bindPassword?: string;
  /** LDAP attributes to read for each user (the mapping decides). */
  userAttributes: readonly string[];
  logger: Logger;
}

/** Checks a directory setting set before saving it: plain LDAP needs an explicit opt-in. */
export function assertTransportAllowed(settings: Pick<DirectorySettings, 'servers' | 'startTls' | 'allowPlainLdap'>): void {
  for (const server of settings.servers) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new BadRequestError(`Directory server '${server}' is not a URL like ldaps://dc1.corp.example:636.`);
    }
    if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') {
      throw new BadRequestError(`Directory server '${server}' must use ldap:// or ldaps://.`);
    }
    if (url.protocol === 'ldap:' && !settings.startTls && !settings.allowPlainLdap) {
      throw new BadRequestError(
        `Directory server '${server}' is plain LDAP: use ldaps://, or startTls, or set allowPlainLdap to accept credentials and data in clear text.`,
      );
    }
  }
}

/** Reads AD over LDAP with ldapts: simple bind over LDAPS or StartTLS, paged searches, failover across servers. */
export class LdapDirectorySource implements DirectorySource {
  private client: Client | undefined;
  private info: DirectoryServerInfo | undefined;

  constructor(private readonly options: LdapDirectoryOptions) {}

  async connect(): Promise<DirectoryServerInfo> {
    const { settings, logger } = this.options;
    assertTransportAllowed(settings);
    const failedOver: DirectoryServerInfo['failedOver'] = [];
    for (const server of settings.servers) {
      try {
        const client = await this.open(server);
        this.client = client;
        this.info = { server, ...(await this.readRootDse(client)), failedOver };
        return this.info;
      } catch (error) {
        if (error instanceof DirectoryError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn('Domain controller unreachable, trying the next one', { server, reason });
        failedOver.push({ server, reason });
      }
    }
    throw new DirectoryUnreachableError(
      `No domain controller could be reached (${failedOver.map((f) => `${f.server}: ${f.reason}`).join('; ')}).`,
      { servers: failedOver },
    );
  }

  async *readUsers(scope: ResolvedScope, options: ReadUsersOptions = {}): AsyncIterable<DirectoryUser[]> {
    const groupDns = new Set(scope.groupDns.map((dn) => dn.toLowerCase()));
    if (options.changedAfterUsn !== undefined) {
      // Delta: every changed user of the whole domain, so users who moved out of a search base,
      // were disabled or left a group are seen too; the scope is judged here, client-side.
      const filter = `(&${USERS}(uSNChanged>=${nextUsn(options.changedAfterUsn)}))`;
      for await (const page of this.pagedUsers(this.requireInfo().defaultNamingContext, filter, ['memberOf'])) {
        yield page.map((user) => ({ ...user, inScope: isInScope(user, scope, groupDns) }));
      }
      return;
    }
    const filter = this.scopeFilter(scope);
    if (!filter) return;
    for (const base of scope.searchBases) {
      for await (const page of this.pagedUsers(base, filter)) yield page.map((user) => ({ ...user, inScope: true }));
    }
  }

  async *readScopeGuids(scope: ResolvedScope): AsyncIterable<string[]> {
    const filter = this.scopeFilter(scope);
    if (!filter) return;
    const pageSize = Math.min(this.options.settings.pageSize, MAX_PAGE_SIZE);
    for (const base of scope.searchBases) {
      try {
        for await (const page of this.requireClient().searchPaginated(base, {
          scope: 'sub',
          filter,
          attributes: ['objectGUID'],
          explicitBufferAttributes: BINARY_ATTRIBUTES,
          paged: { pageSize },
        })) {
          yield page.searchEntries.map(guidOf);
        }
      } catch (error) {
        throw wrapSearchError(error, base);
      }
    }
  }

  async readDeletedUserGuids(changedAfterUsn: string): Promise<string[] | undefined> {
    const base = this.requireInfo().defaultNamingContext;
    if (!(await this.canSeeDeletedObjects(base))) return undefined;
    try {
      const result = await this.requireClient().search(
        base,
        {
          scope: 'sub',
          filter: `(&(objectClass=user)(isDeleted=TRUE)(uSNChanged>=${nextUsn(changedAfterUsn)}))`,
          attributes: ['objectGUID'],
          explicitBufferAttributes: BINARY_ATTRIBUTES,
          paged: { pageSize: MAX_PAGE_SIZE },
        },
        new ShowDeletedControl(),
      );
      return result.searchEntries.map(guidOf);
    } catch (error) {
      throw wrapSearchError(error, base);
    }
  }

  /**
   * Reading tombstones needs rights on CN=Deleted Objects that a plain read account lacks; such an
   * account still sees the container, but none of its attributes, and none of its children.
   */
  private async canSeeDeletedObjects(base: string): Promise<boolean> {
    try {
      const result = await this.requireClient().search(
        `CN=Deleted Objects,${base}`,
        { scope: 'base', filter: '(objectClass=*)', attributes: ['objectGUID'], explicitBufferAttributes: BINARY_ATTRIBUTES },
        new ShowDeletedControl(),
      );
      const guid = result.searchEntries[0]?.objectGUID;
      return Buffer.isBuffer(guid) || (Array.isArray(guid) && guid.length > 0);
    } catch {
      return false;
    }
  }

  /** The LDAP filter of the users in scope (full reads); undefined when nobody can be. */
  private scopeFilter(scope: ResolvedScope): string | undefined {
    if (scope.kind === 'groups' && scope.groupDns.length === 0) return undefined;
    const membership = scope.kind === 'groups' ? `(|${scope.groupDns.map((dn) => `(memberOf=${escapeFilterValue(dn)})`).join('')})` : '';
    return `(&${ENABLED_USERS}${WITH_MAIL}${membership})`;
  }

  async scopeGroupsChangedAfter(scope: ResolvedScope, usn: string): Promise<boolean> {
    if (scope.kind !== 'groups' || scope.groupDns.length === 0) return false;
    const base = this.requireInfo().defaultNamingContext;
    const groups = `(|${scope.groupDns.map((dn) => `(distinguishedName=${escapeFilterValue(dn)})`).join('')})`;
    const changed = await this.searchGroups(base, `(&(objectClass=group)(uSNChanged>=${nextUsn(usn)})${groups})`);
    return changed.length > 0;
  }

  async findGroups(identity: string, baseDn: string): Promise<DirectoryGroup[]> {
    const value = identity.trim();
    const filter = isGuidString(value)
      ? groupByGuidFilter(value)
      : `(&(objectClass=group)(|(distinguishedName=${escapeFilterValue(value)})(sAMAccountName=${escapeFilterValue(value)})(cn=${escapeFilterValue(value)})(name=${escapeFilterValue(value)})))`;
    return this.searchGroups(baseDn, filter);
  }

  async listGroups(prefix: string, baseDn: string, limit: number): Promise<DirectoryGroup[]> {
    const value = escapeFilterValue(prefix.trim());
    const filter = value ? `(&(objectClass=group)(|(name=${value}*)(sAMAccountName=${value}*)))` : '(objectClass=group)';
    const groups: DirectoryGroup[] = [];
    try {
      for await (const page of this.requireClient().searchPaginated(baseDn, {
        scope: 'sub',
        filter,
        attributes: GROUP_ATTRIBUTES,
        explicitBufferAttributes: BINARY_ATTRIBUTES,
        paged: { pageSize: Math.min(this.options.settings.pageSize, MAX_PAGE_SIZE) },
      })) {
        groups.push(...page.searchEntries.map(toDirectoryGroup));
      }
    } catch (error) {
      throw wrapSearchError(error, baseDn);
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
      const filter = `(&(objectClass=user)(|${chunk.map((dn) => `(distinguishedName=${escapeFilterValue(dn)})`).join('')}))`;
      for await (const page of this.pagedUsers(base, filter)) users.push(...page.map((user) => ({ ...user, inScope: false })));
    }
    return users;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.unbind().catch(() => undefined);
  }

  private async open(server: string): Promise<Client> {
    const { settings, bindPassword } = this.options;
    const tlsOptions = this.tlsOptions();
    const secure = server.toLowerCase().startsWith('ldaps:');
    const client = new Client({
      url: server,
      timeout: settings.timeoutMs,
      connectTimeout: settings.connectTimeoutMs,
      strictDN: false,
      // ldapts applies tlsOptions to ldaps:// only; passing them for ldap:// breaks the plain socket.
      ...(secure ? { tlsOptions } : {}),
    });
    try {
      if (!secure && settings.startTls) await client.startTLS(tlsOptions);
      if (settings.bindDn) {
        await client.bind(settings.bindDn, bindPassword ?? '');
      }
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      if (error instanceof InvalidCredentialsError) {
        throw new DirectoryError(`The directory refused the bind credentials for '${settings.bindDn ?? ''}' on ${server}.`, {
          server,
          ldapCode: error.code,
        });
      }
      throw error;
    }
  }

  private tlsOptions(): ConnectionOptions {
    const { settings, logger } = this.options;
    if (settings.tlsInsecure) {
      logger.warn('TLS certificate verification is OFF for the directory (tlsInsecure). Do not use this in production.');
      return { rejectUnauthorized: false };
    }
    return settings.caFile ? { ca: [readFileSync(settings.caFile)] } : {};
  }

  private async readRootDse(client: Client): Promise<Omit<DirectoryServerInfo, 'server' | 'failedOver'>> {
    const result = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['defaultNamingContext', 'dnsHostName', 'highestCommittedUSN', 'dsServiceName'],
    });
    const entry = result.searchEntries[0];
    const naming = entry ? firstString(entry, 'defaultNamingContext') : undefined;
    if (!entry || !naming) throw new DirectoryError('The rootDSE did not give a defaultNamingContext.');
    const serviceName = firstString(entry, 'dsServiceName');
    return {
      defaultNamingContext: naming,
      dnsHostName: firstString(entry, 'dnsHostName'),
      highestCommittedUsn: firstString(entry, 'highestCommittedUSN'),
      ...(serviceName ? { invocationId: await this.readInvocationId(client, serviceName) } : {}),
    };
  }

  /** The invocationId of the DC's NTDS Settings object: a restored DC gets a new one. */
  private async readInvocationId(client: Client, serviceName: string): Promise<string | undefined> {
    const result = await client.search(serviceName, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['invocationId'],
      explicitBufferAttributes: BINARY_ATTRIBUTES,
    });
    const raw = result.searchEntries[0]?.invocationId;
    const bytes = Array.isArray(raw) ? raw[0] : raw;
    return Buffer.isBuffer(bytes) && bytes.length === 16 ? guidFromBytes(bytes) : undefined;
  }

  private async *pagedUsers(baseDn: string, filter: string, extraAttributes: string[] = []): AsyncIterable<Omit<DirectoryUser, 'inScope'>[]> {
    const client = this.requireClient();
    const pageSize = Math.min(this.options.settings.pageSize, MAX_PAGE_SIZE);
    const attributes = [...new Set([...this.options.userAttributes, 'objectGUID', 'userAccountControl', ...extraAttributes])];
    try {
      for await (const page of client.searchPaginated(baseDn, {
        scope: 'sub',
        filter,
        attributes,
        explicitBufferAttributes: BINARY_ATTRIBUTES,
        paged: { pageSize },
      })) {
        yield page.searchEntries.map(toDirectoryUser);
      }
    } catch (error) {
      throw wrapSearchError(error, baseDn);
    }
  }

  private async searchGroups(baseDn: string, filter: string | Filter): Promise<DirectoryGroup[]> {
    try {
      const result = await this.requireClient().search(baseDn, {
        scope: 'sub',
        filter,
        attributes: GROUP_ATTRIBUTES,
        explicitBufferAttributes: BINARY_ATTRIBUTES,
      });
      return result.searchEntries.map(toDirectoryGroup);
    } catch (error) {
      throw wrapSearchError(error, baseDn);
    }
  }

  private requireInfo(): DirectoryServerInfo {
    if (!this.info) throw new Error('LdapDirectorySource used before connect()');
    return this.info;
  }

  private requireClient(): Client {
    if (!this.client) throw new Error('LdapDirectorySource used before connect()');
    return this.client;
  }
}

/**
 * A GUID must be matched as raw bytes: ldapts turns an escaped string filter (`\c0\63...`) into
 * UTF-8 text, which mangles bytes over 0x7f, so the filter is built as objects.
 */
function groupByGuidFilter(guid: string): Filter {
  return new AndFilter({
    filters: [
      new EqualityFilter({ attribute: 'objectClass', value: 'group' }),
      new EqualityFilter({ attribute: 'objectGUID', value: guidToBytes(guid) }),
    ],
  });
}

function wrapSearchError(error: unknown, baseDn: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new DirectoryError(`Directory search under '${baseDn}' failed: ${reason}`, { baseDn }, { cause: error });
}

function firstString(entry: Entry, name: string): string | undefined {
  const value = entry[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function guidOf(entry: Entry): string {
  const raw = entry.objectGUID;
  const bytes = Array.isArray(raw) ? raw[0] : raw;
  if (!Buffer.isBuffer(bytes)) throw new DirectoryError(`Entry ${entry.dn} has no binary objectGUID.`);
  return guidFromBytes(bytes);
}

/** USNs are 64-bit: compare and step them as BigInt. */
function nextUsn(usn: string): string {
  return (BigInt(usn) + 1n).toString();
}

function isInScope(user: Omit<DirectoryUser, 'inScope'>, scope: ResolvedScope, groupDns: Set<string>): boolean {
  const uac = Number.parseInt(user.attributes.useraccountcontrol?.[0] ?? '0', 10);
  if ((uac & UAC_ACCOUNTDISABLE) !== 0) return false;
  const dn = user.dn.toLowerCase();
  if (!scope.searchBases.some((base) => dn === base.toLowerCase() || dn.endsWith(`,${base.toLowerCase()}`))) return false;
  if (scope.kind === 'all') return true;
  return (user.attributes.memberof ?? []).some((group) => groupDns.has(group.toLowerCase()));
}

function toDirectoryUser(entry: Entry): Omit<DirectoryUser, 'inScope'> {
  const attributes: Record<string, string[]> = {};
  let thumbnailPhoto: Buffer | undefined;
  for (const [name, raw] of Object.entries(entry)) {
    const key = name.toLowerCase();
    if (key === 'dn' || key === 'objectguid') continue;
    const values = (Array.isArray(raw) ? raw : [raw]) as (string | Buffer)[];
    if (key === 'thumbnailphoto') {
      const first = values[0];
      if (Buffer.isBuffer(first) && first.length > 0) thumbnailPhoto = first;
      continue;
    }
    const strings = values.map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value))).filter((v) => v !== '');
    if (strings.length > 0) attributes[key] = strings;
  }
  return { dn: entry.dn, objectGuid: guidOf(entry), attributes, ...(thumbnailPhoto ? { thumbnailPhoto } : {}) };
}

function toDirectoryGroup(entry: Entry): DirectoryGroup {
  const name = firstString(entry, 'name') ?? firstString(entry, 'cn') ?? entry.dn;
  return {
    dn: entry.dn,
    objectGuid: guidOf(entry),
    name,
    samAccountName: firstString(entry, 'sAMAccountName'),
    mail: firstString(entry, 'mail'),
    description: firstString(entry, 'description'),
  };
}
