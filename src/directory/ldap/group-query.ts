/**
 * The LDAP filter of a group query (list-groups): a name prefix, a name pattern with `*`
 * wildcards anywhere, and an admin's own LDAP filter, all ANDed with `(objectClass=group)`.
 */
import { FilterParser, SubstringFilter, type Filter } from 'ldapts';
import { BadRequestError } from '../../protocol/errors.js';
import type { GroupQuery } from '../source.js';
import { and, equals, objectClass, or, present, startsWith } from './filters.js';

/** The attributes a group is known by in a picker. */
const NAME_ATTRIBUTES = ['name', 'sAMAccountName'] as const;

export function groupQueryFilter(query: GroupQuery): Filter {
  const terms: Filter[] = [objectClass('group')];
  const prefix = query.prefix?.trim();
  if (prefix) terms.push(or(...NAME_ATTRIBUTES.map((attribute) => startsWith(attribute, prefix))));
  const name = query.name?.trim();
  if (name) terms.push(or(...NAME_ATTRIBUTES.map((attribute) => matchesWildcard(attribute, name))));
  if (query.ldapFilter !== undefined) terms.push(parseLdapFilter(query.ldapFilter, 'ldapFilter'));
  return and(...terms);
}

/**
 * `(attribute=<pattern>)` with `*` standing for any characters anywhere (`*Users`, `Sig*Users`,
 * `*ales*`); without `*` an equality match; only `*`s: the attribute is present.
 */
export function matchesWildcard(attribute: string, pattern: string): Filter {
  const parts = pattern.split('*');
  if (parts.length === 1) return equals(attribute, pattern);
  const initial = parts[0]!;
  const final = parts[parts.length - 1]!;
  const any = parts.slice(1, -1).filter((part) => part !== '');
  if (initial === '' && final === '' && any.length === 0) return present(attribute);
  return new SubstringFilter({ attribute, ...(initial ? { initial } : {}), any, ...(final ? { final } : {}) });
}

/** An LDAP filter string (RFC 4515, e.g. `(mail=*)`) as a filter object; a malformed one is BAD_REQUEST naming the param. */
export function parseLdapFilter(text: string, param: string): Filter {
  const trimmed = text.trim();
  if (trimmed === '') throw new BadRequestError(`'${param}' is empty: give an LDAP filter such as (mail=*).`, { param });
  const wrapped = trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
  // Values carry parentheses only escaped (\28, \29), so the raw ones must pair up; ldapts's parser
  // accepts a filter left open, such as (&(mail=*).
  const balanced = wrapped.split('(').length === wrapped.split(')').length;
  try {
    if (balanced) return FilterParser.parseString(wrapped);
  } catch {
    // reported below
  }
  throw new BadRequestError(`'${param}' is not a valid LDAP filter (RFC 4515), e.g. (mail=*) or (&(description=*sales*)(!(mail=*))).`, { param });
}
