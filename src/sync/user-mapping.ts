import { createHash } from 'node:crypto';
import { MAX_PHOTO_BYTES, type UserPayload, type UserPhoto } from '../api/types.js';
import type { MappingSettings } from '../config/config.js';
import { UAC_ACCOUNTDISABLE } from '../directory/account-control.js';
import type { DirectoryUser } from '../directory/model.js';
import type { RunWarning } from '../state/run-summary.js';
import { chooseEmail, otherEmails, type EmailChoice } from './email.js';

export type StringField = Exclude<
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

/** Exchange's custom attributes, sent under customAttributes by the default mapping. */
export const CUSTOM_ATTRIBUTES = Array.from({ length: 15 }, (_, index) => `extensionAttribute${index + 1}`);

/** Payload fields a mapping may take from another AD attribute (set-mapping fieldOverrides). */
export const OVERRIDABLE_FIELDS: readonly StringField[] = STRING_FIELD_MAP.map(([, field]) => field);

/** Every top-level payload field: a custom attribute may not be named like one of them. */
export const PAYLOAD_FIELDS: readonly (keyof UserPayload)[] = [
  'objectGuid', 'email', 'proxyEmails', 'managerEmail', 'customAttributes', 'photo', 'enabled', ...OVERRIDABLE_FIELDS,
];

/** The mapping a run applies: the fixed table with any overrides, and the custom attributes. */
export interface EffectiveMapping {
  /** [LDAP attribute, payload field] for the single-valued text fields. */
  stringFields: readonly (readonly [ldapAttribute: string, field: StringField])[];
  /** [LDAP attribute, custom field name] sent under customAttributes. */
  customAttributes: readonly (readonly [ldapAttribute: string, name: string])[];
  allowUpnAsEmail: boolean;
}

export const DEFAULT_MAPPING: EffectiveMapping = {
  stringFields: STRING_FIELD_MAP,
  customAttributes: CUSTOM_ATTRIBUTES.map((attribute) => [attribute, attribute] as const),
  allowUpnAsEmail: false,
};

/** The stored mapping settings (config.json `mapping`) applied to the defaults. */
export function effectiveMapping(settings: MappingSettings | undefined): EffectiveMapping {
  if (!settings) return DEFAULT_MAPPING;
  const overrides = new Map(Object.entries(settings.fieldOverrides ?? {}));
  return {
    stringFields: STRING_FIELD_MAP.map(([attribute, field]) => [overrides.get(field) ?? attribute, field] as const),
    customAttributes: settings.customAttributes
      ? Object.entries(settings.customAttributes).map(([name, attribute]) => [attribute, name] as const)
      : DEFAULT_MAPPING.customAttributes,
    allowUpnAsEmail: settings.allowUpnAsEmail === true,
  };
}

/**
 * Identifies a mapping: folded into the watermark's fingerprint, so that a changed mapping makes
 * the next sync a full one. The default mapping has the empty fingerprint.
 */
export function mappingFingerprint(mapping: EffectiveMapping): string {
  const canonical = canonicalMapping(mapping);
  if (canonical === DEFAULT_CANONICAL) return '';
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function canonicalMapping(mapping: EffectiveMapping): string {
  return JSON.stringify([
    mapping.stringFields.map(([attribute, field]) => `${field}=${attribute.toLowerCase()}`),
    mapping.customAttributes.map(([attribute, name]) => `${name}=${attribute.toLowerCase()}`).sort(),
    mapping.allowUpnAsEmail,
  ]);
}

const DEFAULT_CANONICAL = canonicalMapping(DEFAULT_MAPPING);

/** Every LDAP attribute a mapping reads. */
export function userAttributesFor(mapping: EffectiveMapping): string[] {
  return [
    ...new Set([
      ...mapping.stringFields.map(([attribute]) => attribute),
      'mail',
      'proxyAddresses',
      'userPrincipalName',
      'manager',
      'userAccountControl',
      'thumbnailPhoto',
      'objectGUID',
      ...mapping.customAttributes.map(([attribute]) => attribute),
    ]),
  ];
}

/** Every LDAP attribute the default mapping reads. */
export const USER_ATTRIBUTES: readonly string[] = userAttributesFor(DEFAULT_MAPPING);

/** Why a directory user produces no payload. */
export type SkipReason = 'no-email';

export type MappingResult =
  | {
      kind: 'payload';
      payload: UserPayload;
      emailSource: EmailChoice['source'];
      managerDn?: string;
      /** Problems with this user that did not stop it from being sent (an oversize photo). */
      warnings: RunWarning[];
    }
  | { kind: 'skipped'; reason: SkipReason; dn: string; objectGuid: string };

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
export function mapUser(user: DirectoryUser, mapping: EffectiveMapping = DEFAULT_MAPPING): MappingResult {
  const { attributes } = user;
  const choice = chooseEmail(attributes, mapping);
  if (!choice) return { kind: 'skipped', reason: 'no-email', dn: user.dn, objectGuid: user.objectGuid };

  const payload: UserPayload = { objectGuid: user.objectGuid, email: choice.email, enabled: true };
  const warnings: RunWarning[] = [];
  const proxyEmails = otherEmails(attributes, choice.email);
  if (proxyEmails.length > 0) payload.proxyEmails = proxyEmails;
  for (const [attribute, field] of mapping.stringFields) {
    const value = attributes[attribute.toLowerCase()]?.[0]?.trim();
    if (value) payload[field] = value;
  }
  const custom: Record<string, string> = {};
  for (const [attribute, name] of mapping.customAttributes) {
    const value = attributes[attribute.toLowerCase()]?.[0]?.trim();
    if (value) custom[name] = value;
  }
  if (Object.keys(custom).length > 0) payload.customAttributes = custom;
  if (user.thumbnailPhoto && user.thumbnailPhoto.length > MAX_PHOTO_BYTES) {
    warnings.push({
      objectGuid: user.objectGuid,
      email: choice.email,
      code: 'PHOTO_TOO_LARGE',
      message: `thumbnailPhoto is ${user.thumbnailPhoto.length} bytes, over the ${MAX_PHOTO_BYTES} bytes Signature 365 accepts: the user is sent without a photo.`,
      dn: user.dn,
    });
  } else if (user.thumbnailPhoto) {
    payload.photo = photoOf(user.thumbnailPhoto);
  }
  const uac = Number.parseInt(attributes.useraccountcontrol?.[0] ?? '0', 10);
  payload.enabled = (uac & UAC_ACCOUNTDISABLE) === 0;
  const managerDn = attributes.manager?.[0];
  return { kind: 'payload', payload, emailSource: choice.source, ...(managerDn ? { managerDn } : {}), warnings };
}
