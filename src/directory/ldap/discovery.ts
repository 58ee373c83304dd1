import { DirectoryError } from '../../protocol/errors.js';
import type { DirectoryServerInfo } from '../model.js';
import { CAP_AD, CAP_AD_V60 } from './capabilities.js';
import { entryBoolean, entryString, entryStrings } from './entry.js';
import { anyObject, inChainMemberOf, objectClass } from './filters.js';
import type { LdapSession } from './session.js';
import { outsideMessage } from '../../log/outside.js';

/** What `discover` reports about the directory (docs/protocol.md). */
export interface DirectoryDiscovery {
  /** DNS name of the domain, from the default naming context (DC=corp,DC=example -> corp.example). */
  domain: string;
  /** Forest root domain's DNS name, from rootDomainNamingContext. */
  forest?: string;
  namingContexts: { default: string; configuration?: string; schema?: string; rootDomain?: string; all: string[] };
  /** The DC that answered. */
  server: {
    url: string;
    dnsHostName?: string;
    /** Its server object under CN=Sites. */
    serverName?: string;
    site?: string;
    isGlobalCatalogReady?: boolean;
    isSynchronized?: boolean;
    currentTime?: string;
  };
  /** Servers tried before this one, with why they failed. */
  failedOver: { server: string; reason: string }[];
  /** Every DC of the forest registered under CN=Sites (servers with an NTDS Settings object). */
  domainControllers: { dnsHostName?: string; name: string; site?: string; dn: string }[];
  functionalLevels: { domain?: FunctionalLevel; forest?: FunctionalLevel; domainController?: FunctionalLevel };
  supportedLdapVersions: string[];
  supportedControls: { oid: string; name?: string }[];
  supportedCapabilities: { oid: string; name?: string }[];
  supportedSaslMechanisms: string[];
  /**
   * LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941), used for nested groups: `likely` from
   * the capabilities / functional level (Windows Server 2008 and later; Samba 4), `probed` from a
   * real base-scope search that uses it.
   */
  inChainMatchingRule: { likely: boolean; reason: string; probed: boolean; probeError?: string };
  highestCommittedUsn?: string;
}

export interface FunctionalLevel {
  level: number;
  name: string;
}

const FUNCTIONAL_LEVELS: Record<number, string> = {
  0: 'Windows 2000',
  1: 'Windows Server 2003 interim',
  2: 'Windows Server 2003',
  3: 'Windows Server 2008',
  4: 'Windows Server 2008 R2',
  5: 'Windows Server 2012',
  6: 'Windows Server 2012 R2',
  7: 'Windows Server 2016',
  10: 'Windows Server 2025',
};

const CONTROL_NAMES: Record<string, string> = {
  '1.2.840.113556.1.4.319': 'paged results',
  '1.2.840.113556.1.4.417': 'show deleted',
  '1.2.840.113556.1.4.473': 'server-side sort',
  '1.2.840.113556.1.4.474': 'sort response',
  '1.2.840.113556.1.4.528': 'change notification',
  '1.2.840.113556.1.4.529': 'extended DN',
  '1.2.840.113556.1.4.801': 'security descriptor flags',
  '1.2.840.113556.1.4.805': 'tree delete',
  '1.2.840.113556.1.4.841': 'DirSync',
  '1.2.840.113556.1.4.1338': 'verify name',
  '1.2.840.113556.1.4.1339': 'domain scope',
  '1.2.840.113556.1.4.1340': 'search options',
  '1.2.840.113556.1.4.1413': 'permissive modify',
  '1.2.840.113556.1.4.1504': 'attribute scoped query',
  '1.2.840.113556.1.4.1852': 'quota',
  '1.2.840.113556.1.4.1907': 'shutdown notify',
  '1.2.840.113556.1.4.1948': 'range retrieval no-error',
  '1.2.840.113556.1.4.1974': 'force update',
  '1.2.840.113556.1.4.2026': 'DN input',
  '1.2.840.113556.1.4.2064': 'show recycled',
  '1.2.840.113556.1.4.2065': 'show deactivated links',
  '1.2.840.113556.1.4.2066': 'policy hints (deprecated)',
  '1.2.840.113556.1.4.2090': 'DirSync EX',
  '1.2.840.113556.1.4.2204': 'tree delete EX',
  '1.2.840.113556.1.4.2205': 'update stats',
  '1.2.840.113556.1.4.2206': 'search hints',
  '1.2.840.113556.1.4.2211': 'expected entry count',
  '1.2.840.113556.1.4.2239': 'policy hints',
  '1.2.840.113556.1.4.2255': 'set owner',
  '1.2.840.113556.1.4.2256': 'bypass quota',
  '1.2.840.113556.1.4.2309': 'link TTL',
  '1.2.840.113556.1.4.2330': 'set correlation id',
  '1.2.840.113556.1.4.2354': 'thread trace override',
  '2.16.840.1.113730.3.4.9': 'virtual list view',
  '2.16.840.1.113730.3.4.10': 'virtual list view response',
};

const CAPABILITY_NAMES: Record<string, string> = {
  [CAP_AD]: 'Active Directory',
  '1.2.840.113556.1.4.1670': 'Active Directory V51 (Windows Server 2003)',
  '1.2.840.113556.1.4.1791': 'LDAP integration (signing and sealing)',
  [CAP_AD_V60]: 'Active Directory V60 (Windows Server 2008)',
  '1.2.840.113556.1.4.2080': 'Active Directory V61 R2 (Windows Server 2008 R2)',
  '1.2.840.113556.1.4.2237': 'Active Directory W8 (Windows Server 2012)',
  '1.2.840.113556.1.4.1851': 'AD LDS (ADAM)',
  '1.2.840.113556.1.4.1920': 'partial secrets (read-only DC)',
};

const ROOT_DSE_ATTRIBUTES = [
  'namingContexts', 'defaultNamingContext', 'configurationNamingContext', 'schemaNamingContext', 'rootDomainNamingContext',
  'dnsHostName', 'serverName', 'isGlobalCatalogReady', 'isSynchronized', 'currentTime', 'domainFunctionality',
  'forestFunctionality', 'domainControllerFunctionality', 'supportedLDAPVersion', 'supportedControl', 'supportedCapabilities',
  'supportedSASLMechanisms', 'highestCommittedUSN', 'vendorName', 'vendorVersion',
];

/** DC=corp,DC=contoso,DC=test -> corp.contoso.test */
export function dnsNameOf(dn: string): string {
  return dn
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^dc=/i.test(part))
    .map((part) => part.slice(3))
    .join('.')
    .toLowerCase();
}

function level(value: string | undefined): FunctionalLevel | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return { level: n, name: FUNCTIONAL_LEVELS[n] ?? `level ${n}` };
}

/** The site of a server object: CN=<server>,CN=Servers,CN=<site>,CN=Sites,... */
function siteOf(serverDn: string): string | undefined {
  return /^CN=[^,]+,CN=Servers,CN=([^,]+),CN=Sites,/i.exec(serverDn)?.[1];
}

/** Whether in-chain is likely supported, judged from the rootDSE alone. */
export function inChainLikely(capabilities: readonly string[], dcLevel: number | undefined): { likely: boolean; reason: string } {
  if (capabilities.includes(CAP_AD_V60) || ['1.2.840.113556.1.4.2080', '1.2.840.113556.1.4.2237'].some((cap) => capabilities.includes(cap))) {
    return { likely: true, reason: 'the DC advertises Active Directory V60 (Windows Server 2008) or later' };
  }
  if (dcLevel !== undefined && dcLevel >= 3) return { likely: true, reason: `the DC's functional level is ${FUNCTIONAL_LEVELS[dcLevel] ?? dcLevel}` };
  if (capabilities.includes(CAP_AD)) {
    return { likely: false, reason: 'an Active Directory DC older than Windows Server 2008: in-chain needs Windows Server 2003 SP2 or later' };
  }
  return { likely: false, reason: 'not an Active Directory DC' };
}

/** Reads the rootDSE, the DCs under CN=Sites, and probes the in-chain rule. Read-only. */
export async function discoverDirectory(client: LdapSession, info: DirectoryServerInfo): Promise<DirectoryDiscovery> {
  const [root] = await client.search({ base: '', scope: 'base', filter: anyObject(), attributes: ROOT_DSE_ATTRIBUTES });
  const defaultNc = root ? entryString(root, 'defaultNamingContext') : undefined;
  if (!root || !defaultNc) throw new DirectoryError('The rootDSE did not give a defaultNamingContext.');
  const configurationNc = entryString(root, 'configurationNamingContext');
  const rootDomainNc = entryString(root, 'rootDomainNamingContext');
  const serverName = entryString(root, 'serverName');
  const capabilities = entryStrings(root, 'supportedCapabilities');
  const dcLevel = level(entryString(root, 'domainControllerFunctionality'));

  let probed = false;
  let probeError: string | undefined;
  try {
    await client.search({ base: defaultNc, scope: 'base', filter: inChainMemberOf([defaultNc]), attributes: ['distinguishedName'] });
    probed = true;
  } catch (error) {
    probeError = outsideMessage(error);
  }

  return {
    domain: dnsNameOf(defaultNc),
    ...(rootDomainNc ? { forest: dnsNameOf(rootDomainNc) } : {}),
    namingContexts: {
      default: defaultNc,
      ...(configurationNc ? { configuration: configurationNc } : {}),
      ...(entryString(root, 'schemaNamingContext') ? { schema: entryString(root, 'schemaNamingContext')! } : {}),
      ...(rootDomainNc ? { rootDomain: rootDomainNc } : {}),
      all: entryStrings(root, 'namingContexts'),
    },
    server: {
      url: info.server,
      ...(entryString(root, 'dnsHostName') ? { dnsHostName: entryString(root, 'dnsHostName')! } : {}),
      ...(serverName ? { serverName } : {}),
      ...(serverName && siteOf(serverName) ? { site: siteOf(serverName)! } : {}),
      ...(entryBoolean(root, 'isGlobalCatalogReady') !== undefined ? { isGlobalCatalogReady: entryBoolean(root, 'isGlobalCatalogReady')! } : {}),
      ...(entryBoolean(root, 'isSynchronized') !== undefined ? { isSynchronized: entryBoolean(root, 'isSynchronized')! } : {}),
      ...(entryString(root, 'currentTime') ? { currentTime: entryString(root, 'currentTime')! } : {}),
    },
    failedOver: info.failedOver,
    domainControllers: configurationNc ? await readDomainControllers(client, configurationNc) : [],
    functionalLevels: {
      ...(level(entryString(root, 'domainFunctionality')) ? { domain: level(entryString(root, 'domainFunctionality'))! } : {}),
      ...(level(entryString(root, 'forestFunctionality')) ? { forest: level(entryString(root, 'forestFunctionality'))! } : {}),
      ...(dcLevel ? { domainController: dcLevel } : {}),
    },
    supportedLdapVersions: entryStrings(root, 'supportedLDAPVersion'),
    supportedControls: entryStrings(root, 'supportedControl').map((oid) => ({ oid, ...(CONTROL_NAMES[oid] ? { name: CONTROL_NAMES[oid] } : {}) })),
    supportedCapabilities: capabilities.map((oid) => ({ oid, ...(CAPABILITY_NAMES[oid] ? { name: CAPABILITY_NAMES[oid] } : {}) })),
    supportedSaslMechanisms: entryStrings(root, 'supportedSASLMechanisms'),
    inChainMatchingRule: { ...inChainLikely(capabilities, dcLevel?.level), probed, ...(probeError ? { probeError } : {}) },
    ...(entryString(root, 'highestCommittedUSN') ? { highestCommittedUsn: entryString(root, 'highestCommittedUSN')! } : {}),
  };
}

/** Server objects under CN=Sites that hold an NTDS Settings object (that is, DCs), sorted by name. */
async function readDomainControllers(client: LdapSession, configurationNc: string): Promise<DirectoryDiscovery['domainControllers']> {
  const base = `CN=Sites,${configurationNc}`;
  try {
    const servers = await client.search({ base, scope: 'sub', filter: objectClass('server'), attributes: ['cn', 'dNSHostName'] });
    const dsas = await client.search({ base, scope: 'sub', filter: objectClass('nTDSDSA'), attributes: ['objectClass'] });
    const withDsa = new Set(dsas.map((entry) => entry.dn.split(',').slice(1).join(',').toLowerCase()));
    return servers
      .filter((entry) => withDsa.has(entry.dn.toLowerCase()))
      .map((entry) => ({
        name: entryString(entry, 'cn') ?? entry.dn,
        ...(entryString(entry, 'dNSHostName') ? { dnsHostName: entryString(entry, 'dNSHostName')! } : {}),
        ...(siteOf(entry.dn) ? { site: siteOf(entry.dn)! } : {}),
        dn: entry.dn,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    // The bind account may not read the configuration partition: the list is optional.
    return [];
  }
}
