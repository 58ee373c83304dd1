import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { MAX_PHOTO_BYTES } from '../../../src/api/types.js';
import type { DirectoryUser } from '../../../src/directory/model.js';
import { withMappingFingerprint } from '../../../src/sync/engine.js';
import { decideMode } from '../../../src/sync/sync-mode.js';
import {
  DEFAULT_MAPPING,
  USER_ATTRIBUTES,
  effectiveMapping,
  mapUser,
  mappingFingerprint,
  userAttributesFor,
} from '../../../src/sync/user-mapping.js';

function user(attributes: Record<string, string[]>, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return { dn: 'CN=Ann,OU=Sales,DC=corp,DC=test', objectGuid: '0a1b2c3d-0000-4000-8000-000000000001', attributes, inScope: true, ...extra };
}

function payloadOf(result: ReturnType<typeof mapUser>) {
  if (result.kind !== 'payload') throw new Error(`expected a payload, got ${JSON.stringify(result)}`);
  return result;
}

describe('configurable attribute mapping', () => {
  it('the default should send extensionAttribute1..15 under their own names', () => {
    const result = payloadOf(mapUser(user({ mail: ['ann@contoso.com'], extensionattribute1: ['she/her'], extensionattribute15: [' x '] })));
    expect(result.payload.customAttributes).to.deep.equal({ extensionAttribute1: 'she/her', extensionAttribute15: 'x' });
    expect(effectiveMapping(undefined)).to.equal(DEFAULT_MAPPING);
  });

  it('should send mapped custom attributes under the configured names, and only those', () => {
    const mapping = effectiveMapping({ customAttributes: { costCenter: 'contosoCostCenter', pronouns: 'extensionAttribute1' } });
    const result = payloadOf(mapUser(user({ mail: ['ann@contoso.com'], contosocostcenter: ['CC-1'], extensionattribute1: ['she/her'], extensionattribute2: ['x'] }), mapping));
    expect(result.payload.customAttributes).to.deep.equal({ costCenter: 'CC-1', pronouns: 'she/her' });
  });

  it('an empty custom list should send no custom attribute', () => {
    const result = payloadOf(mapUser(user({ mail: ['ann@contoso.com'], extensionattribute1: ['she/her'] }), effectiveMapping({ customAttributes: {} })));
    expect(result.payload).to.not.have.property('customAttributes');
  });

  it('a field override should fill a fixed field from another attribute, and only from it', () => {
    const mapping = effectiveMapping({ fieldOverrides: { jobTitle: 'extensionAttribute3' } });
    const result = payloadOf(mapUser(user({ mail: ['ann@contoso.com'], title: ['Old title'], extensionattribute3: ['Chief Widget Officer'] }), mapping));
    expect(result.payload.jobTitle).to.equal('Chief Widget Officer');
    const none = payloadOf(mapUser(user({ mail: ['ann@contoso.com'], title: ['Old title'] }), mapping));
    expect(none.payload).to.not.have.property('jobTitle');
  });

  it('the attributes read should follow the mapping', () => {
    const mapping = effectiveMapping({ customAttributes: { costCenter: 'contosoCostCenter' }, fieldOverrides: { phone: 'ipPhone' } });
    const read = userAttributesFor(mapping);
    expect(read).to.include.members(['contosoCostCenter', 'ipPhone', 'mail', 'proxyAddresses', 'userPrincipalName', 'manager', 'thumbnailPhoto']);
    expect(read).to.not.include('extensionAttribute1');
    expect(read).to.not.include('telephoneNumber');
    expect(USER_ATTRIBUTES).to.include.members(['extensionAttribute1', 'extensionAttribute15', 'telephoneNumber']);
  });

  it('the fingerprint should be empty for the default mapping and change with the mapping', () => {
    expect(mappingFingerprint(DEFAULT_MAPPING)).to.equal('');
    expect(mappingFingerprint(effectiveMapping({}))).to.equal('');
    const a = mappingFingerprint(effectiveMapping({ customAttributes: { costCenter: 'contosoCostCenter' } }));
    const b = mappingFingerprint(effectiveMapping({ customAttributes: { costCentre: 'contosoCostCenter' } }));
    const c = mappingFingerprint(effectiveMapping({ allowUpnAsEmail: true }));
    expect(new Set([a, b, c]).size).to.equal(3);
    expect(withMappingFingerprint('abc', DEFAULT_MAPPING)).to.equal('abc');
    expect(withMappingFingerprint('abc', effectiveMapping({ allowUpnAsEmail: true }))).to.equal(`abc+mapping:${c}`);
  });

  it('a changed mapping should make the next sync full, saying why', () => {
    const server = { server: 'ldaps://dc1', defaultNamingContext: 'DC=x', invocationId: 'i', highestCommittedUsn: '10', failedOver: [] };
    const watermark = { server: 'ldaps://dc1', invocationId: 'i', usn: '5', at: new Date().toISOString(), scopeFingerprint: 'scope' };
    const base = { requested: undefined, watermark, server, now: new Date(), maxDeltaAgeDays: 7 };
    expect(decideMode({ ...base, scopeFingerprint: 'scope' })).to.deep.equal({ mode: 'delta' });
    expect(decideMode({ ...base, scopeFingerprint: 'scope+mapping:1234' }).fullReason).to.equal('the attribute mapping changed');
    expect(decideMode({ ...base, scopeFingerprint: 'other+mapping:1234' }).fullReason).to.equal('the scope changed');
  });
});

describe('the email used for the soft match', () => {
  it('should fall back to userPrincipalName only when allowed', () => {
    const attributes = { userprincipalname: ['Fiona.Gallagher@Contoso.COM'] };
    expect(mapUser(user(attributes))).to.deep.include({ kind: 'skipped', reason: 'no-email' });
    const result = payloadOf(mapUser(user(attributes), effectiveMapping({ allowUpnAsEmail: true })));
    expect(result.payload.email).to.equal('Fiona.Gallagher@contoso.com');
    expect(result.emailSource).to.equal('userPrincipalName');
  });

  it('should prefer the primary SMTP address and mail over the UPN', () => {
    const mapping = effectiveMapping({ allowUpnAsEmail: true });
    expect(payloadOf(mapUser(user({ mail: ['m@contoso.com'], userprincipalname: ['u@contoso.com'] }), mapping)).payload.email).to.equal('m@contoso.com');
    expect(payloadOf(mapUser(user({ proxyaddresses: ['SMTP:p@contoso.com'], mail: ['m@contoso.com'], userprincipalname: ['u@contoso.com'] }), mapping)).emailSource).to.equal('proxyAddresses');
  });

  it('a UPN without @ is no email', () => {
    expect(mapUser(user({ userprincipalname: ['justaname'] }), effectiveMapping({ allowUpnAsEmail: true }))).to.deep.include({ kind: 'skipped' });
  });
});

describe('photos and the 100 KiB limit', () => {
  const jpeg = (size: number): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 4, 7)]);

  it('a photo of exactly MAX_PHOTO_BYTES should be sent, with its sha256', () => {
    const bytes = jpeg(MAX_PHOTO_BYTES);
    const result = payloadOf(mapUser(user({ mail: ['ann@contoso.com'] }, { thumbnailPhoto: bytes })));
    expect(result.payload.photo?.sha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
    expect(result.warnings).to.deep.equal([]);
  });

  it('a photo over the limit should be left out with a PHOTO_TOO_LARGE warning, the user still sent', () => {
    const result = payloadOf(mapUser(user({ mail: ['ann@contoso.com'] }, { thumbnailPhoto: jpeg(MAX_PHOTO_BYTES + 1) })));
    expect(result.payload).to.not.have.property('photo');
    expect(result.payload.email).to.equal('ann@contoso.com');
    expect(result.warnings).to.have.length(1);
    expect(result.warnings[0]).to.deep.include({ objectGuid: '0a1b2c3d-0000-4000-8000-000000000001', email: 'ann@contoso.com', code: 'PHOTO_TOO_LARGE' });
    expect(result.warnings[0]!.message).to.contain(String(MAX_PHOTO_BYTES + 1));
  });
});
