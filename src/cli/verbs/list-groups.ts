import { loadConfig } from '../../config/config.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

export const listGroupsVerb = defineVerb({
  name: 'list-groups',
  summary: 'List directory groups whose name starts with a prefix: for group pickers and tab completion.',
  params: [
    { name: 'prefix', type: 'string', description: "Start of the group's name or sAMAccountName (default: all groups)." },
    { name: 'limit', type: 'number', integer: true, min: 1, max: 5000, description: 'Most groups to return, 1-5000 (default 100).' },
  ],
  async run(context, params) {
    const limit = params.limit ?? 100;
    const settings = requireDirectory(await loadConfig(context.configDir));
    const directory = await createDirectory(context, settings);
    try {
      const server = await directory.connect();
      const groups = await directory.listGroups(params.prefix ?? '', settings.baseDn ?? server.defaultNamingContext, limit + 1);
      return { groups: groups.slice(0, limit), truncated: groups.length > limit };
    } finally {
      await directory.close();
    }
  },
  text: (r) => [...r.groups.map((g) => `${g.name}\t${g.objectGuid}\t${g.dn}`), ...(r.truncated ? ['(more groups match: narrow the prefix)'] : [])].join('\n'),
});
