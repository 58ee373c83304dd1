// The synthetic directory of the benchmark: N users with realistic profiles (every field of
// docs/mapping.md for most, unicode names, 5% with a 5-20 KB thumbnailPhoto, a manager tree) and
// 200 groups (some nested, one of min(20,000, N/5) transitive members), as one LDIF of plain add
// records for `ldbadd` on the stopped DC. Deterministic: the same parameters give the same bytes.
//
// Everything lives under OU=Bench at the top of the domain, apart from the test fixture's objects.
import { createHash } from 'node:crypto';

export const BENCH_OU = 'OU=Bench';
export const GROUP_COUNT = 200;
export const BIG_GROUP_CN = 'Bench Big Group';
/** Bumped when the generator's output changes for the same parameters (part of the cache key). */
export const GENERATOR_VERSION = 1;

const MAIL_DOMAIN = 'bench.contoso.com';
const DEPARTMENTS = ['Sales', 'Marketing', 'Engineering', 'Finance', 'Support', 'Legal', 'Operations', 'Human Resources', 'Research', 'Logistics'];
const TITLES = ['Account Executive', 'Engineer', 'Senior Engineer', 'Analyst', 'Manager', 'Director', 'Consultant', 'Specialist', 'Coordinator', 'Architect'];
const GIVEN = ['Alice', 'Bob', 'José', 'Zoë', 'Søren', 'Chloé', 'Amélie', 'Carlos', 'Ольга', 'Иван', '由紀', 'Nguyễn', 'Łukasz', 'Siobhán', 'Björn', 'Fatima', 'Mohammed', 'Priya', 'Wei', 'Emma', 'Liam', 'Noah', 'Olivia', 'Ærin', 'Małgorzata'];
const SURNAMES = ['Johnson', 'Smith', 'Müller', 'Ødegaard', 'Kierkegaard', 'Dubois', 'García', 'Петрова', '田中', "O'Brien", "O'Leary", 'Nowak', 'Wright', 'Nguyen', 'Patel', 'Kowalski', 'Jensen', 'Rossi', 'Hughes', 'Chen', 'Fernández', 'Çelik', 'Søndergaard', 'Wiśniewski', 'Иванов'];
const CITIES = [
  { l: 'Seattle', st: 'WA', postalCode: '98101', co: 'United States', c: 'US', street: '400 Pine Street\nSuite 1200' },
  { l: 'München', st: 'Bayern', postalCode: '80331', co: 'Germany', c: 'DE', street: 'Marienplatz 8' },
  { l: 'Paris', st: 'Île-de-France', postalCode: '75008', co: 'France', c: 'FR', street: '12 rue de la Paix' },
  { l: 'København', st: 'Hovedstaden', postalCode: '1050', co: 'Denmark', c: 'DK', street: 'Kongens Nytorv 3' },
  { l: 'Tokyo', st: 'Tokyo', postalCode: '100-0005', co: 'Japan', c: 'JP', street: '丸の内1-1-1' },
];

/** mulberry32 seeded from a string: small, fast and the same everywhere. */
export function prng(seed) {
  let a = createHash('sha256').update(String(seed)).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 4514 escaping of a value inside a DN. */
function escapeRdn(value) {
  let s = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  return s;
}

/** RFC 2849: base64 when not a SAFE-STRING. */
function attrLine(name, value) {
  if (Buffer.isBuffer(value)) return `${name}:: ${value.toString('base64')}`;
  const unsafe = /^[ :<]/.test(value) || / $/.test(value) || /[^\x01-\x09\x0b\x0c\x0e-\x7f]/.test(value);
  return unsafe ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}` : `${name}: ${value}`;
}

function entry(dn, attrs) {
  const lines = [attrLine('dn', dn)];
  for (const [name, value] of attrs) lines.push(attrLine(name, value));
  return lines.join('\n') + '\n\n';
}

/** A JPEG-looking blob (SOI, JFIF header, noise, EOI): the agent only sniffs the magic bytes. */
export function photoBytes(random, size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(bytes);
  bytes[size - 2] = 0xff;
  bytes[size - 1] = 0xd9;
  return bytes;
}

const ascii = (s) => s.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase();
const pick = (random, list) => list[Math.floor(random() * list.length)];

export const samOf = (index) => `bench${String(index).padStart(6, '0')}`;
export const mailOf = (index) => `${samOf(index)}@${MAIL_DOMAIN}`;

/**
 * The directory for `users` users from `seed`, as { ldif: string[] (chunks), facts }. `facts` says
 * what was made (counts, DNs of the OU and the big group, how many the scope reads) for the report.
 */
export function generateDirectory({ users, seed, baseDn }) {
  const random = prng(`${seed}:${users}`);
  const root = `${BENCH_OU},${baseDn}`;
  const peopleOu = `OU=People,${root}`;
  const groupsOu = `OU=Groups,${root}`;
  const chunks = [
    entry(root, [['objectClass', 'organizationalUnit'], ['ou', 'Bench'], ['description', 'Synthetic benchmark directory (build/bench)']]),
    entry(peopleOu, [['objectClass', 'organizationalUnit'], ['ou', 'People']]),
    entry(groupsOu, [['objectClass', 'organizationalUnit'], ['ou', 'Groups']]),
  ];
  const dns = [];
  const facts = { users, seed, enabledWithEmail: 0, disabled: 0, withoutEmail: 0, sparse: 0, photos: 0, photoBytes: 0, groups: GROUP_COUNT };
  for (let i = 0; i < users; i++) {
    const given = pick(random, GIVEN);
    const sn = pick(random, SURNAMES);
    const sam = samOf(i);
    const cn = `${given} ${sn} ${sam}`;
    const dn = `CN=${escapeRdn(cn)},${peopleOu}`;
    dns.push(dn);
    const roll = random();
    const disabled = roll < 0.01;
    const withoutEmail = roll >= 0.01 && roll < 0.015;
    const sparse = random() < 0.1;
    const mail = `${ascii(given) || 'user'}.${ascii(sn) || 'user'}.${sam}@${MAIL_DOMAIN}`;
    const attrs = [
      ['objectClass', 'user'],
      ['sAMAccountName', sam],
      ['userAccountControl', disabled ? '514' : '512'],
      ['givenName', given],
      ['sn', sn],
      ['displayName', `${given} ${sn}`],
    ];
    if (!withoutEmail) {
      attrs.push(['userPrincipalName', `${sam}@${MAIL_DOMAIN}`], ['mail', mail]);
      attrs.push(['proxyAddresses', `SMTP:${mail}`], ['proxyAddresses', `smtp:${sam}@${MAIL_DOMAIN}`], ['proxyAddresses', `X500:/o=Bench/cn=${sam}`]);
    }
    if (!sparse) {
      const city = pick(random, CITIES);
      const department = pick(random, DEPARTMENTS);
      const phone = `+1 206 555 ${String(i % 10000).padStart(4, '0')}`;
      attrs.push(
        ['title', pick(random, TITLES)],
        ['department', department],
        ['company', 'Contoso Bench Ltd'],
        ['physicalDeliveryOfficeName', `${city.l} HQ, floor ${1 + Math.floor(random() * 30)}`],
        ['telephoneNumber', phone],
        ['mobile', `+1 425 555 ${String((i * 7) % 10000).padStart(4, '0')}`],
        ['facsimileTelephoneNumber', `+1 206 555 9${String(i % 1000).padStart(3, '0')}`],
        ['streetAddress', city.street],
        ['postOfficeBox', `PO Box ${100 + (i % 900)}`],
        ['l', city.l],
        ['st', city.st],
        ['postalCode', city.postalCode],
        ['co', city.co],
        ['c', city.c],
        ['wWWHomePage', `https://www.contoso.com/people/${sam}`],
        ['description', `${department} team member since ${2000 + (i % 25)}`],
        ['employeeID', `E${String(i).padStart(7, '0')}`],
      );
      for (let n = 1; n <= 15; n++) attrs.push([`extensionAttribute${n}`, `ext${n}-${Math.floor(random() * 1000)}`]);
      // A manager tree of fan-out 8, added before its reports (ldbadd checks the link target).
      if (i > 0) attrs.push(['manager', dns[Math.floor((i - 1) / 8)]]);
    } else facts.sparse += 1;
    if (random() < 0.05) {
      const size = 5 * 1024 + Math.floor(random() * 15 * 1024);
      attrs.push(['thumbnailPhoto', photoBytes(random, size)]);
      facts.photos += 1;
      facts.photoBytes += size;
    }
    if (disabled) facts.disabled += 1;
    else if (withoutEmail) facts.withoutEmail += 1;
    else facts.enabledWithEmail += 1;
    chunks.push(entry(dn, attrs));
  }
  const groups = groupsOf(users, random);
  // Nested groups only contain groups of a higher number: adding from the highest down, every member exists.
  for (let g = GROUP_COUNT - 1; g >= 0; g--) {
    const group = groups[g];
    const members = [...group.users.map((u) => dns[u]), ...group.groups.map((n) => groupDn(groups[n].cn, groupsOu))];
    const attrs = [['objectClass', 'group'], ['sAMAccountName', `benchgroup${String(g).padStart(3, '0')}`], ['groupType', String(0x80000002 | 0)]];
    if (g % 3 === 0) attrs.push(['mail', `group${g}@${MAIL_DOMAIN}`]);
    attrs.push(['description', `Benchmark group ${g}`]);
    for (const member of members) attrs.push(['member', member]);
    chunks.push(entry(groupDn(group.cn, groupsOu), attrs));
  }
  facts.root = root;
  facts.bigGroup = { cn: BIG_GROUP_CN, dn: groupDn(BIG_GROUP_CN, groupsOu), transitiveUsers: bigGroupUsers(users).length };
  return { chunks, facts, dns };
}

const groupDn = (cn, ou) => `CN=${escapeRdn(cn)},${ou}`;

/** Every fifth user, at most 20,000: the transitive members of the big group. */
function bigGroupUsers(users) {
  const all = [];
  for (let i = 0; i < users && all.length < 20000; i += 5) all.push(i);
  return all;
}

/**
 * Group 0 is the big group: half its users direct, the rest through groups 1-4, group 4 reaching
 * its share through group 5 (three levels). Groups 6.. are team groups of 5-500 users; every tenth
 * nests two groups with a higher number.
 */
function groupsOf(users, random) {
  const groups = Array.from({ length: GROUP_COUNT }, (_, g) => ({ cn: g === 0 ? BIG_GROUP_CN : `Bench Group ${String(g).padStart(3, '0')}`, users: [], groups: [] }));
  const big = bigGroupUsers(users);
  const half = Math.floor(big.length / 2);
  groups[0].users = big.slice(0, half);
  groups[0].groups = [1, 2, 3, 4];
  const rest = big.slice(half);
  const quarter = Math.ceil(rest.length / 4);
  for (let k = 0; k < 4; k++) groups[1 + k].users = rest.slice(k * quarter, (k + 1) * quarter);
  groups[5].users = groups[4].users;
  groups[4].users = [];
  groups[4].groups = [5];
  for (let g = 6; g < GROUP_COUNT; g++) {
    const size = Math.min(users, 5 + Math.floor(random() * 496));
    const start = Math.floor(random() * Math.max(1, users - size));
    groups[g].users = Array.from({ length: size }, (_, k) => start + k);
    if (g % 10 === 0 && g + 2 < GROUP_COUNT) groups[g].groups = [g + 1, g + 2];
  }
  return groups;
}
