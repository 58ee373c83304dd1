/**
 * Transitive group membership, independent of the transport: the breadth-first walk over `member`
 * (with a visited set, so cycles end) and the closure structure both strategies produce, with
 * which explain shows how a user is reached from a scope group.
 */

/** A group as the closure needs it. */
export interface GroupRef {
  dn: string;
  objectGuid: string;
  name: string;
}

/** One group of a closure: a root (a scope or excluded group) or a group nested in one, at any depth. */
export interface ClosureGroup extends GroupRef {
  /** The root it was first reached from (breadth-first: the nearest root). */
  rootDn: string;
  /** The group it was first reached through; absent for a root. */
  viaDn?: string;
  /** 0 for a root. */
  depth: number;
  /**
   * The group's relative ID when it is a group of the domain the users are read from: users whose
   * `primaryGroupID` is this ID are members (Domain Users is most users' primary group, and a
   * primary group is not a `member` value).
   */
  primaryGroupId?: number;
}

/** A foreignSecurityPrincipal found among the members: a principal of another forest, not synced. */
export interface ForeignMember {
  dn: string;
  /** Its SID, from the CN. */
  sid: string;
  /** A group of the closure it is a direct member of. */
  groupDn: string;
}

/** The roots and every group nested in them; for the walk, also the non-group members. */
export interface GroupClosure {
  strategy: 'in-chain' | 'walk';
  groups: ClosureGroup[];
  /**
   * Walk only: lower-case DNs of every direct member of a closure group that is not a group
   * (users, and contacts and computers, which the user filter leaves out).
   */
  memberDns?: string[];
  foreignMembers: ForeignMember[];
  /** Time the resolution took. */
  durationMs: number;
}

/** What the walk needs from the directory. */
export interface WalkSource {
  /** Every value of the group's `member` (ranged reads), as DNs. */
  members(group: GroupRef): Promise<string[]>;
  /** The group with this DN, or undefined when the DN is not a group. */
  groupOf(dn: string): GroupRef | undefined;
}

const FOREIGN_PRINCIPAL = /^CN=(S-1-[0-9-]+),CN=ForeignSecurityPrincipals,/i;

/** The SID of a foreignSecurityPrincipal DN (they live in CN=ForeignSecurityPrincipals named by SID), else undefined. */
export function foreignPrincipalSid(dn: string): string | undefined {
  return FOREIGN_PRINCIPAL.exec(dn)?.[1]?.toUpperCase();
}

/**
 * Whether a foreign principal's SID is an account or group of another domain (S-1-5-21-...):
 * those are reported. Well-known principals (S-1-5-11 Authenticated Users, ...) are not accounts
 * anyone could sync, and are passed over silently.
 */
export function isForeignAccountSid(sid: string): boolean {
  return /^S-1-5-21-/i.test(sid);
}

const key = (dn: string): string => dn.toLowerCase();

/**
 * Breadth-first over `member` from every root at once: each group is expanded once (visited set),
 * so nesting of any depth and cycles both end. Groups are told apart from other members by the
 * source's group index; foreign principals are collected, not followed.
 */
export async function walkClosure(roots: readonly GroupRef[], source: WalkSource): Promise<GroupClosure> {
  const started = Date.now();
  const groups = new Map<string, ClosureGroup>();
  const queue: ClosureGroup[] = [];
  for (const root of roots) {
    if (groups.has(key(root.dn))) continue;
    const node: ClosureGroup = { ...root, rootDn: root.dn, depth: 0 };
    groups.set(key(root.dn), node);
    queue.push(node);
  }
  const memberDns = new Set<string>();
  const foreign = new Map<string, ForeignMember>();
  for (let index = 0; index < queue.length; index++) {
    const group = queue[index]!;
    for (const dn of await source.members(group)) {
      const nested = source.groupOf(dn);
      if (nested) {
        if (groups.has(key(nested.dn))) continue;
        const node: ClosureGroup = { ...nested, rootDn: group.rootDn, viaDn: group.dn, depth: group.depth + 1 };
        groups.set(key(nested.dn), node);
        queue.push(node);
        continue;
      }
      const sid = foreignPrincipalSid(dn);
      if (sid) {
        if (isForeignAccountSid(sid) && !foreign.has(key(dn))) foreign.set(key(dn), { dn, sid, groupDn: group.dn });
        continue;
      }
      memberDns.add(key(dn));
    }
  }
  return { strategy: 'walk', groups: queue, memberDns: [...memberDns], foreignMembers: [...foreign.values()], durationMs: Date.now() - started };
}

/**
 * The closure structure from groups known to be in it with their `memberOf` (what the in-chain
 * search returns): breadth-first from the roots over "is a member of" reversed, so every group
 * gets its nearest root and the group it is reached through. Groups the edges do not reach (they
 * should not exist) are kept at the deepest level, attached to the first root.
 */
export function closureFromParents(
  roots: readonly GroupRef[],
  nested: readonly (GroupRef & { memberOf: readonly string[] })[],
  strategy: GroupClosure['strategy'] = 'in-chain',
): Omit<GroupClosure, 'foreignMembers' | 'durationMs'> {
  const children = new Map<string, (GroupRef & { memberOf: readonly string[] })[]>();
  for (const group of nested) {
    for (const parent of group.memberOf) {
      const list = children.get(key(parent)) ?? [];
      list.push(group);
      children.set(key(parent), list);
    }
  }
  const groups = new Map<string, ClosureGroup>();
  const queue: ClosureGroup[] = [];
  for (const root of roots) {
    if (groups.has(key(root.dn))) continue;
    const node: ClosureGroup = { dn: root.dn, objectGuid: root.objectGuid, name: root.name, rootDn: root.dn, depth: 0 };
    groups.set(key(root.dn), node);
    queue.push(node);
  }
  for (let index = 0; index < queue.length; index++) {
    const group = queue[index]!;
    for (const child of children.get(key(group.dn)) ?? []) {
      if (groups.has(key(child.dn))) continue;
      const node: ClosureGroup = { dn: child.dn, objectGuid: child.objectGuid, name: child.name, rootDn: group.rootDn, viaDn: group.dn, depth: group.depth + 1 };
      groups.set(key(child.dn), node);
      queue.push(node);
    }
  }
  const deepest = queue.reduce((max, group) => Math.max(max, group.depth), 0);
  for (const group of nested) {
    if (groups.has(key(group.dn)) || roots.length === 0) continue;
    const node: ClosureGroup = { dn: group.dn, objectGuid: group.objectGuid, name: group.name, rootDn: roots[0]!.dn, depth: deepest + 1 };
    groups.set(key(group.dn), node);
    queue.push(node);
  }
  return { strategy, groups: queue };
}

/**
 * How a user with these direct groups (`memberOf`) is reached from a root of the closure: the
 * group names from the root down to the user's own group, e.g. ["Signature Users", "Sales Team"].
 * Undefined when none of the user's groups is in the closure.
 */
export function membershipPath(closure: Pick<GroupClosure, 'groups'>, memberOf: readonly string[]): string[] | undefined {
  const byDn = groupsByDn(closure.groups);
  let best: ClosureGroup | undefined;
  for (const dn of memberOf) {
    const group = byDn.get(key(dn));
    if (group && (!best || group.depth < best.depth)) best = group;
  }
  if (!best) return undefined;
  const path: string[] = [];
  const seen = new Set<string>();
  for (let group: ClosureGroup | undefined = best; group && !seen.has(key(group.dn)); group = group.viaDn ? byDn.get(key(group.viaDn)) : undefined) {
    seen.add(key(group.dn));
    path.unshift(group.name);
  }
  return path;
}

/** The DN of the closure group that is the primary group with this ID, if any. */
export function primaryGroupDn(closure: Pick<GroupClosure, 'groups'>, primaryGroupId: number | undefined): string | undefined {
  if (primaryGroupId === undefined) return undefined;
  return closure.groups.find((group) => group.primaryGroupId === primaryGroupId)?.dn;
}

/** A closure's groups by lower-case DN, built once per closure (a delta read judges every changed user against it). */
const byDnCache = new WeakMap<readonly ClosureGroup[], Map<string, ClosureGroup>>();
function groupsByDn(groups: readonly ClosureGroup[]): Map<string, ClosureGroup> {
  let byDn = byDnCache.get(groups);
  if (!byDn) {
    byDn = new Map(groups.map((group) => [key(group.dn), group]));
    byDnCache.set(groups, byDn);
  }
  return byDn;
}
