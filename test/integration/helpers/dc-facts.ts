import { Client } from 'ldapts';
import type { TestDc } from './test-dc.js';

/** What the test DC says of itself over LDAP: its site (from its server object's DN), host name, and the domain's GUID. */
export interface DcFacts {
  site: string;
  dnsHostName: string;
  domainGuid: string;
}

function guidText(g: Buffer): string {
  const le = (b: Buffer) => Buffer.from(b).reverse().toString('hex');
  return `${le(g.subarray(0, 4))}-${le(g.subarray(4, 6))}-${le(g.subarray(6, 8))}-${g.subarray(8, 10).toString('hex')}-${g.subarray(10, 16).toString('hex')}`;
}

export async function readDcFacts(dc: TestDc): Promise<DcFacts> {
  const client = new Client({ url: dc.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
  try {
    await client.bind(dc.bindDn, dc.bindPassword);
    const root = (await client.search('', { scope: 'base', attributes: ['serverName', 'dnsHostName'] })).searchEntries[0]!;
    // serverName: CN=DC1,CN=Servers,CN=<site>,CN=Sites,CN=Configuration,...
    const site = /^CN=[^,]+,CN=Servers,CN=([^,]+),CN=Sites,/i.exec(String(root.serverName))![1]!;
    const domain = (await client.search(dc.baseDn, { scope: 'base', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] })).searchEntries[0]!;
    return { site, dnsHostName: String(root.dnsHostName), domainGuid: guidText(domain.objectGUID as Buffer) };
  } finally {
    await client.unbind();
  }
}
