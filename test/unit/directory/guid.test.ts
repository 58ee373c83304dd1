import { expect } from 'chai';
import { guidFromBytes, guidToBytes, isGuidString } from '../../../src/directory/guid.js';

// The well-known example: bytes as AD stores them and the string everyone shows.
const BYTES = Buffer.from('33221100554477668899aabbccddeeff', 'hex');
const TEXT = '00112233-4455-6677-8899-aabbccddeeff';

describe('objectGUID conversion', () => {
  it('should turn AD bytes into the dashed string with the first three fields reversed', () => {
    expect(guidFromBytes(BYTES)).to.equal(TEXT);
  });

  it('should round-trip the string form', () => {
    expect(guidToBytes(TEXT).equals(BYTES)).to.equal(true);
    expect(guidToBytes(`{${TEXT.toUpperCase()}}`).equals(BYTES)).to.equal(true);
  });

  it('should recognise GUID strings only', () => {
    expect(isGuidString(TEXT)).to.equal(true);
    expect(isGuidString('Sales Team')).to.equal(false);
    expect(() => guidFromBytes(Buffer.alloc(15))).to.throw(/16 bytes/);
  });
});
