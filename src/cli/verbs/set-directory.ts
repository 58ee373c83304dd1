import { DIRECTORY_AUTHS, DIRECTORY_DEFAULTS, updateConfig, type DirectorySettings } from '../../config/config.js';
import { assertDirectoryAuth } from '../../directory/ldap/bind-credentials.js';
import { assertTransportAllowed } from '../../directory/ldap/ldap-directory.js';
import { isDnsDomainName } from '../../directory/ldap/srv.js';
import { BadRequestError } from '../../protocol/errors.js';
import { assertReadableFile } from '../file-param.js';
import { createDcLocator, createDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

export const setDirectoryVerb = defineVerb({
  name: 'set-directory',
  summary: 'Set where and how to read Active Directory; checks the bind and reads the rootDSE before saving.',
  params: [
    { name: 'servers', type: 'string[]', description: 'Domain controllers as ldaps:// or ldap:// URLs, tried in order (or give domain).' },
    {
      name: 'domain',
      type: 'string',
      description:
        "DNS domain: find its DCs at every connect from DNS, those of this computer's site first (_ldap._tcp.<site>._sites.dc._msdcs.<domain>, then _ldap._tcp.dc._msdcs.<domain>). With neither servers nor domain, this computer's own domain (Windows: the DC locator; elsewhere its DNS domain or Kerberos realm that DNS lists DCs for).",
    },
    { name: 'baseDn', type: 'string', description: "Search base (default: the DC's defaultNamingContext)." },
    {
      name: 'auth',
      type: 'string',
      choices: DIRECTORY_AUTHS,
      description:
        "simple: bind as bindDn with bindPassword; integrated: no stored credential, bind as the process identity (Windows: the computer account or a gMSA; elsewhere the Kerberos ticket in KRB5CCNAME). Default: simple with bindDn, integrated without.",
    },
    { name: 'bindDn', type: 'string', description: 'Account for simple bind: a DN or user@domain.' },
    { name: 'bindPassword', type: 'string', secret: true, description: 'Password of bindDn (required with it: an empty one would be an unauthenticated bind). Stored as a secret.' },
    { name: 'startTls', type: 'boolean', description: 'Upgrade ldap:// connections with StartTLS.' },
    { name: 'caFile', type: 'string', description: 'CA certificate (PEM) that signed the DC certificates; must be a readable file.' },
    { name: 'allowPlainLdap', type: 'boolean', description: 'Accept ldap:// without TLS (credentials in clear text).' },
    { name: 'tlsInsecure', type: 'boolean', description: 'Do not verify DC certificates (testing only; logged loudly).' },
    { name: 'pageSize', type: 'number', integer: true, min: 1, max: 1000, description: 'Entries per LDAP page, 1-1000 (default 500).' },
    { name: 'timeoutMs', type: 'number', integer: true, min: 100, max: 3_600_000, description: 'Per-operation timeout in milliseconds (default 120000).' },
    { name: 'connectTimeoutMs', type: 'number', integer: true, min: 100, max: 3_600_000, description: 'Timeout of the TCP/TLS connection to each DC in milliseconds (default 10000).' },
    { name: 'membershipStrategy', type: 'string', choices: ['auto', 'in-chain', 'walk'], description: "How nested group members are found: in-chain (the DC's matching rule), walk (member lists, client-side), or auto (default)." },
    { name: 'rangeStep', type: 'number', integer: true, min: 10, max: 10_000, description: "Values per ranged read of a group's member list, 10-10000 (default 1500, AD's MaxValRange)." },
    { name: 'skipTest', type: 'boolean', description: 'Save without connecting to the directory.' },
  ],
  async run(context, params) {
    const servers = params.servers ?? [];
    const domain = params.domain?.trim();
    if (domain !== undefined && servers.length > 0) {
      throw new BadRequestError("Give either 'servers' or 'domain', not both.", { param: 'domain' });
    }
    if (domain !== undefined && !isDnsDomainName(domain)) {
      throw new BadRequestError(`Parameter 'domain' must be a DNS domain name like corp.example.com, got '${domain}'.`, { param: 'domain' });
    }
    if (domain === undefined && params.servers !== undefined && servers.length === 0) {
      throw new BadRequestError("Parameter 'servers' needs at least one URL (or give 'domain' to find the DCs in DNS).", { param: 'servers' });
    }
    const { rangeStep, bindPassword } = params;
    context.registerSecret(bindPassword);
    const { bindDn } = params;
    const auth = params.auth ?? (bindDn === undefined && bindPassword === undefined ? 'integrated' : 'simple');
    if (auth === 'simple' && bindDn === undefined) {
      throw new BadRequestError(
        bindPassword !== undefined ? "Parameter 'bindPassword' needs 'bindDn'." : "Parameter 'bindDn' is required with auth simple (or give auth integrated).",
        { param: bindPassword !== undefined ? 'bindPassword' : 'bindDn' },
      );
    }
    const requested: DirectorySettings = {
      ...DIRECTORY_DEFAULTS,
      servers,
      ...(domain ? { domain } : {}),
      ...(params.baseDn ? { baseDn: params.baseDn } : {}),
      auth,
      ...(bindDn !== undefined ? { bindDn } : {}),
      startTls: params.startTls === true,
      ...(params.caFile ? { caFile: params.caFile } : {}),
      allowPlainLdap: params.allowPlainLdap === true,
      tlsInsecure: params.tlsInsecure === true,
      pageSize: params.pageSize ?? DIRECTORY_DEFAULTS.pageSize,
      timeoutMs: params.timeoutMs ?? DIRECTORY_DEFAULTS.timeoutMs,
      connectTimeoutMs: params.connectTimeoutMs ?? DIRECTORY_DEFAULTS.connectTimeoutMs,
      ...(params.membershipStrategy ? { membershipStrategy: params.membershipStrategy } : {}),
      ...(rangeStep !== undefined ? { rangeStep } : {}),
    };
    assertDirectoryAuth(requested, bindPassword);
    // Neither servers nor domain: this computer's own domain (once the request is known good), stored
    // as the domain, so that its DCs (and site) are found again at every connect.
    const located = domain === undefined && servers.length === 0 ? await createDcLocator(context).locateDomain() : undefined;
    const settings: DirectorySettings = located ? { ...requested, domain: located.domain } : requested;
    assertTransportAllowed(settings);
    if (settings.caFile !== undefined) await assertReadableFile('caFile', settings.caFile);
    let tested: { server: string; defaultNamingContext: string; dnsHostName?: string } | undefined;
    if (!params.skipTest) {
      const directory = await createDirectory(context, settings, bindPassword ?? '');
      try {
        tested = await directory.connect();
      } finally {
        await directory.close();
      }
    }
    if (bindPassword !== undefined) await context.secrets.set('bindPassword', bindPassword);
    else await context.secrets.delete('bindPassword');
    await updateConfig(context.configDir, (config) => ({ ...config, directory: settings }));
    return {
      servers,
      ...(settings.domain ? { domain: settings.domain } : {}),
      ...(located ? { domainFrom: located.source } : {}),
      baseDn: settings.baseDn ?? tested?.defaultNamingContext,
      auth,
      bindDn: settings.bindDn,
      tested: tested !== undefined,
      server: tested?.server,
      dnsHostName: tested?.dnsHostName,
    };
  },
  text: (r) =>
    (r.tested
      ? `Directory set: bound to ${r.server} (${r.dnsHostName ?? 'unknown host'}), base ${r.baseDn}.`
      : `Directory set (not tested): ${r.domain ? `DCs of ${r.domain} from DNS` : r.servers.join(', ')}.`) +
    (r.domainFrom ? ` The domain ${r.domain} is this computer's (from ${r.domainFrom}).` : ''),
});
