import { readFileSync } from 'node:fs';
import { Attribute, Change, Client, NoSuchObjectError } from 'ldapts';
import type { TestDc } from './test-dc.js';

/**
 * Changes the test directory as an administrator would, for tests that need the directory to
 * move between two syncs. Every test that changes something must undo it.
 */
export class DirectoryAdmin {
  private constructor(private readonly client: Client) {}

  static async connect(dc: TestDc): Promise<DirectoryAdmin> {
    const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [readFileSync(dc.caFile)] }, timeout: 30_000 });
    await client.bind(dc.adminDn, dc.adminPassword);
    return new DirectoryAdmin(client);
  }

  async close(): Promise<void> {
    await this.client.unbind();
  }

  async createUser(dn: string, attributes: Record<string, string | string[]>): Promise<void> {
    const sam = /^CN=([^,]+)/.exec(dn)?.[1]?.replace(/\s+/g, '.').toLowerCase() ?? 'user';
    await this.client.add(dn, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: sam.slice(0, 20), userAccountControl: '512', ...attributes });
  }

  async replace(dn: string, attribute: string, values: string | string[]): Promise<void> {
    await this.client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: Array.isArray(values) ? values : [values] }) }));
  }

  async addMember(groupDn: string, memberDn: string): Promise<void> {
    await this.client.modify(groupDn, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [memberDn] }) }));
  }

  async removeMember(groupDn: string, memberDn: string): Promise<void> {
    await this.client.modify(groupDn, new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [memberDn] }) }));
  }

  async delete(dn: string): Promise<void> {
    await this.client.del(dn).catch((error: unknown) => {
      if (!(error instanceof NoSuchObjectError)) throw error;
    });
  }

  async attribute(dn: string, name: string): Promise<string | undefined> {
    const { searchEntries } = await this.client.search(dn, { scope: 'base', attributes: [name] });
    const value = searchEntries[0]?.[name];
    return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  }
}
