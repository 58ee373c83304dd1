import { loadConfig } from '../../config/config.js';
import { BadRequestError } from '../../protocol/errors.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

export const listGroupsVerb = defineVerb({
  name: 'list-groups',
  summary: 'List directory groups whose name starts with a prefix: for group pickers and tab completion.',
  params: [
    { name: 'prefix', type: 'string', description: "Start of the group's name or sAMAccountName (default: all groups)." },
    { name: 'limit', type: 'number', description: 'Most groups to return, 1-5000 (default 100).' },
  ],
  async run(context, params) {
    const limit = (params.limit as number | undefined) ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
      throw new BadRequestError("Parameter 'limit' must be a whole number from 1 to 5000.", { param: 'limit' });
    }
    const settings = requireDirectory(await loadConfig(context.configDir));
    const directory = await createDirectory(context, settings);
    try {
      const server = await directory.connect();
      const groups = await directory.listGroups((params.prefix as string | undefined) ?? '', settings.baseDn ?? server.defaultNamingContext, limit + 1);
      return { groups: groups.slice(0, limit), truncated: groups.length > limit };
    } finally {
      await directory.close();
    }
  },
  text: (r) => [...r.groups.map((g) => `${g.name}\t${g.objectGuid}\t${g.dn}`), ...(r.truncated ? ['(more groups match: narrow the prefix)'] : [])].join('\n'),
});
