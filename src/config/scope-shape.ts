/**
 * What is wrong with a stored scope (config.json's `scope`), or undefined when it has the shape of
 * ScopeSettings: the check that keeps a hand-edited or damaged scope from reaching the sync.
 */
export function scopeProblem(scope: unknown): string | undefined {
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) return 'it is not an object';
  const { kind, groups, searchBases, excludeGroups, includeDisabled } = scope as Record<string, unknown>;
  if (kind !== 'all' && kind !== 'groups') return `its kind is ${JSON.stringify(kind) ?? 'missing'}, not "all" or "groups"`;
  if (kind === 'groups' && !isScopeObjectList(groups)) return "its 'groups' is not a list of groups";
  if (searchBases !== undefined && !isScopeObjectList(searchBases)) return "its 'searchBases' is not a list of OUs";
  if (excludeGroups !== undefined && !isScopeObjectList(excludeGroups)) return "its 'excludeGroups' is not a list of groups";
  if (includeDisabled !== undefined && typeof includeDisabled !== 'boolean') return "its 'includeDisabled' is not true or false";
  return undefined;
}

function isScopeObjectList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => {
      const { objectGuid, dn, name } = (item ?? {}) as Record<string, unknown>;
      return typeof objectGuid === 'string' && typeof dn === 'string' && typeof name === 'string';
    })
  );
}
