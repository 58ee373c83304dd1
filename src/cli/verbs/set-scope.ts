import { loadConfig, updateConfig, type ScopeObject, type ScopeSettings } from '../../config/config.js';
import { editScope } from '../../config/scope-edit.js';
import type { DirectoryFinder } from '../../directory/source.js';
import { BadRequestError } from '../../protocol/errors.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb, type VerbContext } from '../verb.js';
import { describeScope } from './get-scope.js';
import { cutInput, quoteInput } from '../../protocol/quote-input.js';

export const setScopeVerb = defineVerb({
  name: 'set-scope',
  summary: 'Choose who is synced: everyone, or the members of some groups; optionally under some OUs, minus some groups (all resolved now and stored by objectGUID). Without all and groups: edit the stored scope.',
  params: [
    { name: 'all', type: 'boolean', description: 'Sync every enabled user with a mail address.' },
    { name: 'groups', type: 'string[]', nonEmpty: true, description: 'Sync the members (nested groups included) of these groups, given by name, sAMAccountName, DN or objectGUID.' },
    { name: 'searchBases', type: 'string[]', description: 'Only users under these OUs, given by DN, objectGUID or name (default: the whole base DN).' },
    { name: 'excludeGroups', type: 'string[]', description: 'Leave out the members (nested groups included) of these groups, given like groups.' },
    { name: 'includeDisabled', type: 'boolean', description: 'Sync disabled accounts too, sent with enabled: false (default: enabled accounts only).' },
    { name: 'addGroups', type: 'string[]', nonEmpty: true, description: 'Edit: add these groups to the stored scope groups (given like groups).' },
    { name: 'removeGroups', type: 'string[]', nonEmpty: true, description: 'Edit: take these groups out of the stored scope groups (objectGUID, DN or name as get-scope shows them).' },
    { name: 'addExcludeGroups', type: 'string[]', nonEmpty: true, description: 'Edit: add these groups to the stored excluded groups (given like groups).' },
    { name: 'removeExcludeGroups', type: 'string[]', nonEmpty: true, description: 'Edit: take these groups out of the stored excluded groups (objectGUID, DN or name as get-scope shows them).' },
  ],
  async run(context, params) {
    if (params.all === undefined && params.groups === undefined) return editStoredScope(context, params);
    const { groups, searchBases = [], excludeGroups = [] } = params;
    if ((params.all === true) === (groups !== undefined)) {
      throw new BadRequestError("Give exactly one of 'all': true or 'groups': [...].");
    }
    const editParam = EDIT_PARAMS.find((name) => params[name] !== undefined);
    if (editParam) {
      throw new BadRequestError(`'${editParam}' edits the stored scope: give it without 'all' and 'groups'.`, { param: editParam });
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

const EDIT_PARAMS = ['addGroups', 'removeGroups', 'addExcludeGroups', 'removeExcludeGroups'] as const;

interface EditParams {
  searchBases?: string[] | undefined;
  excludeGroups?: string[] | undefined;
  includeDisabled?: boolean | undefined;
  addGroups?: string[] | undefined;
  removeGroups?: string[] | undefined;
  addExcludeGroups?: string[] | undefined;
  removeExcludeGroups?: string[] | undefined;
}

/**
 * set-scope without `all` and `groups`: the groups to add and the refinements given are looked up
 * first, then the stored scope is edited under the config lock (scope-edit.ts), so a concurrent
 * change is not lost.
 */
async function editStoredScope(context: VerbContext, params: EditParams) {
  const given = (['searchBases', 'excludeGroups', 'includeDisabled', ...EDIT_PARAMS] as const).filter((name) => params[name] !== undefined);
  if (given.length === 0) {
    throw new BadRequestError("Give 'all': true or 'groups': [...] to set the scope, or what to change in it (addGroups, removeGroups, addExcludeGroups, removeExcludeGroups, searchBases, excludeGroups, includeDisabled).");
  }
  const addGroups = params.addGroups ?? [];
  // excludeGroups given replaces the stored ones: resolved with the additions, onto an empty list.
  const addExcludeGroups = [...(params.excludeGroups ?? []), ...(params.addExcludeGroups ?? [])];
  const searchBases = params.searchBases ?? [];
  const lookups = addGroups.length + addExcludeGroups.length + searchBases.length > 0;
  const resolved = lookups ? await resolveAll(context, addGroups, searchBases, addExcludeGroups) : { groups: [], searchBases: [], excludeGroups: [] };
  const config = await updateConfig(context.configDir, (current) => ({
    ...current,
    scope: editScope(current.scope, {
      addGroups: resolved.groups,
      removeGroups: params.removeGroups ?? [],
      addExcludeGroups: resolved.excludeGroups,
      removeExcludeGroups: params.removeExcludeGroups ?? [],
      ...(params.searchBases !== undefined ? { searchBases: resolved.searchBases } : {}),
      ...(params.excludeGroups !== undefined ? { excludeGroups: [] } : {}),
      ...(params.includeDisabled !== undefined ? { includeDisabled: params.includeDisabled } : {}),
    }),
  }));
  return describeScope(config.scope);
}

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
