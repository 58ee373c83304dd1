import { loadConfig } from '../../config/config.js';
import { createApiClient, requireApi } from '../services.js';
import { defineVerb } from '../verb.js';

export const testAuthVerb = defineVerb({
  name: 'test-auth',
  summary: 'Check the stored integration secret with Signature 365 and measure the round trip.',
  params: [],
  async run(context) {
    const api = requireApi(await loadConfig(context.configDir));
    const client = await createApiClient(context, api);
    const started = performance.now();
    const whoami = await client.whoami();
    const latencyMs = Math.round(performance.now() - started);
    return { tenantId: whoami.tenantId, tenantName: whoami.tenantName, enabled: whoami.enabled, apiUrl: api.url, latencyMs, proxy: client.proxyRoute };
  },
  text: (r) =>
    `Authenticated to Signature 365 tenant '${r.tenantName}' (${r.tenantId}) in ${r.latencyMs} ms` +
    (r.proxy.proxy ? ` through the proxy ${r.proxy.proxy} (${r.proxy.source}).` : ', with no proxy.'),
});
