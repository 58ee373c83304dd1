import { ConfigCorruptError } from '../protocol/errors.js';
import { readJsonFile, writeJsonFileAtomic } from '../fs/atomic-file.js';
import { configPath } from './config-dir.js';
import { readModifyWrite } from './config-write-lock.js';
import { scopeProblem } from './scope-shape.js';
export { DEFAULT_API_URL } from '../api/types.js';

/**
 * Version of config.json's layout. There is no older layout yet: a file of any other version is
 * refused on load (the first layout change brings the migration).
 */
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
  /** ldap:// or ldaps:// URLs, tried in order. Empty when `domain` is set. */
  servers: string[];
  /**
   * DNS domain whose DCs are found at connect time from the SRV records
   * `_ldap._tcp.dc._msdcs.<domain>` (ordered by priority, then weight), instead of `servers`.
   */
  domain?: string;
  /** Search base; absent means the rootDSE's defaultNamingContext. */
  baseDn?: string;
  /**
   * How the agent binds: `simple` (bindDn and the stored bindPassword, over ldapts) or `integrated`
   * (no stored credential: the process identity through Negotiate, over the Windows bridge; on
   * Windows the computer account or a gMSA, elsewhere the Kerberos ticket in KRB5CCNAME). Absent
   * (configs written before it) means simple.
   */
  auth?: DirectoryAuth;
  /** Simple-bind DN (or user@domain). Only with auth simple. */
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
  /**
   * How the transitive members of scope groups are found: `in-chain` (the DC's
   * LDAP_MATCHING_RULE_IN_CHAIN), `walk` (breadth-first over `member`, client-side), or `auto`
   * (in-chain when the DC advertises it, else walk; walk when in-chain runs out of time). Default auto.
   */
  membershipStrategy?: MembershipStrategy;
  /** Values asked per ranged read of a group's `member` (AD's MaxValRange is 1500). Default 1500. */
  rangeStep?: number;
}

export type MembershipStrategy = 'auto' | 'in-chain' | 'walk';

export const DIRECTORY_AUTHS = ['simple', 'integrated'] as const;
export type DirectoryAuth = (typeof DIRECTORY_AUTHS)[number];

/**
 * A group or a search base (OU or container) of the scope, resolved when the scope is set and
 * stored by objectGUID so a rename or a move keeps it.
 */
export interface ScopeObject {
  objectGuid: string;
  /** DN and name when the scope was set: for display only. */
  dn: string;
  name: string;
}

/** Refinements that apply to both kinds of scope; all absent in config files written before them. */
export interface ScopeOptions {
  /** Only users under these OUs; absent or empty: the whole base DN. */
  searchBases?: ScopeObject[];
  /** Transitive members of these groups are left out. */
  excludeGroups?: ScopeObject[];
  /** Disabled accounts are synced too (with enabled: false). */
  includeDisabled?: boolean;
}

export type ScopeSettings = ({ kind: 'all' } | { kind: 'groups'; groups: ScopeObject[] }) & ScopeOptions;

/** Safety limits and sync behaviour. */
export interface SyncSettings {
  /** Deletion guard: most removals one run may send. */
  maxRemovals: number;
  /** Deletion guard: most removals one run may send, as a percentage of the synced users. */
  maxRemovalPercent: number;
  /**
   * Deletion guard: the percentage rule applies only to runs removing more than this many users
   * (so one user leaving a small scope does not stop the run); maxRemovals applies regardless.
   */
  removalGuardMinCount: number;
  /** A delta sync whose watermark is older than this runs as a full sync. */
  fullSyncAfterDays: number;
  /** A run fails when Signature 365 rejects more than this percentage of the users sent. */
  maxRejectedPercent: number;
  /** At most this many user upserts in flight at once (src/sync/user-uploads.ts). */
  apiConcurrency: number;
}

export const SYNC_DEFAULTS: SyncSettings = { maxRemovals: 500, maxRemovalPercent: 10, removalGuardMinCount: 10, fullSyncAfterDays: 7, maxRejectedPercent: 10, apiConcurrency: 4 };

/** The sync settings in force: the stored ones, each absent one taking its default. */
export function effectiveSyncSettings(stored: Partial<SyncSettings> | undefined): SyncSettings {
  return { ...SYNC_DEFAULTS, ...stored };
}

/**
 * How AD attributes become payload fields beyond the fixed table (docs/mapping.md), set by
 * set-mapping. Attribute names are stored as the schema spells them (lDAPDisplayName).
 */
export interface MappingSettings {
  /**
   * Custom field name -> AD attribute, sent under `customAttributes`. Absent: Exchange's
   * extensionAttribute1..15 under their own names; `{}` sends no custom attribute.
   */
  customAttributes?: Record<string, string>;
  /** Fixed payload field (jobTitle, phone, ...) -> AD attribute read for it instead of the default one. */
  fieldOverrides?: Record<string, string>;
  /** Use userPrincipalName as the email of users with neither a primary SMTP address nor `mail`. */
  allowUpnAsEmail?: boolean;
}

export interface AgentConfig {
  schemaVersion: typeof CONFIG_SCHEMA_VERSION;
  api?: ApiSettings;
  directory?: DirectorySettings;
  scope: ScopeSettings;
  /** Absent: the default mapping. */
  mapping?: MappingSettings;
  /** Absent values take SYNC_DEFAULTS. */
  sync?: Partial<SyncSettings>;
  /** Windows only in effect: see WindowsSettings. */
  windows?: WindowsSettings;
}

/** Windows settings of the agent's own, set by set-service-account (src/config/service-account.ts). */
export interface WindowsSettings {
  /**
   * The SID of the account the scheduled task runs as when it is not SYSTEM (a gMSA): the config
   * directory's and the runtime folder's ACLs admit it beside SYSTEM and Administrators.
   */
  serviceAccountSid?: string;
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

export interface LoadConfigOptions {
  /** The caller replaces the scope (set-scope): a malformed stored scope is no reason to refuse. */
  replacingScope?: boolean;
}

/** Reads config.json from the config directory; a missing file is the default config. */
export async function loadConfig(configDir: string, options: LoadConfigOptions = {}): Promise<AgentConfig> {
  const file = configPath(configDir, 'config');
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    throw new ConfigCorruptError(file, `Config file ${file} is not valid JSON: fix or delete it (then give the settings again).`, { cause: error });
  }
  if (raw === undefined) return defaultConfig();
  if (typeof raw !== 'object' || raw === null) {
    throw new ConfigCorruptError(file, `Config file ${file} does not hold a JSON object: fix or delete it (then give the settings again).`);
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version !== CONFIG_SCHEMA_VERSION) {
    throw new ConfigCorruptError(
      file,
      `Config file ${file} has schemaVersion ${String(version)}; this agent reads version ${CONFIG_SCHEMA_VERSION}.`,
    );
  }
  const problem = options.replacingScope ? undefined : scopeProblem((raw as { scope?: unknown }).scope);
  if (problem) {
    throw new ConfigCorruptError(file, `The sync scope in ${file} is malformed (${problem}): set it again with Set-S365SyncScope (set-scope).`);
  }
  return raw as AgentConfig;
}

/**
 * Changes config.json: `change` gets the stored config and returns the new one, while no other agent
 * can change it (config-write-lock.ts). Resolves to the config now stored.
 */
export async function updateConfig(
  configDir: string,
  change: (config: AgentConfig) => AgentConfig,
  options: LoadConfigOptions = {},
): Promise<AgentConfig> {
  return readModifyWrite(
    configDir,
    { read: () => loadConfig(configDir, options), write: (config) => writeJsonFileAtomic(configPath(configDir, 'config'), config) },
    change,
  );
}
