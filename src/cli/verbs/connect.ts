import { DEFAULT_API_URL, updateConfig, type ApiSettings } from '../../config/config.js';
import { BadRequestError } from '../../protocol/errors.js';
import { assertReadableFile } from '../file-param.js';
import { createApiClient, splitProxyCredentials } from '../services.js';
import { defineVerb } from '../verb.js';

/** Refuses what is not a URL of these protocols; credentials (user:pw@) only where allowed. */
function checkUrl(name: string, value: string, protocols: string[], allowCredentials = false): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadRequestError(`Parameter '${name}' is not a valid URL.`, { param: name });
  }
  if (!protocols.includes(url.protocol)) {
    throw new BadRequestError(`Parameter '${name}' must use ${protocols.join(' or ')}.`, { param: name });
  }
  if (!allowCredentials && (url.username !== '' || url.password !== '')) {
    // The credentials would be stored in clear in config.json and echoed back: never say them.
    throw new BadRequestError(`Parameter '${name}' must not contain credentials (user:password@); the integration secret is given as 'secret'.`, { param: name });
  }
  if (url.hostname === '') throw new BadRequestError(`Parameter '${name}' has no host name.`, { param: name });
}

export const connectVerb = defineVerb({
  name: 'connect',
  summary: 'Store the integration secret (and API URL, proxy, CA) after checking it with Signature 365.',
  params: [
    { name: 'secret', type: 'string', required: true, secret: true, description: 'Integration secret from the Signature 365 portal.' },
    { name: 'apiUrl', type: 'string', description: `Agent API base URL (default ${DEFAULT_API_URL}).` },
    { name: 'proxy', type: 'string', description: 'HTTP(S) proxy URL, e.g. http://user:pass@proxy:8080. Credentials are stored as a secret.' },
    { name: 'caFile', type: 'string', description: 'Extra CA certificate (PEM) to trust for the API.' },
    { name: 'tlsInsecure', type: 'boolean', description: 'Turn off TLS verification for the API (testing only; logged loudly).' },
    { name: 'skipTest', type: 'boolean', description: 'Save without calling Signature 365 to check the secret.' },
  ],
  async run(context, params) {
    const secret = params.secret.trim();
    context.registerSecret(secret);
    if (secret.length < 8) throw new BadRequestError('The integration secret is too short to be valid.', { param: 'secret' });
    const apiUrl = params.apiUrl ?? DEFAULT_API_URL;
    checkUrl('apiUrl', apiUrl, ['https:', 'http:']);
    if (params.proxy !== undefined) checkUrl('proxy', params.proxy, ['http:', 'https:'], true);
    if (params.caFile) await assertReadableFile('caFile', params.caFile);
    const proxy = params.proxy === undefined ? undefined : splitProxyCredentials(params.proxy);
    context.registerSecret(proxy?.auth);
    const api: ApiSettings = {
      url: apiUrl,
      ...(proxy ? { proxy: proxy.url } : {}),
      ...(params.caFile ? { caFile: params.caFile } : {}),
      ...(params.tlsInsecure ? { tlsInsecure: true } : {}),
    };
    let tenant: { tenantId: string; tenantName: string } | undefined;
    if (!params.skipTest) {
      tenant = await (await createApiClient(context, api, { secret, ...(proxy?.auth ? { proxyAuth: proxy.auth } : {}) })).whoami();
    }
    await context.secrets.set('apiSecret', secret);
    if (proxy?.auth) await context.secrets.set('proxyAuth', proxy.auth);
    else await context.secrets.delete('proxyAuth');
    await updateConfig(context.configDir, (config) => ({ ...config, api }));
    return { connected: true, apiUrl, tested: !params.skipTest, tenantId: tenant?.tenantId, tenantName: tenant?.tenantName };
  },
  text: (r) =>
    r.tested
      ? `Connected to Signature 365 tenant '${r.tenantName}' (${r.tenantId}) at ${r.apiUrl}.`
      : `Saved the integration secret for ${r.apiUrl} (not tested).`,
});
