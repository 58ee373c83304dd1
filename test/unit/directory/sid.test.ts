import { expect } from 'chai';
import { ridInDomain, sidFromBytes } from '../../../src/directory/sid.js';

// S-1-5-21-1004336348-1177238915-682003330-513 (a Domain Users group) as AD stores it.
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330';
const BYTES = Buffer.concat([
  Buffer.from([1, 5, 0, 0, 0, 0, 0, 5]),
  ...[21, 1004336348, 1177238915, 682003330, 513].map((part) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(part);
    return bytes;
  }),
]);

describe('SIDs', () => {
  it('should read the binary form: revision, 48-bit authority, little-endian sub-authorities', () => {
    expect(sidFromBytes(BYTES)).to.equal(`${DOMAIN}-513`);
    expect(sidFromBytes(Buffer.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 33, 2, 0, 0]))).to.equal('S-1-5-32-545');
  });

  it('should refuse bytes that are not a SID', () => {
    expect(sidFromBytes(Buffer.from([1, 5, 0, 0]))).to.equal(undefined);
    expect(sidFromBytes(BYTES.subarray(0, BYTES.length - 1))).to.equal(undefined);
    expect(sidFromBytes(Buffer.from([2, 0, 0, 0, 0, 0, 0, 5]))).to.equal(undefined);
  });

  it("should give the relative ID of the domain's own SIDs only", () => {
    expect(ridInDomain(`${DOMAIN}-513`, DOMAIN)).to.equal(513);
    expect(ridInDomain(`${DOMAIN.toLowerCase()}-1105`, DOMAIN)).to.equal(1105);
    expect(ridInDomain('S-1-5-32-545', DOMAIN)).to.equal(undefined);
    expect(ridInDomain(`${DOMAIN}1-513`, DOMAIN)).to.equal(undefined);
    expect(ridInDomain(`${DOMAIN}-513-7`, DOMAIN)).to.equal(undefined);
  });
});
