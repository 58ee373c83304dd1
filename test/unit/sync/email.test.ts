import { expect } from 'chai';
import { chooseEmail, normaliseEmail, otherEmails } from '../../../src/sync/email.js';

describe('email choice', () => {
  describe('#chooseEmail()', () => {
    it('should prefer the primary SMTP entry of proxyAddresses over mail', () => {
      expect(chooseEmail({ proxyaddresses: ['smtp:old@contoso.com', 'SMTP:New.Name@Contoso.COM', 'X500:/o=x'], mail: ['other@contoso.com'] }))
        .to.deep.equal({ email: 'New.Name@contoso.com', source: 'proxyAddresses' });
    });

    it('should fall back to mail when proxyAddresses has no primary SMTP entry', () => {
      expect(chooseEmail({ proxyaddresses: ['smtp:alias@contoso.com'], mail: [' Ann@CONTOSO.com '] })).to.deep.equal({
        email: 'Ann@contoso.com',
        source: 'mail',
      });
    });

    it('should give nothing when there is neither', () => {
      expect(chooseEmail({ proxyaddresses: ['X500:/o=x'] })).to.equal(undefined);
      expect(chooseEmail({})).to.equal(undefined);
    });
  });

  describe('#normaliseEmail()', () => {
    it('should trim and lower-case only the domain', () => {
      expect(normaliseEmail('  John.Smith@Contoso.Com ')).to.equal('John.Smith@contoso.com');
    });
  });

  describe('#otherEmails()', () => {
    it('should list secondary SMTP addresses once, without the primary', () => {
      const attributes = { proxyaddresses: ['SMTP:a@contoso.com', 'smtp:A@contoso.com', 'smtp:b@Contoso.com', 'smtp:B@contoso.com', 'sip:a@contoso.com'] };
      expect(otherEmails(attributes, 'a@contoso.com')).to.deep.equal(['b@contoso.com']);
    });
  });
});
