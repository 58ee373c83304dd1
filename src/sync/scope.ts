import { createHash } from 'node:crypto';
import type { ScopeObject, ScopeSettings } from '../config/config.js';
import { isUnder, sameDn } from '../directory/dn.js';
import type { GroupClosure } from '../directory/membership.js';
import type { ResolvedScope } from '../directory/model.js';
import type { ScopeGroupResolver } from '../directory/source.js';
import { DirectoryError } from '../protocol/errors.js';

/**
 * Hash of the stored scope: a different one means the next sync must be full. The refinements
 * (search bases, exclusions, includeDisabled) count only when set, so a scope stored before they
 * existed keeps its fingerprint.
 */
export function scopeFingerprint(scope: ScopeSettings, baseDn: string): string {
  const groups = scope.kind === 'groups' ? scope.groups.map((group) => group.objectGuid).sort() : [];
  const searchBases = (scope.searchBases ?? []).map((base) => base.objectGuid).sort();
  const excludeGroups = (scope.excludeGroups ?? []).map((group) => group.objectGuid).sort();
  const fields: Record<string, unknown> = { kind: scope.kind, groups, baseDn: baseDn.toLowerCase() };
  if (searchBases.length > 0) fields.searchBases = searchBases;
  if (excludeGroups.length > 0) fields.excludeGroups = excludeGroups;
  if (scope.includeDisabled) fields.includeDisabled = true;
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

function gone(what: string, item: ScopeObject, baseDn: string): DirectoryError {
  return new DirectoryError(
    `${what} '${item.name}' (${item.objectGuid}) no longer exists under ${baseDn}; nothing was sent. Fix the scope with set-scope.`,
    { objectGuid: item.objectGuid, name: item.name, dn: item.dn },
  );
}

/** Drops search bases that lie under another one (their users would be read twice), and repeated ones. */
function outermost(dns: string[]): string[] {
  return dns.filter((dn, index) => dns.findIndex((other) => sameDn(other, dn)) === index && !dns.some((other) => !sameDn(other, dn) && isUnder(dn, other)));
}

/**
 * Resolves the stored scope against the directory. Groups and search bases are stored by
 * objectGUID and looked up afresh, so a renamed or moved one stays in scope; one that no longer
 * exists aborts the run before anything is sent, rather than shrinking (or, for an exclusion,
 * widening) the scope. Scope and excluded groups are expanded to their transitive closures.
 */
export async function resolveScope(directory: ScopeGroupResolver, scope: ScopeSettings, baseDn: string): Promise<ResolvedScope> {
  const fingerprint = scopeFingerprint(scope, baseDn);
  const searchBases: string[] = [];
  for (const base of scope.searchBases ?? []) {
    const found = await directory.findContainerByGuid(base.objectGuid, baseDn);
    if (!found) throw gone('Search base', base, baseDn);
    searchBases.push(found.dn);
  }
  const lookUp = async (groups: ScopeObject[], what: string) => {
    const roots = [];
    for (const group of groups) {
      const found = await directory.findGroupByGuid(group.objectGuid, baseDn);
      if (!found) throw gone(what, group, baseDn);
      roots.push({ dn: found.dn, objectGuid: found.objectGuid, name: found.name });
    }
    return roots;
  };
  const includedRoots = scope.kind === 'groups' ? await lookUp(scope.groups, 'Scope group') : [];
  const excludedRoots = await lookUp(scope.excludeGroups ?? [], 'Excluded group');

  const included: GroupClosure | undefined = includedRoots.length > 0 ? await directory.expandGroups(includedRoots) : undefined;
  const excluded: GroupClosure | undefined = excludedRoots.length > 0 ? await directory.expandGroups(excludedRoots) : undefined;
  const strategy = included?.strategy ?? excluded?.strategy;
  return {
    kind: scope.kind,
    searchBases: searchBases.length > 0 ? outermost(searchBases) : [baseDn],
    groupDns: included ? included.groups.map((group) => group.dn) : [],
    baseDn,
    ...(excluded ? { excludedGroupDns: excluded.groups.map((group) => group.dn) } : {}),
    ...(scope.includeDisabled ? { includeDisabled: true } : {}),
    ...(strategy ? { membership: { strategy, ...(included ? { included } : {}), ...(excluded ? { excluded } : {}) } } : {}),
    fingerprint,
  };
}

/** What a run reports about how its scope was resolved (the run summary's `scope`). */
export interface ScopeReport {
  strategy?: GroupClosure['strategy'];
  /** Scope groups and the groups nested in them. */
  groups: number;
  excludedGroups: number;
  searchBases: string[];
  /** Members from other forests (foreignSecurityPrincipal): not synced, reported. */
  foreignMembers: { sid: string; dn: string; group: string }[];
  resolveMs: number;
}

/** The scope report of a run, from the resolved scope. */
export function buildScopeReport(scope: ResolvedScope): ScopeReport {
  const closures = [scope.membership?.included, scope.membership?.excluded].filter((closure): closure is GroupClosure => closure !== undefined);
  const names = new Map(closures.flatMap((closure) => closure.groups.map((group) => [group.dn.toLowerCase(), group.name] as const)));
  const foreign = new Map(
    (scope.membership?.included?.foreignMembers ?? []).map((member) => [
      member.dn.toLowerCase(),
      { sid: member.sid, dn: member.dn, group: names.get(member.groupDn.toLowerCase()) ?? member.groupDn },
    ]),
  );
  return {
    ...(scope.membership ? { strategy: scope.membership.strategy } : {}),
    groups: scope.groupDns.length,
    excludedGroups: scope.excludedGroupDns?.length ?? 0,
    searchBases: scope.searchBases,
    foreignMembers: [...foreign.values()],
    resolveMs: closures.reduce((sum, closure) => sum + closure.durationMs, 0),
  };
}
