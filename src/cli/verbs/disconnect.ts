import { updateConfig } from '../../config/config.js';
import { defineVerb } from '../verb.js';

export const disconnectVerb = defineVerb({
  name: 'disconnect',
  summary: 'Forget the integration secret and API settings. Directory settings, scope and state are kept.',
  params: [],
  async run(context) {
    // Not read: a secret that does not unseal here (secret-unreadable) can still be forgotten.
    const hadSecret = await context.secrets.has('apiSecret');
    await context.secrets.delete('apiSecret');
    await context.secrets.delete('proxyAuth');
    await updateConfig(context.configDir, ({ api: _removed, ...rest }) => rest);
    return { disconnected: true, hadSecret };
  },
  text: (r) => (r.hadSecret ? 'Disconnected: the integration secret was removed.' : 'Nothing to do: no integration secret was stored.'),
});
