import { expect } from 'chai';
import type { DirectoryUser } from '../../../src/directory/model.js';
import type { UsersByDnReader } from '../../../src/directory/source.js';
import { ManagerResolver } from '../../../src/sync/manager-resolver.js';

function fakeDirectory(users: DirectoryUser[], calls: string[][]): UsersByDnReader {
  return {
    async readUsersByDn(dns: string[]) {
      calls.push(dns);
      return users.filter((user) => dns.some((dn) => dn.toLowerCase() === user.dn.toLowerCase()));
    },
  };
}

const person = (dn: string, attributes: Record<string, string[]>): DirectoryUser => ({ dn, objectGuid: dn, attributes, inScope: false });

describe('manager resolution', () => {
  it('should tell a manager with an email, one without, and one not found apart, looking each up once', async () => {
    const calls: string[][] = [];
    const resolver = new ManagerResolver(
      fakeDirectory([person('CN=Boss,DC=x', { mail: ['Boss@Contoso.COM'] }), person('CN=NoMail,DC=x', { userprincipalname: ['nomail@contoso.com'] })], calls),
    );
    await resolver.prefetch(['CN=Boss,DC=x', 'cn=boss,dc=x', 'CN=NoMail,DC=x', 'CN=Gone,DC=x']);
    await resolver.prefetch(['CN=Gone,DC=x']);
    expect(calls).to.have.length(1);
    expect(resolver.lookup('CN=BOSS,DC=x')).to.deep.equal({ email: 'Boss@contoso.com' });
    expect(resolver.lookup('CN=NoMail,DC=x')).to.deep.equal({ missing: 'no-email' });
    expect(resolver.lookup('CN=Gone,DC=x')).to.deep.equal({ missing: 'not-found' });
    expect(resolver.emailOf('CN=Gone,DC=x')).to.equal(undefined);
  });

  it('should apply the email rule of the mapping to managers too (UPN fallback)', async () => {
    const resolver = new ManagerResolver(fakeDirectory([person('CN=NoMail,DC=x', { userprincipalname: ['nomail@contoso.com'] })], []), { allowUpnAsEmail: true });
    await resolver.prefetch(['CN=NoMail,DC=x']);
    expect(resolver.lookup('CN=NoMail,DC=x')).to.deep.equal({ email: 'nomail@contoso.com' });
  });
});
