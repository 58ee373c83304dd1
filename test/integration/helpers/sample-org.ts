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

export interface FixtureGroup {
  cn: string;
  sAMAccountName?: string;
  ou: string;
  mail?: string;
  description?: string;
  members: string[];
}

/** The fixture's generator of many plain users (see its _comment); build/seed-ldif.mjs expands it the same way. */
interface BulkUsers {
  count: number;
  ou: string;
  samPrefix: string;
  cnPrefix: string;
  digits?: number;
  mailDomain: string;
  givenName?: string;
  department?: string;
  memberOf?: string[];
}

interface Fixture {
  users: FixtureUser[];
  groups: FixtureGroup[];
  bulkUsers?: BulkUsers;
}

/** The fixture with bulkUsers expanded into users (and group members), as the DC holds it. */
function loadFixture(): Fixture {
  const fixture = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/sample-org.json'), 'utf8')) as Fixture;
  const bulk = fixture.bulkUsers;
  if (!bulk?.count) return fixture;
  const generated: FixtureUser[] = [];
  for (let i = 1; i <= bulk.count; i++) {
    const number = String(i).padStart(bulk.digits ?? 5, '0');
    const sam = `${bulk.samPrefix}${number}`;
    const address = `${sam}@${bulk.mailDomain}`;
    generated.push({
      sAMAccountName: sam, ou: bulk.ou, cn: `${bulk.cnPrefix}${number}`, givenName: bulk.givenName, sn: `User ${number}`,
      displayName: `${bulk.cnPrefix}${number}`, mail: address, userPrincipalName: address, department: bulk.department,
    });
  }
  fixture.users.push(...generated);
  for (const name of bulk.memberOf ?? []) {
    const group = fixture.groups.find((candidate) => candidate.cn === name);
    if (!group) throw new Error(`bulkUsers.memberOf: no group ${name}`);
    group.members = [...group.members, ...generated.map((user) => user.sAMAccountName)];
  }
  return fixture;
}

export const sampleOrg: Fixture = loadFixture();

/** The fixture's bulk users (generated), by sAMAccountName prefix. */
export function isBulkUser(user: FixtureUser): boolean {
  return sampleOrg.bulkUsers !== undefined && user.sAMAccountName.startsWith(sampleOrg.bulkUsers.samPrefix);
}

/**
 * sAMAccountNames of the transitive members of a group (nested groups at any depth, cycles
 * allowed), users only: contacts, computers and foreign principals are left out.
 */
export function transitiveMembers(groupCn: string): Set<string> {
  const byRef = new Map(sampleOrg.groups.flatMap((group) => [[group.cn.toLowerCase(), group], [(group.sAMAccountName ?? group.cn).toLowerCase(), group]] as const));
  const users = new Set(sampleOrg.users.map((user) => user.sAMAccountName.toLowerCase()));
  const start = byRef.get(groupCn.toLowerCase());
  if (!start) throw new Error(`no fixture group ${groupCn}`);
  const members = new Set<string>();
  const visited = new Set<FixtureGroup>([start]);
  const queue = [start];
  for (let group = queue.shift(); group; group = queue.shift()) {
    for (const member of group.members) {
      const nested = byRef.get(member.toLowerCase());
      if (nested && !visited.has(nested)) {
        visited.add(nested);
        queue.push(nested);
      } else if (!nested && users.has(member.toLowerCase())) members.add(member.toLowerCase());
    }
  }
  return new Set(sampleOrg.users.filter((user) => members.has(user.sAMAccountName.toLowerCase())).map((user) => user.sAMAccountName));
}

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

/**
 * Users a sync must send: enabled and with an email; optionally only the (transitive) members of a
 * group. Users whose email another enabled user also has (case-insensitively) are held back as an
 * email conflict (docs/mapping.md), so they are not expected.
 */
export function expectedInScope(groupCn?: string): FixtureUser[] {
  const members = groupCn ? transitiveMembers(groupCn) : undefined;
  const inScope = sampleOrg.users.filter(
    (user) => !user.disabled && expectedEmail(user) !== undefined && (!members || members.has(user.sAMAccountName)),
  );
  const owners = new Map<string, number>();
  for (const user of inScope) owners.set(expectedEmail(user)!.toLowerCase(), (owners.get(expectedEmail(user)!.toLowerCase()) ?? 0) + 1);
  return inScope.filter((user) => owners.get(expectedEmail(user)!.toLowerCase()) === 1);
}

/** The sha256 of the photo a sync must send: none for a photo over the API's 100 KiB (sent without it). */
export function photoSha256(user: FixtureUser): string | undefined {
  if (!user.thumbnailPhoto) return undefined;
  const bytes = readFileSync(path.join(REPO_ROOT, 'test/fixtures', user.thumbnailPhoto));
  if (bytes.length > 100 * 1024) return undefined;
  return createHash('sha256').update(bytes).digest('hex');
}
