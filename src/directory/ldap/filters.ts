/**
 * LDAP filters as ldapts filter objects: values go on the wire as they are, never through a
 * hand-written escape, and binary values (GUIDs) stay bytes.
 */
import { AndFilter, EqualityFilter, ExtensibleFilter, GreaterThanEqualsFilter, NotFilter, OrFilter, PresenceFilter, SubstringFilter, type Filter } from 'ldapts';
import { UAC_ACCOUNTDISABLE } from '../account-control.js';
import { guidToBytes } from '../guid.js';

/** LDAP_MATCHING_RULE_IN_CHAIN: `memberOf:<this>:=<group DN>` matches transitive members. */
export const IN_CHAIN_RULE = '1.2.840.113556.1.4.1941';
/** LDAP_MATCHING_RULE_BIT_AND: `attribute:<this>:=<mask>` matches values with every bit of the mask. */
const BIT_AND_RULE = '1.2.840.113556.1.4.803';

export function and(...filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : new AndFilter({ filters });
}

export function or(...filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : new OrFilter({ filters });
}

export function not(filter: Filter): Filter {
  return new NotFilter({ filter });
}

export function equals(attribute: string, value: string | Buffer): Filter {
  return new EqualityFilter({ attribute, value });
}

export function present(attribute: string): Filter {
  return new PresenceFilter({ attribute });
}

/** `(attribute=prefix*)` */
export function startsWith(attribute: string, prefix: string): Filter {
  return new SubstringFilter({ attribute, initial: prefix });
}

/** `(attribute>=value)` */
export function atLeast(attribute: string, value: string): Filter {
  return new GreaterThanEqualsFilter({ attribute, value });
}

/** `(|(attribute=v1)(attribute=v2)...)`: objects by DN (`distinguishedName`), members of groups (`memberOf`), names. */
export function anyOf(attribute: string, values: readonly string[]): Filter {
  return or(...values.map((value) => equals(attribute, value)));
}

/** `(|(a1=value)(a2=value)...)`: an object named by any of these attributes. */
export function namedBy(attributes: readonly string[], value: string): Filter {
  return or(...attributes.map((attribute) => equals(attribute, value)));
}

/** `(objectClass=<name>)`; `objectClass('*')` is not this: use anyObject(). */
export function objectClass(name: string): Filter {
  return equals('objectClass', name);
}

/** `(objectClass=*)`: every object (base searches). */
export function anyObject(): Filter {
  return present('objectClass');
}

/** `(objectGUID=<bytes>)`: a GUID is matched as its 16 raw bytes. */
export function guidEquals(objectGuid: string): Filter {
  return equals('objectGUID', guidToBytes(objectGuid));
}

/** `(|(memberOf:1.2.840.113556.1.4.1941:=<dn>)...)`: transitive members of any of the groups. */
export function inChainMemberOf(groupDns: readonly string[]): Filter {
  return or(...groupDns.map((dn) => new ExtensibleFilter({ matchType: 'memberOf', rule: IN_CHAIN_RULE, value: dn })));
}

/** `(attribute:1.2.840.113556.1.4.803:=<mask>)`: every bit of the mask is set. */
export function hasBits(attribute: string, mask: number): Filter {
  return new ExtensibleFilter({ matchType: attribute, rule: BIT_AND_RULE, value: String(mask) });
}

/** User objects: `(&(objectCategory=person)(objectClass=user))`. */
export function userObjects(): Filter {
  return and(equals('objectCategory', 'person'), equals('objectClass', 'user'));
}

/** `(!(userAccountControl:1.2.840.113556.1.4.803:=2))` */
export function enabledAccounts(): Filter {
  return not(hasBits('userAccountControl', UAC_ACCOUNTDISABLE));
}

/** USNs are 64-bit: `(uSNChanged>=usn+1)`, the objects changed after the USN. */
export function changedAfter(usn: string): Filter {
  return atLeast('uSNChanged', (BigInt(usn) + 1n).toString());
}
