// The directory's floor: OpenLDAP's ldapsearch paging every in-scope user with the attributes the
// agent reads (src/sync/user-mapping.ts USER_ATTRIBUTES), over LDAPS, from the same DC and base,
// with the agent's page size and filter (src/directory/ldap/ldap-directory.ts, scope all).
import { USER_ATTRIBUTES } from '../../dist/sync/user-mapping.js';
import { DIRECTORY_DEFAULTS } from '../../dist/config/config.js';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { check, passwordFile, run } from './measure.mjs';

export const SCOPE_ALL_FILTER =
  '(&(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))(|(mail=*)(proxyAddresses=*)(userPrincipalName=*)))';

/** One paged read, its LDIF to a scratch file (counted afterwards, off the clock); resolves {ms, entries}. */
export async function ldapsearchOnce({ dc, baseDn, scratchFile }) {
  const result = check(
    await run('ldapsearch', ['-LLL', '-x', '-o', 'ldif-wrap=no', '-H', dc.S365_TEST_LDAPS_URL, '-D', dc.S365_TEST_BIND_DN, '-y', passwordFile(path.join(path.dirname(scratchFile), 'bind.pw'), dc.S365_TEST_BIND_PASSWORD), '-b', baseDn,
      '-E', `pr=${DIRECTORY_DEFAULTS.pageSize}/noprompt`, SCOPE_ALL_FILTER, ...USER_ATTRIBUTES], {
      stdoutFile: scratchFile,
      env: { LDAPTLS_CACERT: dc.S365_TEST_CA_FILE, LDAPTLS_REQCERT: 'demand' },
    }),
    'ldapsearch',
  );
  const entries = readFileSync(scratchFile, 'latin1').match(/^dn:/gm)?.length ?? 0;
  rmSync(scratchFile, { force: true });
  return { ms: result.ms, entries };
}
