import { expect } from 'chai';
import type { UserPayload } from '../../../src/api/types.js';
import { hashPayload } from '../../../src/sync/payload-hash.js';

const base: UserPayload = { objectGuid: '0a1b2c3d-0000-4000-8000-000000000001', email: 'a@contoso.com', enabled: true, jobTitle: 'CEO' };

describe('hashPayload', () => {
  it('should not depend on key order', () => {
    const reordered: UserPayload = { jobTitle: 'CEO', enabled: true, email: 'a@contoso.com', objectGuid: base.objectGuid };
    expect(hashPayload(reordered)).to.equal(hashPayload(base));
  });

  it('should change when any field changes', () => {
    expect(hashPayload({ ...base, jobTitle: 'CFO' })).to.not.equal(hashPayload(base));
    expect(hashPayload({ ...base, customAttributes: { extensionAttribute1: 'x' } })).to.not.equal(hashPayload(base));
  });

  it('should count the photo by its sha256 only', () => {
    const photo = { contentType: 'image/jpeg' as const, sha256: 'a'.repeat(64), data: 'AAAA' };
    expect(hashPayload({ ...base, photo })).to.equal(hashPayload({ ...base, photo: { ...photo, data: 'BBBB' } }));
    expect(hashPayload({ ...base, photo })).to.not.equal(hashPayload({ ...base, photo: { ...photo, sha256: 'b'.repeat(64) } }));
  });
});
