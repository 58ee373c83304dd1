import { createHash } from 'node:crypto';
import type { UserPayload, UserPhoto } from '../api/types.js';
import type { DirectoryUser } from '../directory/model.js';
import { chooseEmail, otherEmails } from './email.js';

type StringField = Exclude<
  keyof UserPayload,
  'objectGuid' | 'email' | 'proxyEmails' | 'managerEmail' | 'customAttributes' | 'photo' | 'enabled'
>;

/**
 * AD attribute -> payload field, for single-valued text fields. The whole table is documented in
 * docs/mapping.md; keep the two in step.
 */
export const STRING_FIELD_MAP: readonly (readonly [ldapAttribute: string, field: StringField])[] = [
  ['userPrincipalName', 'userPrincipalName'],
  ['displayName', 'displayName'],
  ['givenName', 'givenName'],
  ['sn', 'surname'],
  ['title', 'jobTitle'],
  ['department', 'department'],
  ['company', 'companyName'],
  ['physicalDeliveryOfficeName', 'officeLocation'],
  ['telephoneNumber', 'phone'],
  ['mobile', 'mobile'],
  ['facsimileTelephoneNumber', 'fax'],
  ['streetAddress', 'streetAddress'],
  ['postOfficeBox', 'postOfficeBox'],
  ['l', 'city'],
  ['st', 'state'],
  ['postalCode', 'postalCode'],
  ['co', 'country'],
  ['c', 'countryCode'],
  ['wWWHomePage', 'website'],
  ['description', 'description'],
  ['employeeID', 'employeeId'],
];

/** Exchange's custom attributes, sent under customAttributes when the schema has them. */
export const CUSTOM_ATTRIBUTES = Array.from({ length: 15 }, (_, index) => `extensionAttribute${index + 1}`);

/** Every LDAP attribute the mapping reads. */
export const USER_ATTRIBUTES: readonly string[] = [
  ...STRING_FIELD_MAP.map(([attribute]) => attribute),
  'mail',
  'proxyAddresses',
  'manager',
  'userAccountControl',
  'thumbnailPhoto',
  'objectGUID',
  ...CUSTOM_ATTRIBUTES,
];

/** Why a directory user produces no payload. */
export type SkipReason = 'no-email';

export type MappingResult =
  | { kind: 'payload'; payload: UserPayload; emailSource: 'proxyAddresses' | 'mail'; managerDn?: string }
  | { kind: 'skipped'; reason: SkipReason; dn: string; objectGuid: string };

const UAC_ACCOUNTDISABLE = 0x2;

export function photoOf(bytes: Buffer): UserPhoto {
  return {
    contentType: sniffImageType(bytes),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    data: bytes.toString('base64'),
  };
}

function sniffImageType(bytes: Buffer): UserPhoto['contentType'] {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'image/bmp';
  return 'image/jpeg';
}

/**
 * Maps one directory user to the API payload. Empty values become absent fields. The manager is
 * returned as a DN for the caller to resolve (`managerEmail` is filled in by `withManagerEmail`).
 */
export function mapUser(user: DirectoryUser): MappingResult {
  const { attributes } = user;
  const choice = chooseEmail(attributes);
  if (!choice) return { kind: 'skipped', reason: 'no-email', dn: user.dn, objectGuid: user.objectGuid };

  const payload: UserPayload = { objectGuid: user.objectGuid, email: choice.email, enabled: true };
  const proxyEmails = otherEmails(attributes, choice.email);
  if (proxyEmails.length > 0) payload.proxyEmails = proxyEmails;
  for (const [attribute, field] of STRING_FIELD_MAP) {
    const value = attributes[attribute.toLowerCase()]?.[0]?.trim();
    if (value) payload[field] = value;
  }
  const custom: Record<string, string> = {};
  for (const attribute of CUSTOM_ATTRIBUTES) {
    const value = attributes[attribute.toLowerCase()]?.[0]?.trim();
    if (value) custom[attribute] = value;
  }
  if (Object.keys(custom).length > 0) payload.customAttributes = custom;
  if (user.thumbnailPhoto) payload.photo = photoOf(user.thumbnailPhoto);
  const uac = Number.parseInt(attributes.useraccountcontrol?.[0] ?? '0', 10);
  payload.enabled = (uac & UAC_ACCOUNTDISABLE) === 0;
  const managerDn = attributes.manager?.[0];
  return { kind: 'payload', payload, emailSource: choice.source, ...(managerDn ? { managerDn } : {}) };
}
