import { BadRequestError } from '../protocol/errors.js';
import { readJsonFile, writeJsonFileAtomic } from '../fs/atomic-file.js';
import { configPath } from './config-dir.js';
export { DEFAULT_API_URL } from '../api/types.js';

/** Version of config.json's layout; older files are migrated on load, newer ones refused. */
export const CONFIG_SCHEMA_VERSION = 1;

/** How to reach Signature 365. The integration secret itself lives in the SecretStore. */
export interface ApiSettings {
  url: string;
  /** Proxy URL without credentials; credentials, if any, are the `proxyAuth` secret. */
  proxy?: string;
  /** Extra CA certificate (PEM) trusted for the API, e.g. a TLS-inspecting proxy's. */
  caFile?: string;
  /** Turns TLS verification off. Logged loudly at every use. */
  tlsInsecure?: boolean;
}

/** Where and how to read Active Directory. The bind password lives in the SecretStore. */
export interface DirectorySettings {
  /** ldap:// or ldaps:// URLs, tried in order. */
  servers: string[];
  /** Search base; absent means the rootDSE's defaultNamingContext. */
  baseDn?: string;
  /** Simple-bind DN (or user@domain). Absent means integrated Windows authentication (later). */
  bindDn?: string;
  startTls: boolean;
  /** CA certificate (PEM) for LDAPS / StartTLS. */
  caFile?: string;
  /** Plain LDAP without TLS is refused unless this is true. */
  allowPlainLdap: boolean;
  tlsInsecure: boolean;
  /** Entries per page; AD caps pages at 1000. */
  pageSize: number;
  /** Per-operation timeout. */
  timeoutMs: number;
  connectTimeoutMs: number;
}

/** A scope group, resolved when the scope is set and stored by objectGUID so a rename keeps it. */
export interface ScopeGroup {
  objectGuid: string;
  /** DN and name when the scope was set: for display only. */
  dn: string;
  name: string;
}

export type ScopeSettings = { kind: 'all' } | { kind: 'groups'; groups: ScopeGroup[] };

/** Safety limits and sync behaviour. */
export interface SyncSettings {
  /** Deletion guard: most removals one run may send. */
  maxRemovals: number;
  /** Deletion guard: most removals one run may send, as a percentage of the synced users. */
  maxRemovalPercent: number;
  /** A delta sync whose watermark is older than this runs as a full sync. */
  fullSyncAfterDays: number;
  /** A run fails when Signature 365 rejects more than this percentage of the users sent. */
  maxRejectedPercent: number;
}

export const SYNC_DEFAULTS: SyncSettings = { maxRemovals: 500, maxRemovalPercent: 10, fullSyncAfterDays: 7, maxRejectedPercent: 10 };

export interface AgentConfig {
  schemaVersion: typeof CONFIG_SCHEMA_VERSION;
  api?: ApiSettings;
  directory?: DirectorySettings;
  scope: ScopeSettings;
  /** Absent values take SYNC_DEFAULTS. */
  sync?: Partial<SyncSettings>;
}

export const DIRECTORY_DEFAULTS = {
  startTls: false,
  allowPlainLdap: false,
  tlsInsecure: false,
  pageSize: 500,
  timeoutMs: 120_000,
  connectTimeoutMs: 10_000,
} as const;

export function defaultConfig(): AgentConfig {
  return { schemaVersion: CONFIG_SCHEMA_VERSION, scope: { kind: 'all' } };
}

/** Reads config.json from the config directory; a missing file is the default config. */
export async function loadConfig(configDir: string): Promise<AgentConfig> {
  const file = configPath(configDir, 'config');
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    throw new BadRequestError(`Config file ${file} is not valid JSON; fix or delete it.`, undefined, { cause: error });
  }
  if (raw === undefined) return defaultConfig();
  if (typeof raw !== 'object' || raw === null) {
    throw new BadRequestError(`Config file ${file} does not hold a JSON object.`);
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version !== CONFIG_SCHEMA_VERSION) {
    throw new BadRequestError(
      `Config file ${file} has schemaVersion ${String(version)}; this agent reads version ${CONFIG_SCHEMA_VERSION}.`,
    );
  }
  return raw as AgentConfig;
}

export async function saveConfig(configDir: string, config: AgentConfig): Promise<void> {
  await writeJsonFileAtomic(configPath(configDir, 'config'), config);
}
