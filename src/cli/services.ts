import { existsSync } from 'node:fs';
import { HttpSignature365Client } from '../api/http-client.js';
import type { SystemProxySource } from '../api/proxy.js';
import { configPath } from '../config/config-dir.js';
import { admittedServiceSids } from '../config/service-account.js';
import { DIRECTORY_DEFAULTS, type AgentConfig, type ApiSettings, type DirectorySettings, type MappingSettings } from '../config/config.js';
import { LdapDirectorySource } from '../directory/ldap/ldap-directory.js';
import { srvResolverFromEnv, type SiteLocator } from '../directory/ldap/srv.js';
import { BridgeUnavailableError, bridgeRemedy, integratedBridge } from '../directory/windows/bridge-loader.js';
import { negotiateOpener } from '../directory/windows/negotiate-session.js';
import { AGENT_VERSION } from '../generated/version.js';
import type { Logger } from '../log/logger.js';
import type { ConfigDirGuard } from '../platform/config-dir-guard.js';
import type { DcLocator } from '../platform/dc-locator.js';
import { DnsDcLocator } from '../platform/dns-dc-locator.js';
import type { EventSink } from '../platform/event-sink.js';
import { FileSecretStore } from '../platform/file-secret-store.js';
import { LogFileEventSink } from '../platform/log-event-sink.js';
import { SealerUnavailableError } from '../platform/secret-sealer.js';
import type { SecretStore } from '../platform/secret-store.js';
import { WindowsConfigDirAcl } from '../platform/windows/config-dir-acl.js';
import { winHttpProxySource } from '../platform/windows/winhttp-reader.js';
import { DpapiSealer } from '../platform/windows/dpapi-sealer.js';
import type { WindowsBridge } from '../platform/windows/edge-bridge.js';
import { EventLogSink } from '../platform/windows/event-log-sink.js';
import { WindowsDcLocator } from '../platform/windows/windows-dc-locator.js';
import { NotConfiguredError } from '../protocol/errors.js';
import { StateDb, type SyncedUser } from '../state/state-db.js';
import { effectiveMapping, userAttributesFor } from '../sync/user-mapping.js';
import { deadlineMs } from './deadlines.js';
import type { VerbContext } from './verb.js';

/**
 * The bridge as the secret store uses it (DPAPI, the folder's ACL): loaded for the same config dir
 * as the directory's integrated session (the process loads one bridge, and the Windows executable
 * writes it into `<configDir>\runtime\`; another location would be refused as a second bridge).
 * One that does not load is SealerUnavailableError, which the store answers in its own terms; a
 * runtime folder refused (CONFIG_CORRUPT, CONFIG_UNWRITABLE) keeps its code.
 */
function secretsBridge(env: NodeJS.ProcessEnv, configDir: string): () => WindowsBridge {
  return () => {
    try {
      return integratedBridge(env, configDir);
    } catch (error) {
      if (!(error instanceof BridgeUnavailableError)) throw error;
      throw new SealerUnavailableError(`secrets are sealed with DPAPI through the Windows bridge (edge-js and S365.Windows), which is not usable here: ${error.reason}. ${bridgeRemedy()}`, { cause: error });
    }
  };
}

/**
 * The platform's secret store. Windows: secrets.json with every value sealed by DPAPI (LocalMachine
 * scope, the product's entropy) and the config directory restricted to SYSTEM and Administrators
 * before each write, both through the Windows bridge, loaded at the first secret read or written;
 * no value is ever written in clear there. Elsewhere: the same file, clear, mode 0600, refused
 * unread when it admits group or others or belongs to another account.
 */
export function createSecretStore(configDir: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): SecretStore {
  const guard = createConfigDirGuard(configDir, env, platform);
  if (!guard) return new FileSecretStore(configDir, { ownerOnly: true });
  return new FileSecretStore(configDir, { sealer: new DpapiSealer(secretsBridge(env, configDir)), guard, ownerOnly: false });
}

/**
 * What secures the config directory when it is created and before each secrets write. Windows: its
 * ACL, SYSTEM and Administrators only (and the service account config.json names), through the
 * bridge. Elsewhere none: each file has its mode.
 */
export function createConfigDirGuard(configDir: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): ConfigDirGuard | undefined {
  return platform === 'win32' ? new WindowsConfigDirAcl(secretsBridge(env, configDir), () => admittedServiceSids(configDir)) : undefined;
}

/**
 * The platform's event sink. Windows: the Application Event Log under the registered source
 * through the bridge (loaded at the first event), and the log file. Elsewhere: the log file.
 */
export function createEventSink(logger: Logger, configDir: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): EventSink {
  const logFile = new LogFileEventSink(logger);
  if (platform !== 'win32') return logFile;
  return new EventLogSink(() => integratedBridge(env, configDir), logFile, logger);
}

/**
 * The platform's DC locator: the domain of this computer and its site. Windows: DsGetDcName through
 * the bridge (loaded when first asked), with the LDAP ping for the site when it fails. Elsewhere:
 * the machine's DNS domain or Kerberos realm checked in DNS, and the LDAP ping. DNS is asked through
 * S365_DNS_SERVERS when set.
 */
export function createDcLocator(context: Pick<VerbContext, 'env' | 'configDir' | 'logger'>, platform: NodeJS.Platform = process.platform): DcLocator {
  const dns = new DnsDcLocator({ resolveSrv: srvResolverFromEnv(context.env), logger: context.logger, env: context.env });
  if (platform !== 'win32') return dns;
  return new WindowsDcLocator(() => integratedBridge(context.env, context.configDir), dns.locateSite, context.logger);
}

/**
 * Where a connect learns this computer's site: DsGetDcName (createDcLocator) when the bridge is
 * loaded anyway (integrated auth on Windows), the LDAP ping otherwise, so that a simple bind never
 * starts the CLR only to ask for the site (the ping asks a DC, which answers what DsGetDcName would).
 */
export function createSiteLocator(
  context: Pick<VerbContext, 'env' | 'configDir' | 'logger'>,
  auth: DirectorySettings['auth'],
  platform: NodeJS.Platform = process.platform,
): SiteLocator {
  if (auth === 'integrated') return createDcLocator(context, platform).locateSite;
  return new DnsDcLocator({ resolveSrv: srvResolverFromEnv(context.env), logger: context.logger, env: context.env }).locateSite;
}

/** Secrets given with the request, used instead of the stored ones (connect checks before it saves). */
export interface ApiSecretOverrides {
  secret?: string;
  proxyAuth?: string;
}

/** Builds the API client from settings and the stored secrets (or the ones given). */
export async function createApiClient(
  context: VerbContext,
  api: ApiSettings,
  overrides: ApiSecretOverrides = {},
): Promise<HttpSignature365Client> {
  const secret = overrides.secret ?? (await context.secrets.get('apiSecret'));
  if (!secret) throw new NotConfiguredError('No integration secret is stored: run connect first.');
  context.registerSecret(secret);
  const proxyAuth = api.proxy ? (overrides.proxyAuth ?? (await context.secrets.get('proxyAuth'))) : undefined;
  context.registerSecret(proxyAuth);
  const systemProxy = createSystemProxySource(context.env, context.logger);
  return new HttpSignature365Client({
    apiUrl: api.url,
    secret,
    ...(api.proxy ? { proxy: withProxyAuth(api.proxy, proxyAuth) } : {}),
    ...(api.caFile ? { caFile: api.caFile } : {}),
    ...(api.tlsInsecure ? { tlsInsecure: true } : {}),
    deadlineMs: deadlineMs('http', context.env),
    logger: context.logger,
    userAgent: `s365-agent/${AGENT_VERSION}`,
    env: context.env,
    ...(systemProxy ? { systemProxy } : {}),
  });
}

/** The machine's proxy setting the API client falls back to: WinHTTP's on Windows, none elsewhere. */
export function createSystemProxySource(env: NodeJS.ProcessEnv, logger: Logger, platform: NodeJS.Platform = process.platform): SystemProxySource | undefined {
  return platform === 'win32' ? winHttpProxySource({ env, logger }) : undefined;
}

export function requireApi(config: AgentConfig): ApiSettings {
  if (!config.api) throw new NotConfiguredError('Signature 365 is not connected: run connect first.');
  return config.api;
}

export function requireDirectory(config: AgentConfig): DirectorySettings {
  if (!config.directory) throw new NotConfiguredError('The directory is not configured: run set-directory first.');
  return { ...DIRECTORY_DEFAULTS, ...config.directory };
}

/**
 * Builds the directory source from settings and the stored bind password (or the one given). The
 * mapping decides which user attributes are read. It plays every DirectorySource role, and also
 * reads the schema (set-mapping) and describes the directory (discover).
 */
export async function createDirectory(
  context: VerbContext,
  settings: DirectorySettings,
  bindPasswordOverride?: string,
  mapping?: MappingSettings,
): Promise<LdapDirectorySource> {
  // DC discovery for `domain`: SRV through S365_DNS_SERVERS when set, the DCs of this computer's site first.
  const discovery = { resolveSrv: srvResolverFromEnv(context.env), locateSite: createSiteLocator(context, settings.auth) };
  if (settings.auth === 'integrated') {
    return new LdapDirectorySource({
      settings,
      ...discovery,
      // Loaded at the first connect, so a verb that never connects does not need the bridge.
      openSession: (server) => negotiateOpener(integratedBridge(context.env, context.configDir), settings)(server),
      userAttributes: userAttributesFor(effectiveMapping(mapping)),
      logger: context.logger,
    });
  }
  const bindPassword = bindPasswordOverride ?? (await context.secrets.get('bindPassword'));
  context.registerSecret(bindPassword);
  return new LdapDirectorySource({
    settings,
    ...(bindPassword !== undefined ? { bindPassword } : {}),
    ...discovery,
    userAttributes: userAttributesFor(effectiveMapping(mapping)),
    logger: context.logger,
  });
}

/** What Signature 365 last confirmed for a user, from the sync state; undefined when never synced (or no sync ran yet). */
export function confirmedUser(configDir: string, objectGuid: string): SyncedUser | undefined {
  if (!existsSync(configPath(configDir, 'state'))) return undefined;
  const state = StateDb.open(configDir);
  try {
    return state.user(objectGuid);
  } finally {
    state.close();
  }
}

/** Splits `http://user:pass@host:port` into the URL kept in config and the credentials kept as a secret. */
export function splitProxyCredentials(proxy: string): { url: string; auth?: string } {
  const url = new URL(proxy);
  if (!url.username && !url.password) return { url: url.toString() };
  const auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.toString(), auth };
}

function withProxyAuth(proxy: string, auth: string | undefined): string {
  if (!auth) return proxy;
  const url = new URL(proxy);
  const colon = auth.indexOf(':');
  url.username = encodeURIComponent(colon < 0 ? auth : auth.slice(0, colon));
  url.password = colon < 0 ? '' : encodeURIComponent(auth.slice(colon + 1));
  return url.toString();
}
