import { loadConfig } from '../../config/config.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

export const listGroupsVerb = defineVerb({
  name: 'list-groups',
  summary: 'List directory groups by the start of their name, a name pattern with * wildcards, or an LDAP filter: for group pickers and tab completion.',
  params: [
    { name: 'prefix', type: 'string', description: "Start of the group's name or sAMAccountName (default: all groups)." },
    { name: 'name', type: 'string', description: "The group's name or sAMAccountName, * for any characters anywhere (*Users, Sig*); without *: exactly this name." },
    { name: 'ldapFilter', type: 'string', description: 'An LDAP filter (RFC 4515) the groups must also match, e.g. (mail=*).' },
    { name: 'limit', type: 'number', integer: true, min: 1, max: 5000, description: 'Most groups to return, 1-5000 (default 100).' },
  ],
  async run(context, params) {
    const limit = params.limit ?? 100;
    const settings = requireDirectory(await loadConfig(context.configDir));
    const directory = await createDirectory(context, settings);
    try {
      const server = await directory.connect();
      const query = {
        ...(params.prefix !== undefined ? { prefix: params.prefix } : {}),
        ...(params.name !== undefined ? { name: params.name } : {}),
        ...(params.ldapFilter !== undefined ? { ldapFilter: params.ldapFilter } : {}),
      };
      const groups = await directory.listGroups(query, settings.baseDn ?? server.defaultNamingContext, limit + 1);
      return { groups: groups.slice(0, limit), truncated: groups.length > limit };
    } finally {
      await directory.close();
    }
  },
  text: (r) => [...r.groups.map((g) => `${g.name}\t${g.objectGuid}\t${g.dn}`), ...(r.truncated ? ['(more groups match: narrow the prefix)'] : [])].join('\n'),
});
