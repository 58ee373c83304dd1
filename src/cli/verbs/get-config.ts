import { effectiveSyncSettings, loadConfig } from '../../config/config.js';
import { defineVerb } from '../verb.js';

export const getConfigVerb = defineVerb({
  name: 'get-config',
  summary: 'Show the configuration. Secrets are never shown, only whether they are set.',
  params: [],
  async run(context) {
    const config = await loadConfig(context.configDir);
    return {
      configDir: context.configDir,
      ...config,
      /** The settings in effect: what config.json holds, with the defaults filled in for the rest. */
      effective: {
        sync: effectiveSyncSettings(config.sync),
      },
      secrets: {
        apiSecretSet: (await context.secrets.get('apiSecret')) !== undefined,
        bindPasswordSet: (await context.secrets.get('bindPassword')) !== undefined,
        proxyAuthSet: (await context.secrets.get('proxyAuth')) !== undefined,
      },
    };
  },
  text: (r) => JSON.stringify(r, null, 2),
});
