import { loadConfig, type ScopeSettings } from '../../config/config.js';
import { defineVerb } from '../verb.js';

export function describeScope(scope: ScopeSettings): { all: boolean; groups: { objectGuid: string; name: string; dn: string }[] } {
  return scope.kind === 'all' ? { all: true, groups: [] } : { all: false, groups: scope.groups.map((g) => ({ ...g })) };
}

export const getScopeVerb = defineVerb({
  name: 'get-scope',
  summary: 'Show who is synced.',
  params: [],
  async run(context) {
    return describeScope((await loadConfig(context.configDir)).scope);
  },
  text: (r) =>
    r.all ? 'Scope: all users.' : ['Scope: members of', ...r.groups.map((g) => `  ${g.name}  ${g.objectGuid}  ${g.dn}`)].join('\n'),
});
