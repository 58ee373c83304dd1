import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Attribute, Change, Client, NoSuchObjectError } from 'ldapts';
import type { TestDc } from './test-dc.js';

/**
 * Throwaway objects in the test directory, as an administrator: each suite works in its own OU
 * (`OU=s365-scratch-<random>` under OU=Contoso) and deletes it, with everything in it, afterwards.
 * Scratch users are created DISABLED (with a mail) so that concurrent suites syncing "all enabled
 * users" never see them; tests that want them in scope use includeDisabled.
 */
export class ScratchDirectory {
  readonly root: string;
  private readonly created: string[] = [];

  private constructor(
    private readonly client: Client,
    readonly dc: TestDc,
    readonly id: string,
  ) {
    this.root = `OU=s365-scratch-${id},OU=Contoso,${dc.baseDn}`;
  }

  static async create(dc: TestDc): Promise<ScratchDirectory> {
    const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [readFileSync(dc.caFile)] }, timeout: 60_000 });
    await client.bind(dc.adminDn, dc.adminPassword);
    const scratch = new ScratchDirectory(client, dc, randomBytes(4).toString('hex'));
    await scratch.add(scratch.root, { objectClass: ['top', 'organizationalUnit'], ou: `s365-scratch-${scratch.id}` });
    return scratch;
  }

  /** A DN in the scratch OU (or under `parent`). */
  dn(rdn: string, parent = this.root): string {
    return `${rdn},${parent}`;
  }

  async ou(name: string, parent = this.root): Promise<string> {
    const dn = `OU=${name},${parent}`;
    await this.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: name });
    return dn;
  }

  /** A global security group with these member DNs. */
  async group(name: string, members: string[] = [], parent = this.root, extra: Record<string, string> = {}): Promise<string> {
    const dn = `CN=${name},${parent}`;
    const sam = `${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}-${this.id}`;
    await this.add(dn, { objectClass: ['top', 'group'], sAMAccountName: sam, groupType: String(0x80000002 | 0), ...extra });
    if (members.length > 0) await this.addMembers(dn, members);
    return dn;
  }

  /** A disabled user with a mail (see the class comment). */
  async disabledUser(name: string, parent = this.root): Promise<{ dn: string; mail: string }> {
    const dn = `CN=${name},${parent}`;
    const sam = `${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 11)}.${this.id}`.toLowerCase();
    const mail = `${sam}@scratch.contoso.com`;
    await this.add(dn, { objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: sam, userAccountControl: '514', mail, displayName: name });
    return { dn, mail };
  }

  async addMembers(groupDn: string, members: string[]): Promise<void> {
    await this.client.modify(groupDn, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: members }) }));
  }

  async removeMembers(groupDn: string, members: string[]): Promise<void> {
    await this.client.modify(groupDn, new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: members }) }));
  }

  async replace(dn: string, attribute: string, values: string[]): Promise<void> {
    await this.client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values }) }));
  }

  /** Renames or moves an object (modifyDN); returns the new DN. */
  async move(dn: string, newDn: string): Promise<string> {
    await this.client.modifyDN(dn, newDn);
    return newDn;
  }

  async delete(dn: string): Promise<void> {
    await this.client.del(dn).catch((error: unknown) => {
      if (!(error instanceof NoSuchObjectError)) throw error;
    });
  }

  /** The objectGUID of an object, as the agent shows it. */
  async guid(dn: string): Promise<string> {
    const { searchEntries } = await this.client.search(dn, { scope: 'base', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] });
    const raw = searchEntries[0]?.objectGUID;
    const bytes = (Array.isArray(raw) ? raw[0] : raw) as Buffer;
    const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    const hex = order.map((i) => bytes[i]!.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /**
   * Deletes the scratch OU and everything under it (deepest first, and at one depth groups last: AD
   * refuses to delete a group that is still a user's primary group), then unbinds.
   */
  async dispose(): Promise<void> {
    try {
      const { searchEntries } = await this.client.search(this.root, { scope: 'sub', attributes: ['objectClass'] });
      const isGroup = (entry: (typeof searchEntries)[number]): number => ([entry.objectClass].flat().map(String).includes('group') ? 1 : 0);
      const dns = [...searchEntries]
        .sort((a, b) => b.dn.split(',').length - a.dn.split(',').length || isGroup(a) - isGroup(b))
        .map((entry) => entry.dn);
      for (const dn of dns) await this.delete(dn);
    } catch (error) {
      if (!(error instanceof NoSuchObjectError)) throw error;
    } finally {
      await this.client.unbind().catch(() => undefined);
    }
  }

  private async add(dn: string, attributes: Record<string, string | string[]>): Promise<void> {
    await this.client.add(dn, attributes);
    this.created.push(dn);
  }
}
