import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { DirectoryUser } from '../../../src/directory/model.js';
import { STRING_FIELD_MAP, USER_ATTRIBUTES, mapUser } from '../../../src/sync/user-mapping.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);

function user(attributes: Record<string, string[]>, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return { dn: 'CN=Ann,OU=Sales,DC=corp,DC=test', objectGuid: '0a1b2c3d-0000-4000-8000-000000000001', attributes, inScope: true, ...extra };
}

describe('mapUser', () => {
  it('should map every attribute of the table to its field', () => {
    const attributes: Record<string, string[]> = { mail: ['ann@contoso.com'] };
    for (const [attribute] of STRING_FIELD_MAP) attributes[attribute.toLowerCase()] = [`value of ${attribute}`];
    const result = mapUser(user(attributes));
    expect(result.kind).to.equal('payload');
    if (result.kind !== 'payload') return;
    for (const [attribute, field] of STRING_FIELD_MAP) expect(result.payload[field], field).to.equal(`value of ${attribute}`);
    expect(result.payload.email).to.equal('ann@contoso.com');
    expect(result.emailSource).to.equal('mail');
  });

  it('should leave out empty and blank values', () => {
    const result = mapUser(user({ mail: ['ann@contoso.com'], title: ['  '], department: [''] }));
    if (result.kind !== 'payload') throw new Error('expected a payload');
    expect(result.payload).to.not.have.property('jobTitle');
    expect(result.payload).to.not.have.property('department');
    expect(result.payload).to.not.have.property('proxyEmails');
    expect(result.payload).to.not.have.property('customAttributes');
    expect(result.payload).to.not.have.property('photo');
  });

  it('should skip a user without any email', () => {
    expect(mapUser(user({ displayName: ['No Mail'] }))).to.deep.include({ kind: 'skipped', reason: 'no-email' });
  });

  it('should carry secondary SMTP addresses, the manager DN and custom attributes', () => {
    const result = mapUser(
      user({
        proxyaddresses: ['SMTP:ann@contoso.com', 'smtp:ann.smith@contoso.com'],
        manager: ['CN=Boss,DC=corp,DC=test'],
        extensionattribute3: ['Cost centre 42'],
      }),
    );
    if (result.kind !== 'payload') throw new Error('expected a payload');
    expect(result.payload.proxyEmails).to.deep.equal(['ann.smith@contoso.com']);
    expect(result.managerDn).to.equal('CN=Boss,DC=corp,DC=test');
    expect(result.payload.customAttributes).to.deep.equal({ extensionAttribute3: 'Cost centre 42' });
  });

  it('should send the photo with its content type and sha256', () => {
    for (const [bytes, type] of [[JPEG, 'image/jpeg'], [PNG, 'image/png']] as const) {
      const result = mapUser(user({ mail: ['ann@contoso.com'] }, { thumbnailPhoto: bytes }));
      if (result.kind !== 'payload') throw new Error('expected a payload');
      expect(result.payload.photo).to.deep.equal({
        contentType: type,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        data: bytes.toString('base64'),
      });
    }
  });

  it('should derive enabled from userAccountControl', () => {
    const enabled = mapUser(user({ mail: ['a@contoso.com'], useraccountcontrol: ['512'] }));
    const disabled = mapUser(user({ mail: ['a@contoso.com'], useraccountcontrol: ['514'] }));
    expect(enabled.kind === 'payload' && enabled.payload.enabled).to.equal(true);
    expect(disabled.kind === 'payload' && disabled.payload.enabled).to.equal(false);
  });

  it('should read every attribute it maps', () => {
    for (const [attribute] of STRING_FIELD_MAP) expect(USER_ATTRIBUTES).to.include(attribute);
    expect(USER_ATTRIBUTES).to.include.members(['mail', 'proxyAddresses', 'manager', 'thumbnailPhoto', 'objectGUID']);
  });
});
