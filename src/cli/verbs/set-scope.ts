import { loadConfig, updateConfig, type ScopeObject, type ScopeSettings } from '../../config/config.js';
import type { DirectoryFinder } from '../../directory/source.js';
import { BadRequestError } from '../../protocol/errors.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb, type VerbContext } from '../verb.js';
import { describeScope } from './get-scope.js';
import { cutInput, quoteInput } from '../../protocol/quote-input.js';

export const setScopeVerb = defineVerb({
  name: 'set-scope',
  summary: 'Choose who is synced: everyone, or the members of some groups; optionally under some OUs, minus some groups (all resolved now and stored by objectGUID).',
  params: [
    { name: 'all', type: 'boolean', description: 'Sync every enabled user with a mail address.' },
    { name: 'groups', type: 'string[]', nonEmpty: true, description: 'Sync the members (nested groups included) of these groups, given by name, sAMAccountName, DN or objectGUID.' },
    { name: 'searchBases', type: 'string[]', description: 'Only users under these OUs, given by DN, objectGUID or name (default: the whole base DN).' },
    { name: 'excludeGroups', type: 'string[]', description: 'Leave out the members (nested groups included) of these groups, given like groups.' },
    { name: 'includeDisabled', type: 'boolean', description: 'Sync disabled accounts too, sent with enabled: false (default: enabled accounts only).' },
  ],
  async run(context, params) {
    const { groups, searchBases = [], excludeGroups = [] } = params;
    if ((params.all === true) === (groups !== undefined)) {
      throw new BadRequestError("Give exactly one of 'all': true or 'groups': [...].");
    }
    const needsDirectory = (groups?.length ?? 0) + searchBases.length + excludeGroups.length > 0;
    const resolved = needsDirectory ? await resolveAll(context, groups ?? [], searchBases, excludeGroups) : undefined;
    const scope: ScopeSettings = {
      ...(groups ? { kind: 'groups' as const, groups: resolved!.groups } : { kind: 'all' as const }),
      ...(resolved && resolved.searchBases.length > 0 ? { searchBases: resolved.searchBases } : {}),
      ...(resolved && resolved.excludeGroups.length > 0 ? { excludeGroups: resolved.excludeGroups } : {}),
      ...(params.includeDisabled === true ? { includeDisabled: true } : {}),
    };
    await updateConfig(context.configDir, (config) => ({ ...config, scope }), { replacingScope: true });
    return describeScope(scope);
  },
  text: (r) => {
    const who = r.all ? 'all users' : `members of ${r.groups.map((g) => `'${g.name}'`).join(', ')}`;
    const under = r.searchBases.length > 0 ? ` under ${r.searchBases.map((b) => `'${b.dn}'`).join(', ')}` : '';
    const minus = r.excludeGroups.length > 0 ? `, except members of ${r.excludeGroups.map((g) => `'${g.name}'`).join(', ')}` : '';
    return `Scope set: ${who}${under}${minus}${r.includeDisabled ? ', disabled accounts included' : ''}.`;
  },
});

interface Resolved {
  groups: ScopeObject[];
  searchBases: ScopeObject[];
  excludeGroups: ScopeObject[];
}

async function resolveAll(context: VerbContext, groups: string[], searchBases: string[], excludeGroups: string[]): Promise<Resolved> {
  const settings = requireDirectory(await loadConfig(context.configDir));
  const directory = await createDirectory(context, settings);
  try {
    const server = await directory.connect();
    const baseDn = settings.baseDn ?? server.defaultNamingContext;
    return {
      groups: await resolveEach(groups, 'group', (identity) => directory.findGroups(identity, baseDn), baseDn),
      searchBases: await resolveEach(searchBases, 'search base (OU)', (identity) => directory.findContainers(identity, baseDn), baseDn),
      excludeGroups: await resolveEach(excludeGroups, 'excluded group', (identity) => directory.findGroups(identity, baseDn), baseDn),
    };
  } finally {
    await directory.close();
  }
}

/**
 * Looks each identity up: exactly one match is stored (by objectGUID, with DN and name for
 * display); none or several is BAD_REQUEST with the candidates, and nothing is saved.
 */
async function resolveEach(
  identities: string[],
  what: string,
  find: (identity: string) => ReturnType<DirectoryFinder['findContainers']>,
  baseDn: string,
): Promise<ScopeObject[]> {
  const resolved = new Map<string, ScopeObject>();
  for (const identity of identities) {
    const candidates = await find(identity);
    if (candidates.length === 0) {
      throw new BadRequestError(`No ${what} ${quoteInput(identity)} was found under ${baseDn}; the scope was not changed.`, { identity: cutInput(identity), candidates: [] });
    }
    if (candidates.length > 1) {
      throw new BadRequestError(
        `The ${what} ${quoteInput(identity)} is ambiguous (${candidates.length} matches); give its DN or objectGUID. The scope was not changed.`,
        { identity, candidates: candidates.map((c) => ({ name: c.name, dn: c.dn, objectGuid: c.objectGuid })) },
      );
    }
    const found = candidates[0]!;
    resolved.set(found.objectGuid, { objectGuid: found.objectGuid, dn: found.dn, name: found.name });
  }
  return [...resolved.values()];
}
