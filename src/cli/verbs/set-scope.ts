import { loadConfig, saveConfig, type ScopeGroup, type ScopeSettings } from '../../config/config.js';
import { BadRequestError } from '../../protocol/errors.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb, type VerbContext } from '../verb.js';
import { describeScope } from './get-scope.js';

export const setScopeVerb = defineVerb({
  name: 'set-scope',
  summary: 'Choose who is synced: everyone, or the members of some groups (resolved now and stored by objectGUID).',
  params: [
    { name: 'all', type: 'boolean', description: 'Sync every enabled user with a mail address.' },
    { name: 'groups', type: 'string[]', description: 'Sync members of these groups, given by name, sAMAccountName, DN or objectGUID.' },
  ],
  async run(context, params) {
    const groups = params.groups as string[] | undefined;
    if ((params.all === true) === (groups !== undefined)) {
      throw new BadRequestError("Give exactly one of 'all': true or 'groups': [...].");
    }
    let scope: ScopeSettings;
    if (params.all === true) {
      scope = { kind: 'all' };
    } else {
      if (!groups || groups.length === 0) throw new BadRequestError("Parameter 'groups' needs at least one group.", { param: 'groups' });
      scope = { kind: 'groups', groups: await resolveGroups(context, groups) };
    }
    const config = await loadConfig(context.configDir);
    await saveConfig(context.configDir, { ...config, scope });
    return describeScope(scope);
  },
  text: (r) => (r.all ? 'Scope set: all users.' : `Scope set: members of ${r.groups.map((g) => `'${g.name}'`).join(', ')}.`),
});

async function resolveGroups(context: VerbContext, identities: string[]): Promise<ScopeGroup[]> {
  const settings = requireDirectory(await loadConfig(context.configDir));
  const directory = await createDirectory(context, settings);
  try {
    const server = await directory.connect();
    const baseDn = settings.baseDn ?? server.defaultNamingContext;
    const resolved = new Map<string, ScopeGroup>();
    for (const identity of identities) {
      const candidates = await directory.findGroups(identity, baseDn);
      if (candidates.length === 0) {
        throw new BadRequestError(`No group '${identity}' was found under ${baseDn}; the scope was not changed.`, {
          identity,
          candidates: [],
        });
      }
      if (candidates.length > 1) {
        throw new BadRequestError(
          `Group '${identity}' is ambiguous (${candidates.length} matches); give its DN or objectGUID. The scope was not changed.`,
          { identity, candidates: candidates.map((g) => ({ name: g.name, dn: g.dn, objectGuid: g.objectGuid })) },
        );
      }
      const group = candidates[0]!;
      resolved.set(group.objectGuid, { objectGuid: group.objectGuid, dn: group.dn, name: group.name });
    }
    return [...resolved.values()];
  } finally {
    await directory.close();
  }
}
