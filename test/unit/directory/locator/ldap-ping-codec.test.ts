import { expect } from 'chai';
import { berInteger, berOctets, readTlv, tlv } from '../../../../src/directory/locator/ber.js';
import { CldapPingError, decodeLdapPingAnswer, encodeLdapPing } from '../../../../src/directory/locator/cldap-ping.js';
import { decodeNetlogonResponse } from '../../../../src/directory/locator/netlogon-response.js';

const label = (...names: string[]): Buffer => Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([n.length]), Buffer.from(n)])));

/**
 * A NETLOGON_SAM_LOGON_RESPONSE_EX laid out as MS-ADTS 6.3.1.9 says, with name compression as a DC
 * writes it: the domain name points at the forest name, the host name ends in a pointer to it.
 */
function sampleResponse(): Buffer {
  const fixed = Buffer.alloc(24);
  fixed.writeUInt16LE(23, 0);
  fixed.writeUInt32LE(0x0000f3fd, 4);
  Buffer.from('00112233445566778899aabbccddeeff', 'hex').copy(fixed, 8);
  const forest = Buffer.concat([label('corp', 'example'), Buffer.from([0])]); // at 24
  const domain = Buffer.from([0xc0, 24]);
  const host = Buffer.concat([label('dc7'), Buffer.from([0xc0, 24])]);
  const netbiosDomain = Buffer.concat([label('CORP'), Buffer.from([0])]);
  const netbiosComputer = Buffer.concat([label('DC7'), Buffer.from([0])]);
  const user = Buffer.from([0]);
  const dcSite = Buffer.concat([label('Head-Office'), Buffer.from([0])]);
  const clientSite = Buffer.concat([label('Branch-Office'), Buffer.from([0])]);
  const tail = Buffer.from([0x06, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([fixed, forest, domain, host, netbiosDomain, netbiosComputer, user, dcSite, clientSite, tail]);
}

describe('the LDAP ping codec (CLDAP, MS-ADTS 6.3.3)', () => {
  describe('#encodeLdapPing()', () => {
    it('should write a rootDSE search for (&(DnsDomain=<domain>)(NtVer=\\06\\00\\00\\00)) asking for Netlogon', () => {
      const request = encodeLdapPing('corp.example.', 7);
      const equality = (a: string, v: Buffer | string) => tlv(0xa3, berOctets(a), berOctets(v));
      const expected = tlv(0x30, berInteger(7), tlv(0x63, berOctets(''), berInteger(0, 0x0a), berInteger(0, 0x0a), berInteger(0), berInteger(0), tlv(0x01, Buffer.from([0])),
        tlv(0xa0, equality('DnsDomain', 'corp.example'), equality('NtVer', Buffer.from([6, 0, 0, 0]))), tlv(0x30, berOctets('Netlogon'))));
      expect(request.toString('hex')).to.equal(expected.toString('hex'));
      // The bytes as sssd and adcli send them, by hand: SEQUENCE, INTEGER 7, [APPLICATION 3]...
      expect(request.subarray(0, 5).toString('hex')).to.equal(`30${(request.length - 2).toString(16)}020107`);
    });

    it('should use the long length form past 127 bytes and keep integers positive', () => {
      const long = tlv(0x04, Buffer.alloc(300));
      expect(long.subarray(0, 4).toString('hex')).to.equal('0482012c');
      expect(readTlv(long).content.length).to.equal(300);
      expect(berInteger(128).toString('hex')).to.equal('02020080');
    });
  });

  describe('#decodeNetlogonResponse()', () => {
    it('should read the names through compression pointers, the sites included', () => {
      expect(decodeNetlogonResponse(sampleResponse())).to.deep.equal({
        opcode: 23,
        flags: 0xf3fd,
        domainGuid: '33221100-5544-7766-8899-aabbccddeeff',
        dnsForestName: 'corp.example',
        dnsDomainName: 'corp.example',
        dnsHostName: 'dc7.corp.example',
        netbiosDomainName: 'CORP',
        netbiosComputerName: 'DC7',
        userName: '',
        dcSiteName: 'Head-Office',
        clientSiteName: 'Branch-Office',
      });
    });

    it('should refuse another opcode, a truncated answer and a pointer loop', () => {
      const other = sampleResponse();
      other.writeUInt16LE(21, 0);
      expect(() => decodeNetlogonResponse(other)).to.throw(/opcode 21/);
      expect(() => decodeNetlogonResponse(sampleResponse().subarray(0, 40))).to.throw(/runs past the end|bad label/);
      const loop = Buffer.concat([sampleResponse().subarray(0, 24), Buffer.from([0xc0, 24])]);
      expect(() => decodeNetlogonResponse(loop)).to.throw(/bad pointer/);
    });
  });

  describe('#decodeLdapPingAnswer()', () => {
    const entry = (id: number, value: Buffer) =>
      Buffer.concat([
        tlv(0x30, berInteger(id), tlv(0x64, berOctets(''), tlv(0x30, tlv(0x30, berOctets('netlogon'), tlv(0x31, berOctets(value)))))),
        tlv(0x30, berInteger(id), tlv(0x65, berInteger(0, 0x0a), berOctets(''), berOctets(''))),
      ]);

    it('should take the Netlogon value of the entry that precedes the SearchResultDone', () => {
      expect(decodeLdapPingAnswer(entry(9, sampleResponse()), 9).clientSiteName).to.equal('Branch-Office');
    });

    it('should say so when the DC answers with no entry, another message ID, or garbage', () => {
      const done = tlv(0x30, berInteger(9), tlv(0x65, berInteger(0, 0x0a), berOctets(''), berOctets('')));
      expect(() => decodeLdapPingAnswer(done, 9)).to.throw(CldapPingError, /no entry \(result code 0\)/);
      expect(() => decodeLdapPingAnswer(entry(8, sampleResponse()), 9)).to.throw(CldapPingError, /message ID 8, not 9/);
      expect(() => decodeLdapPingAnswer(Buffer.from([0x30, 0x7f, 1]), 9)).to.throw(CldapPingError, /malformed/);
    });
  });
});
