import { effectiveSyncSettings, loadConfig } from '../../config/config.js';
import { defineVerb } from '../verb.js';

export const getConfigVerb = defineVerb({
  name: 'get-config',
  summary: 'Show the configuration. Secrets are never shown, only whether they are set.',
  // Whether they are set, not read: a secret that does not unseal here still shows as set.
  params: [],
  async run(context) {
    const config = await loadConfig(context.configDir);
    return {
      configDir: context.configDir,
      ...config,
      ...(config.api ? { api: { ...config.api, url: withoutUserInfo(config.api.url), ...(config.api.proxy ? { proxy: withoutUserInfo(config.api.proxy) } : {}) } } : {}),
      /** The settings in effect: what config.json holds, with the defaults filled in for the rest. */
      effective: {
        sync: effectiveSyncSettings(config.sync),
      },
      secrets: {
        apiSecretSet: await context.secrets.has('apiSecret'),
        bindPasswordSet: await context.secrets.has('bindPassword'),
        proxyAuthSet: await context.secrets.has('proxyAuth'),
      },
    };
  },
  text: (r) => JSON.stringify(r, null, 2),
});

/**
 * connect and set-sync-settings never store credentials in a URL, but config.json may be edited by
 * hand: a `user:password@` there is shown as `***@`.
 */
function withoutUserInfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1***@');
}
