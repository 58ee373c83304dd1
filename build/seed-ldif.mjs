#!/usr/bin/env node
// Turns test/fixtures/sample-org.json into LDIF for the throwaway Samba AD test
// domain (see build/test-dc.sh and docs/test-dc.md). Plain ESM, no dependencies.
//
//   node build/seed-ldif.mjs [--fixture FILE] [--base-dn DN] [--out FILE]
//   node build/seed-ldif.mjs --bind-info     # prints "<bind DN>\t<password>"
//
// The LDIF uses "changetype:" records (adds first, then modifies for manager
// and member links, which must point at existing objects; group cycles need
// the two-phase approach anyway). Feed it to `ldbmodify -H .../sam.ldb` while
// samba is stopped (fast) or to `ldapmodify` against a running DC.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const fixturePath = resolve(opt('--fixture', resolve(here, '../test/fixtures/sample-org.json')));
const fixtureDir = dirname(fixturePath);
const org = JSON.parse(readFileSync(fixturePath, 'utf8'));
const baseDn = opt('--base-dn', org.domain.baseDn);
expandBulkUsers(org);

/**
 * Appends org.bulkUsers (a generator: count, ou, prefixes, memberOf) to org.users and to the
 * members of the groups it names. test/integration/helpers/sample-org.ts expands it the same way.
 */
function expandBulkUsers(o) {
  const bulk = o.bulkUsers;
  if (!bulk || !bulk.count) return;
  const users = [];
  for (let i = 1; i <= bulk.count; i++) {
    const number = String(i).padStart(bulk.digits ?? 5, '0');
    const sam = `${bulk.samPrefix}${number}`;
    const address = `${sam}@${bulk.mailDomain}`;
    users.push({
      sAMAccountName: sam, ou: bulk.ou, cn: `${bulk.cnPrefix}${number}`, givenName: bulk.givenName, sn: `User ${number}`,
      displayName: `${bulk.cnPrefix}${number}`, mail: address, userPrincipalName: address, department: bulk.department,
    });
  }
  o.users = [...o.users, ...users];
  for (const name of bulk.memberOf ?? []) {
    const group = o.groups.find((g) => g.cn === name);
    if (!group) throw new Error(`bulkUsers.memberOf: no group ${name}`);
    group.members = [...(group.members ?? []), ...users.map((u) => u.sAMAccountName)];
  }
}

// ---------------------------------------------------------------- helpers

/** RFC 4514 escaping of an attribute value used inside a DN. */
export function escapeRdnValue(v) {
  let s = String(v).replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  if (s.endsWith(' ')) s = s.slice(0, -1) + '\\ ';
  return s;
}
const dnOf = (cn, ou) => `CN=${escapeRdnValue(cn)},${ou},${baseDn}`;

/** RFC 2849: a value must be base64 encoded if it is not a SAFE-STRING. */
function needsBase64(s) {
  if (s.length === 0) return false;
  if (/^[ :<]/.test(s) || / $/.test(s)) return true;
  return /[^\x01-\x09\x0b\x0c\x0e-\x7f]/.test(s);
}
function fold(line) {
  if (line.length <= 76) return line;
  const parts = [line.slice(0, 76)];
  for (let i = 76; i < line.length; i += 75) parts.push(' ' + line.slice(i, i + 75));
  return parts.join('\n');
}
function attrLine(name, value) {
  if (Buffer.isBuffer(value)) return fold(`${name}:: ${value.toString('base64')}`);
  const s = String(value);
  return fold(needsBase64(s) ? `${name}:: ${Buffer.from(s, 'utf8').toString('base64')}` : `${name}: ${s}`);
}
const isEmpty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const out = [];
function record(dn, changetype, lines) {
  out.push([attrLine('dn', dn), `changetype: ${changetype}`, ...lines].join('\n') + '\n');
}
function addEntry(dn, objectClass, attrs) {
  const lines = [`objectClass: ${objectClass}`];
  for (const [k, v] of Object.entries(attrs)) {
    if (isEmpty(v)) continue;
    for (const one of Array.isArray(v) ? v : [v]) if (!isEmpty(one)) lines.push(attrLine(k, one));
  }
  record(dn, 'add', lines);
}

// Fixture keys that are not LDAP attributes (or need translation).
const META = new Set(['ou', 'cn', 'manager', 'thumbnailPhoto', 'disabled', 'password', 'passwordNeverExpires',
  'members', 'type', 'scope', 'sAMAccountName']);
const ldapAttrs = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !META.has(k)));

// ---------------------------------------------------------------- resolve

const refs = new Map(); // sAMAccountName (users, groups, computers) or contact cn -> DN
function addRef(key, dn) {
  const k = key.toLowerCase();
  if (refs.has(k)) throw new Error(`duplicate reference key ${key}`);
  refs.set(k, dn);
}
for (const u of org.users) addRef(u.sAMAccountName, dnOf(u.cn, u.ou));
for (const g of org.groups) addRef(g.sAMAccountName, dnOf(g.cn, g.ou));
for (const c of org.computers ?? []) addRef(c.sAMAccountName, dnOf(c.cn, c.ou));
for (const c of org.contacts ?? []) addRef(c.cn, dnOf(c.cn, c.ou));
/** A member given as a SID: Samba creates its foreignSecurityPrincipal on the member add. */
const SID = /^S-1-5-21(-\d+)+$/;
function ref(key, what) {
  if (SID.test(String(key))) return `<SID=${key}>`;
  const dn = refs.get(String(key).toLowerCase());
  if (!dn) throw new Error(`unknown reference ${JSON.stringify(key)} in ${what}`);
  return dn;
}

if (args.includes('--bind-info')) {
  const u = org.users.find((x) => x.sAMAccountName === org.bindAccount);
  process.stdout.write(`${dnOf(u.cn, u.ou)}\t${u.password}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- entries

const UAC_NORMAL = 0x200, UAC_DISABLE = 0x2, UAC_DONT_EXPIRE = 0x10000, UAC_WORKSTATION = 0x1000;
const GROUP_SCOPE = { global: 0x2, domainLocal: 0x4, universal: 0x8 };

for (const ou of org.ous) {
  const name = /^OU=([^,]+)/.exec(ou.dn)[1];
  addEntry(`${ou.dn},${baseDn}`, 'organizationalUnit', { ou: name, description: ou.description });
}

for (const u of org.users) {
  let uac = UAC_NORMAL | (u.disabled ? UAC_DISABLE : 0) | (u.passwordNeverExpires ? UAC_DONT_EXPIRE : 0);
  const attrs = { sAMAccountName: u.sAMAccountName, ...ldapAttrs(u), userAccountControl: String(uac) };
  if (u.thumbnailPhoto) {
    const buf = readFileSync(resolve(fixtureDir, u.thumbnailPhoto));
    // AD caps thumbnailPhoto at 100 KiB; the test schema raises the cap to 256 KiB (build/schema-ext-ldif.mjs).
    if (buf.length > 256 * 1024) throw new Error(`${u.thumbnailPhoto} larger than 256 KiB (the test schema's thumbnailPhoto rangeUpper)`);
    attrs.thumbnailPhoto = buf;
  }
  if (u.password) attrs.unicodePwd = Buffer.from(`"${u.password}"`, 'utf16le');
  addEntry(dnOf(u.cn, u.ou), 'user', attrs);
}

for (const c of org.contacts ?? []) addEntry(dnOf(c.cn, c.ou), 'contact', ldapAttrs(c));

for (const c of org.computers ?? []) {
  addEntry(dnOf(c.cn, c.ou), 'computer', {
    sAMAccountName: c.sAMAccountName, ...ldapAttrs(c), userAccountControl: String(UAC_WORKSTATION),
  });
}

for (const g of org.groups) {
  const scope = GROUP_SCOPE[g.scope];
  if (!scope) throw new Error(`group ${g.cn}: bad scope ${g.scope}`);
  const groupType = (scope | (g.type === 'security' ? 0x80000000 : 0)) | 0; // signed 32-bit as AD shows it
  addEntry(dnOf(g.cn, g.ou), 'group', { sAMAccountName: g.sAMAccountName, ...ldapAttrs(g), groupType: String(groupType) });
}

// Second phase: links (manager, member). Targets exist now, cycles are fine.
for (const u of org.users) {
  if (isEmpty(u.manager)) continue;
  record(dnOf(u.cn, u.ou), 'modify', ['replace: manager', attrLine('manager', ref(u.manager, `${u.sAMAccountName}.manager`)), '-']);
}
for (const g of org.groups) {
  if (isEmpty(g.members)) continue;
  const lines = ['add: member', ...g.members.map((m) => attrLine('member', ref(m, `${g.cn}.members`))), '-'];
  record(dnOf(g.cn, g.ou), 'modify', lines);
}

const ldif = `# generated by build/seed-ldif.mjs from ${fixturePath}\n\n` + out.join('\n');
const outPath = opt('--out');
if (outPath) writeFileSync(outPath, ldif);
else process.stdout.write(ldif);
