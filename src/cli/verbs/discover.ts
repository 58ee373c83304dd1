import { loadConfig } from '../../config/config.js';
import type { DirectoryDiscovery } from '../../directory/ldap/discovery.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

export interface DiscoverResult extends DirectoryDiscovery {
  /** The configured servers, or the domain whose DCs DNS lists. */
  configured: { servers: string[]; domain?: string };
}

export const discoverVerb = defineVerb({
  name: 'discover',
  summary: 'Describe the directory: domain, naming contexts, DCs, functional levels, controls, whether nested-group queries are supported. Read-only.',
  params: [],
  async run(context): Promise<DiscoverResult> {
    const settings = requireDirectory(await loadConfig(context.configDir));
    const directory = await createDirectory(context, settings);
    try {
      await directory.connect();
      const discovery = await directory.discover();
      return { configured: { servers: settings.servers, ...(settings.domain ? { domain: settings.domain } : {}) }, ...discovery };
    } finally {
      await directory.close();
    }
  },
  text: (r) =>
    [
      `Domain ${r.domain}${r.forest && r.forest !== r.domain ? ` (forest ${r.forest})` : ''}`,
      `  naming contexts: default ${r.namingContexts.default}; configuration ${r.namingContexts.configuration ?? '?'}; schema ${r.namingContexts.schema ?? '?'}`,
      `  answered by ${r.server.url} (${r.server.dnsHostName ?? 'unknown host'}${r.server.site ? `, site ${r.server.site}` : ''})`,
      ...r.failedOver.map((f) => `  failed over from ${f.server}: ${f.reason}`),
      `  domain controllers: ${r.domainControllers.map((dc) => dc.dnsHostName ?? dc.name).join(', ') || 'not readable'}`,
      `  functional levels: domain ${r.functionalLevels.domain?.name ?? '?'}, forest ${r.functionalLevels.forest?.name ?? '?'}, DC ${r.functionalLevels.domainController?.name ?? '?'}`,
      `  LDAP versions ${r.supportedLdapVersions.join(', ')}; ${r.supportedControls.length} controls (paged results: ${r.supportedControls.some((c) => c.oid === '1.2.840.113556.1.4.319') ? 'yes' : 'NO'})`,
      `  nested groups (in-chain rule): ${r.inChainMatchingRule.probed ? 'supported (probed)' : `not usable (${r.inChainMatchingRule.probeError ?? 'probe failed'})`}; ${r.inChainMatchingRule.likely ? 'expected' : 'not expected'}: ${r.inChainMatchingRule.reason}`,
      `  highestCommittedUSN ${r.highestCommittedUsn ?? '?'}`,
    ].join('\n'),
});
