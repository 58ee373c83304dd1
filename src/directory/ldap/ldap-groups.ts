import type { Filter } from 'ldapts';
import type { DirectorySettings, MembershipStrategy } from '../../config/config.js';
import type { Logger } from '../../log/logger.js';
import { isGuidString } from '../guid.js';
import { closureFromParents, foreignPrincipalSid, isForeignAccountSid, walkClosure, type ClosureGroup, type GroupClosure, type GroupRef } from '../membership.js';
import type { DirectoryContainer, DirectoryGroupNode, ResolvedScope } from '../model.js';
import { CAP_AD_V60 } from './capabilities.js';
import { entryBoolean, entryBytes, entryString, entryStrings, objectGuidOf } from './entry.js';
import { ridInDomain, sidFromBytes } from '../sid.js';
import { and, anyObject, anyOf, guidEquals, inChainMemberOf, namedBy, objectClass } from './filters.js';
import { pageSizeOf } from './page-size.js';
import { pagedSearchError, searchError } from './search-error.js';
import { DEFAULT_RANGE_STEP, readRanged } from './range.js';
import { ldapResultCode, LdapResultCode, type LdapSession, type SessionEntry } from './session.js';
import { outsideMessage } from '../../log/outside.js';

/** Roots per in-chain OR filter. */
const ROOTS_PER_FILTER = 20;

export const GROUP_NODE_ATTRIBUTES = [
  'objectGUID',
  'cn',
  'name',
  'sAMAccountName',
  'mail',
  'proxyAddresses',
  'description',
  'memberOf',
  'isCriticalSystemObject',
  'uSNChanged',
  'objectSid',
];
/** Group attributes read as bytes. */
const GROUP_BINARY_ATTRIBUTES = ['objectGUID', 'objectSid'];
const CONTAINER_CLASSES = ['organizationalUnit', 'container', 'domainDNS'];

/** What the group reader needs from the directory source that owns the connection. */
export interface LdapGroupsContext {
  session(): LdapSession;
  settings: DirectorySettings;
  logger: Logger;
  /** The domain naming context: groups are looked up domain-wide (nesting crosses OUs). */
  namingContext(): string;
}

/** Server-side time limit of in-chain searches: half the client timeout, so the DC gives up first and the connection survives. */
export function inChainTimeLimitSeconds(settings: Pick<DirectorySettings, 'timeoutMs'>): number {
  return Math.max(1, Math.min(300, Math.floor(settings.timeoutMs / 2000)));
}

const IN_CHAIN_GAVE_UP: readonly number[] = [
  LdapResultCode.timeLimitExceeded,
  // Samba ends an in-chain search that runs out of its time limit on a loaded DC with this
  // rather than timeLimitExceeded (seen with a 2 s limit): the walk gives the same answer.
  LdapResultCode.operationsError,
  LdapResultCode.adminLimitExceeded,
  LdapResultCode.unavailableCriticalExtension,
  LdapResultCode.inappropriateMatching,
  LdapResultCode.unwillingToPerform,
];

/** Errors that say "in-chain cannot answer this here", after which auto falls back to the walk. */
function inChainGaveUp(error: unknown): boolean {
  const code = ldapResultCode(error);
  return code !== undefined && IN_CHAIN_GAVE_UP.includes(code);
}

/** The SID of an entry read with objectSid as bytes. */
function objectSidOf(entry: SessionEntry): string | undefined {
  const bytes = entryBytes(entry, 'objectSid');
  return bytes ? sidFromBytes(bytes) : undefined;
}

export function toGroupNode(entry: SessionEntry): DirectoryGroupNode {
  const first = (name: string): string | undefined => entryString(entry, name);
  const proxyAddresses = entryStrings(entry, 'proxyAddresses');
  const objectSid = objectSidOf(entry);
  return {
    dn: entry.dn,
    objectGuid: objectGuidOf(entry),
    name: first('name') ?? first('cn') ?? entry.dn,
    samAccountName: first('sAMAccountName'),
    mail: first('mail'),
    description: first('description'),
    ...(proxyAddresses.length > 0 ? { proxyAddresses } : {}),
    memberOf: entryStrings(entry, 'memberOf'),
    critical: entryBoolean(entry, 'isCriticalSystemObject') === true,
    ...(first('uSNChanged') ? { usnChanged: first('uSNChanged') } : {}),
    ...(objectSid ? { objectSid } : {}),
  };
}

function toContainer(entry: SessionEntry): DirectoryContainer {
  return { dn: entry.dn, objectGuid: objectGuidOf(entry), name: entryString(entry, 'name') ?? entryString(entry, 'ou') ?? entry.dn };
}

/**
 * Group membership over LDAP: transitive closures by in-chain or by the walk (with ranged reads
 * of `member`), the group graph for groups sync, and search bases (OUs) by GUID. One instance per
 * connection: the group index and the in-chain capability are read once.
 */
export class LdapGroups {
  private index: Promise<Map<string, DirectoryGroupNode>> | undefined;
  private capability: Promise<boolean> | undefined;
  private domain: Promise<string | undefined> | undefined;

  constructor(private readonly context: LdapGroupsContext) {}

  private get configured(): MembershipStrategy {
    return this.context.settings.membershipStrategy ?? 'auto';
  }

  /** The closure of the roots by the configured strategy (auto: in-chain when advertised, the walk when not or when it gives up). */
  async expand(roots: GroupRef[]): Promise<GroupClosure> {
    if (roots.length === 0) return { strategy: 'walk', groups: [], memberDns: [], foreignMembers: [], durationMs: 0 };
    const configured = this.configured;
    if (configured === 'walk') return await this.walk(roots);
    if (configured === 'auto' && !(await this.supportsInChain())) {
      this.context.logger.info('The directory does not advertise in-chain matching: resolving group membership by walking member lists');
      return await this.walk(roots);
    }
    try {
      return await this.inChain(roots);
    } catch (error) {
      if (configured === 'auto' && inChainGaveUp(error)) {
        this.context.logger.warn('In-chain membership search gave up; walking member lists instead', {
          reason: outsideMessage(error),
        });
        return await this.walk(roots);
      }
      throw searchError(error, roots.map((root) => root.dn).join('; '), 'In-chain membership search');
    }
  }

  /** Whether the DC advertises a capability that includes the in-chain matching rule (read once). */
  supportsInChain(): Promise<boolean> {
    this.capability ??= this.context
      .session()
      .search({ base: '', scope: 'base', filter: anyObject(), attributes: ['supportedCapabilities'] })
      .then(([rootDse]) => (rootDse ? entryStrings(rootDse, 'supportedCapabilities').includes(CAP_AD_V60) : false));
    return this.capability;
  }

  /** Every group domain-wide (DN -> node), read once per connection: tells groups from other members in the walk. */
  groupIndex(): Promise<Map<string, DirectoryGroupNode>> {
    this.index ??= (async () => {
      const map = new Map<string, DirectoryGroupNode>();
      for (const node of await this.searchGroupNodes(this.context.namingContext(), objectClass('group'))) map.set(node.dn.toLowerCase(), node);
      return map;
    })();
    return this.index;
  }

  /** The breadth-first walk over `member`, read in ranges. */
  async walk(roots: GroupRef[]): Promise<GroupClosure> {
    const started = Date.now();
    const index = await this.groupIndex();
    const closure = await walkClosure(roots, {
      members: (group) => this.members(group.dn),
      groupOf: (dn) => index.get(dn.toLowerCase()),
    });
    const groups = await this.withPrimaryGroupIds(closure.groups, index);
    return { ...closure, groups, durationMs: Date.now() - started };
  }

  /** The closure by in-chain searches: groups (with memberOf, for the tree) and foreign principals. */
  async inChain(roots: GroupRef[]): Promise<GroupClosure> {
    const started = Date.now();
    const base = this.context.namingContext();
    const nested: DirectoryGroupNode[] = [];
    for (let start = 0; start < roots.length; start += ROOTS_PER_FILTER) {
      const filter = inChainMemberOf(roots.slice(start, start + ROOTS_PER_FILTER).map((root) => root.dn));
      nested.push(...(await this.searchGroupNodes(base, and(objectClass('group'), filter), true)));
    }
    const closure = closureFromParents(roots, nested);
    const groups = await this.withPrimaryGroupIds(closure.groups, new Map(nested.map((node) => [node.dn.toLowerCase(), node])));
    return { ...closure, groups, foreignMembers: await this.foreignMembersOf(closure.groups), durationMs: Date.now() - started };
  }

  /**
   * The closure's groups with the primary group ID of each group of this domain. SIDs come from
   * the nodes already read; a group not among them (an in-chain search's roots) is read by DN.
   */
  private async withPrimaryGroupIds(groups: ClosureGroup[], nodes: ReadonlyMap<string, DirectoryGroupNode>): Promise<ClosureGroup[]> {
    const domainSid = await this.domainSid();
    if (!domainSid) return groups;
    const annotated: ClosureGroup[] = [];
    for (const group of groups) {
      const sid = nodes.get(group.dn.toLowerCase())?.objectSid ?? (await this.sidOf(group.dn));
      const primaryGroupId = sid ? ridInDomain(sid, domainSid) : undefined;
      annotated.push(primaryGroupId === undefined ? group : { ...group, primaryGroupId });
    }
    return annotated;
  }

  /** The SID of the domain the users are read from (its naming context's objectSid), read once. */
  private domainSid(): Promise<string | undefined> {
    this.domain ??= this.sidOf(this.context.namingContext());
    return this.domain;
  }

  private async sidOf(dn: string): Promise<string | undefined> {
    try {
      const [entry] = await this.context.session().search({ base: dn, scope: 'base', filter: anyObject(), attributes: ['objectSid'], binaryAttributes: GROUP_BINARY_ATTRIBUTES });
      return entry ? objectSidOf(entry) : undefined;
    } catch (error) {
      if (ldapResultCode(error) === LdapResultCode.noSuchObject) return undefined;
      throw searchError(error, dn, 'Reading the SID');
    }
  }

  /**
   * Foreign security principals among the direct members of these groups. Their memberOf is not
   * readable by a plain reader account, so neither a memberOf nor an in-chain search finds them:
   * the groups' member lists are read (ranged), but only when the domain has a foreign principal
   * from another domain at all (well-known ones such as S-1-5-11 are not reported, as in the walk).
   */
  private async foreignMembersOf(groups: readonly GroupRef[]): Promise<GroupClosure['foreignMembers']> {
    const container = `CN=ForeignSecurityPrincipals,${this.context.namingContext()}`;
    let principals: SessionEntry[];
    try {
      principals = await this.context.session().search({ base: container, scope: 'one', filter: objectClass('foreignSecurityPrincipal'), attributes: ['cn'] });
    } catch (error) {
      if (ldapResultCode(error) === LdapResultCode.noSuchObject) return [];
      throw searchError(error, container);
    }
    const foreign = new Set(principals.filter((entry) => isForeignAccountSid(entryString(entry, 'cn') ?? '')).map((entry) => entry.dn.toLowerCase()));
    if (foreign.size === 0) return [];
    const found = new Map<string, GroupClosure['foreignMembers'][number]>();
    for (const group of groups) {
      for (const dn of await this.members(group.dn)) {
        const sid = foreignPrincipalSid(dn);
        if (sid && foreign.has(dn.toLowerCase()) && !found.has(dn.toLowerCase())) found.set(dn.toLowerCase(), { dn, sid, groupDn: group.dn });
      }
    }
    return [...found.values()];
  }

  /** Every value of the group's `member`, by explicit ranges of `rangeStep`. */
  members(groupDn: string): Promise<string[]> {
    const step = this.context.settings.rangeStep ?? DEFAULT_RANGE_STEP;
    return readRanged(
      async (requested) => {
        try {
          const [entry] = await this.context.session().search({ base: groupDn, scope: 'base', filter: anyObject(), attributes: [requested, 'uSNChanged'] });
          return entry;
        } catch (error) {
          if (ldapResultCode(error) === LdapResultCode.noSuchObject) return undefined;
          throw searchError(error, groupDn, 'Reading group members');
        }
      },
      { attribute: 'member', step, what: groupDn },
    );
  }

  /** The group graph groups sync needs (see DirectorySource.readGroupGraph). */
  async graph(scope: ResolvedScope): Promise<DirectoryGroupNode[]> {
    const index = await this.groupIndex();
    if (scope.kind === 'all') return [...index.values()];
    return scope.groupDns.flatMap((dn) => {
      const node = index.get(dn.toLowerCase());
      return node ? [node] : [];
    });
  }

  async findContainers(identity: string, baseDn: string): Promise<DirectoryContainer[]> {
    const value = identity.trim();
    if (isGuidString(value)) {
      const found = await this.findContainerByGuid(value, baseDn);
      return found ? [found] : [];
    }
    const filter = and(anyOf('objectClass', CONTAINER_CLASSES), namedBy(['distinguishedName', 'ou', 'name'], value));
    return (await this.searchEntries(baseDn, filter, ['objectGUID', 'name', 'ou'])).map(toContainer);
  }

  async findContainerByGuid(objectGuid: string, baseDn: string): Promise<DirectoryContainer | undefined> {
    // Raw GUID bytes as a filter object (an escaped string filter would be mangled as UTF-8).
    const filter = guidEquals(objectGuid);
    try {
      const entries = await this.context.session().search({ base: baseDn, scope: 'sub', filter, attributes: ['objectGUID', 'name', 'ou', 'objectClass'], binaryAttributes: ['objectGUID'] });
      const entry = entries.find((candidate) =>
        entryStrings(candidate, 'objectClass').some((c) => CONTAINER_CLASSES.some((name) => name.toLowerCase() === c.toLowerCase())),
      );
      return entry ? toContainer(entry) : undefined;
    } catch (error) {
      throw searchError(error, baseDn);
    }
  }

  private async searchGroupNodes(base: string, filter: Filter, inChain = false): Promise<DirectoryGroupNode[]> {
    return (await this.searchEntries(base, filter, GROUP_NODE_ATTRIBUTES, inChain)).map(toGroupNode);
  }

  /** A paged search; in-chain ones carry the server-side time limit, and their errors go back to expand(). */
  private async searchEntries(base: string, filter: Filter, attributes: string[], inChain = false): Promise<SessionEntry[]> {
    const entries: SessionEntry[] = [];
    let pages = 0;
    try {
      const request = {
        base,
        scope: 'sub',
        filter,
        attributes,
        binaryAttributes: GROUP_BINARY_ATTRIBUTES,
        ...(inChain ? { timeLimitSeconds: inChainTimeLimitSeconds(this.context.settings) } : {}),
      } as const;
      for await (const page of this.context.session().searchPages(request, pageSizeOf(this.context.settings))) {
        pages += 1;
        entries.push(...page);
      }
    } catch (error) {
      if (inChain && inChainGaveUp(error)) throw error;
      throw pagedSearchError(error, base, pages);
    }
    return entries;
  }
}
