// The 1% change of the delta benchmark: over LDAP(S) as the domain admin with OpenLDAP's
// ldapmodify, a new title for 1% of the users and a new 5-20 KB photo for one in ten of them.
// Each call changes other users and writes values never written before (the token), so a
// delta always has them to read, however often the cached DC was used.
import { writeFileSync } from 'node:fs';
import { photoBytes, prng } from './directory-gen.mjs';
import path from 'node:path';
import { check, passwordFile, run } from './measure.mjs';

/** Changes 1% of `dns` (every 100th, starting at `round`); resolves how many users and photos changed. */
export async function changeOnePercent({ dc, dns, round, token, ldifFile }) {
  const random = prng(`${token}:${round}`);
  const records = [];
  let photos = 0;
  for (let i = round % 100, n = 0; i < dns.length; i += 100, n++) {
    const lines = [`dn:: ${Buffer.from(dns[i], 'utf8').toString('base64')}`, 'changetype: modify', 'replace: title', `title: Bench title ${token} r${round}`, '-'];
    if (n % 10 === 0) {
      lines.push('replace: thumbnailPhoto', `thumbnailPhoto:: ${photoBytes(random, 5 * 1024 + Math.floor(random() * 15 * 1024)).toString('base64')}`, '-');
      photos += 1;
    }
    records.push(lines.join('\n'));
  }
  writeFileSync(ldifFile, records.join('\n\n') + '\n');
  const result = check(
    await run('ldapmodify', ['-x', '-H', dc.S365_TEST_LDAPS_URL, '-D', dc.S365_TEST_ADMIN_DN, '-y', passwordFile(path.join(path.dirname(ldifFile), 'admin.pw'), dc.S365_TEST_ADMIN_PASSWORD), '-f', ldifFile], {
      env: { LDAPTLS_CACERT: dc.S365_TEST_CA_FILE, LDAPTLS_REQCERT: 'demand' },
    }),
    'ldapmodify',
  );
  return { users: records.length, photos, ms: result.ms };
}
