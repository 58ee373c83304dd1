import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './test-dc.js';

/** One user of test/fixtures/sample-org.json (the seed of the test DC), as written there. */
export interface FixtureUser {
  sAMAccountName: string;
  disabled?: boolean;
  mail?: string | null;
  proxyAddresses?: string[] | null;
  manager?: string | null;
  thumbnailPhoto?: string | null;
  [attribute: string]: unknown;
}

interface Fixture {
  users: FixtureUser[];
  groups: { cn: string; sAMAccountName?: string; members: string[] }[];
}

export const sampleOrg: Fixture = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/sample-org.json'), 'utf8')) as Fixture;

/**
 * The field table of docs/mapping.md, written out independently of src/ so that the test checks the
 * mapping rather than repeating it: fixture (AD) attribute -> payload field.
 */
export const DOCUMENTED_FIELDS: [string, string][] = [
  ['userPrincipalName', 'userPrincipalName'], ['displayName', 'displayName'], ['givenName', 'givenName'], ['sn', 'surname'],
  ['title', 'jobTitle'], ['department', 'department'], ['company', 'companyName'], ['physicalDeliveryOfficeName', 'officeLocation'],
  ['telephoneNumber', 'phone'], ['mobile', 'mobile'], ['facsimileTelephoneNumber', 'fax'], ['streetAddress', 'streetAddress'],
  ['postOfficeBox', 'postOfficeBox'], ['l', 'city'], ['st', 'state'], ['postalCode', 'postalCode'], ['co', 'country'],
  ['c', 'countryCode'], ['wWWHomePage', 'website'], ['description', 'description'], ['employeeID', 'employeeId'],
];

/** The soft-match email the docs promise: primary SMTP of proxyAddresses, else mail; domain lower-cased. */
export function expectedEmail(user: FixtureUser): string | undefined {
  const primary = (user.proxyAddresses ?? []).find((entry) => entry.startsWith('SMTP:'))?.slice(5);
  const chosen = primary ?? user.mail ?? undefined;
  if (!chosen) return undefined;
  const at = chosen.lastIndexOf('@');
  return `${chosen.slice(0, at)}@${chosen.slice(at + 1).toLowerCase()}`;
}

export function userBySam(sam: string): FixtureUser {
  const user = sampleOrg.users.find((candidate) => candidate.sAMAccountName === sam);
  if (!user) throw new Error(`no fixture user ${sam}`);
  return user;
}

/** Users a sync must send: enabled and with an email; optionally only direct members of a group. */
export function expectedInScope(groupCn?: string): FixtureUser[] {
  const members = groupCn ? new Set(sampleOrg.groups.find((group) => group.cn === groupCn)?.members ?? []) : undefined;
  return sampleOrg.users.filter(
    (user) => !user.disabled && expectedEmail(user) !== undefined && (!members || members.has(user.sAMAccountName)),
  );
}

export function photoSha256(user: FixtureUser): string | undefined {
  if (!user.thumbnailPhoto) return undefined;
  return createHash('sha256').update(readFileSync(path.join(REPO_ROOT, 'test/fixtures', user.thumbnailPhoto))).digest('hex');
}
