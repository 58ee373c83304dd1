import { DirectoryError } from '../../protocol/errors.js';
import { entryBoolean, entryString } from './entry.js';
import { and, anyObject, anyOf, objectClass } from './filters.js';
import { searchError } from './search-error.js';
import type { LdapSession, SessionEntry } from './session.js';

/** An attribute's definition in the directory schema (its attributeSchema object). */
export interface AttributeSchemaInfo {
  /** As the schema spells it. */
  lDAPDisplayName: string;
  attributeId: string;
  /** attributeSyntax, e.g. 2.5.5.12 (Unicode string), 2.5.5.10 (octet string). */
  syntax: string;
  singleValued: boolean;
}

/** attributeSyntax values whose values are bytes, not text: they cannot be a text field. */
export const BINARY_SYNTAXES: Readonly<Record<string, string>> = {
  '2.5.5.10': 'octet string',
  '2.5.5.17': 'SID',
  '2.5.5.7': 'DN with binary',
  '2.5.5.15': 'NT security descriptor',
};

/** Human names of common attributeSyntax values, for messages. */
export const SYNTAX_NAMES: Readonly<Record<string, string>> = {
  ...BINARY_SYNTAXES,
  '2.5.5.1': 'DN',
  '2.5.5.2': 'OID',
  '2.5.5.3': 'case-sensitive string',
  '2.5.5.4': 'case-insensitive string',
  '2.5.5.5': 'printable/IA5 string',
  '2.5.5.6': 'numeric string',
  '2.5.5.8': 'boolean',
  '2.5.5.9': 'integer',
  '2.5.5.11': 'time',
  '2.5.5.12': 'Unicode string',
  '2.5.5.13': 'presentation address',
  '2.5.5.14': 'DN with string',
  '2.5.5.16': 'large integer',
};

const CHUNK = 50;

/** The rootDSE's schemaNamingContext. */
export async function schemaNamingContext(client: LdapSession): Promise<string> {
  const [rootDse] = await client.search({ base: '', scope: 'base', filter: anyObject(), attributes: ['schemaNamingContext'] });
  const nc = rootDse ? entryString(rootDse, 'schemaNamingContext') : undefined;
  if (!nc) throw new DirectoryError('The rootDSE did not give a schemaNamingContext.');
  return nc;
}

/**
 * Looks attributes up in the schema by lDAPDisplayName (case-insensitively, as AD matches it).
 * Returns the ones that exist; a name missing from the result is not in the schema.
 */
export async function readAttributeSchemas(client: LdapSession, names: readonly string[]): Promise<AttributeSchemaInfo[]> {
  const unique = [...new Set(names.map((name) => name.toLowerCase()))];
  if (unique.length === 0) return [];
  const base = await schemaNamingContext(client);
  const found: AttributeSchemaInfo[] = [];
  for (let start = 0; start < unique.length; start += CHUNK) {
    const chunk = unique.slice(start, start + CHUNK);
    const filter = and(objectClass('attributeSchema'), anyOf('lDAPDisplayName', chunk));
    let entries: SessionEntry[];
    try {
      entries = await client.search({ base, scope: 'one', filter, attributes: ['lDAPDisplayName', 'attributeID', 'attributeSyntax', 'isSingleValued'] });
    } catch (error) {
      throw searchError(error, base, 'Reading the schema');
    }
    for (const entry of entries) {
      const name = entryString(entry, 'lDAPDisplayName');
      if (!name) continue;
      found.push({
        lDAPDisplayName: name,
        attributeId: entryString(entry, 'attributeID') ?? '',
        syntax: entryString(entry, 'attributeSyntax') ?? '',
        singleValued: entryBoolean(entry, 'isSingleValued') === true,
      });
    }
  }
  return found;
}
