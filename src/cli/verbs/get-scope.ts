import { loadConfig, type ScopeSettings } from '../../config/config.js';
import { defineVerb } from '../verb.js';

type Ref = { objectGuid: string; name: string; dn: string };

export interface ScopeDescription {
  all: boolean;
  groups: Ref[];
  /** Empty: the whole base DN. */
  searchBases: Ref[];
  excludeGroups: Ref[];
  includeDisabled: boolean;
}

export function describeScope(scope: ScopeSettings): ScopeDescription {
  const copy = (refs: Ref[] | undefined): Ref[] => (refs ?? []).map((ref) => ({ objectGuid: ref.objectGuid, name: ref.name, dn: ref.dn }));
  return {
    all: scope.kind === 'all',
    groups: scope.kind === 'groups' ? copy(scope.groups) : [],
    searchBases: copy(scope.searchBases),
    excludeGroups: copy(scope.excludeGroups),
    includeDisabled: scope.includeDisabled === true,
  };
}

export const getScopeVerb = defineVerb({
  name: 'get-scope',
  summary: 'Show who is synced.',
  async run(context) {
    return describeScope((await loadConfig(context.configDir)).scope);
  },
  text: (r) =>
    [
      r.all ? 'Scope: all users.' : 'Scope: members (nested groups included) of',
      ...r.groups.map((g) => `  ${g.name}  ${g.objectGuid}  ${g.dn}`),
      ...(r.searchBases.length > 0 ? ['Under:', ...r.searchBases.map((b) => `  ${b.name}  ${b.objectGuid}  ${b.dn}`)] : []),
      ...(r.excludeGroups.length > 0 ? ['Except members of:', ...r.excludeGroups.map((g) => `  ${g.name}  ${g.objectGuid}  ${g.dn}`)] : []),
      ...(r.includeDisabled ? ['Disabled accounts included (sent with enabled: false).'] : []),
    ].join('\n'),
});
