import { expect } from 'chai';
import { groupQueryFilter, matchesWildcard, parseLdapFilter } from '../../../src/directory/ldap/group-query.js';
import { BadRequestError } from '../../../src/protocol/errors.js';

describe('group-query', () => {
  describe('#matchesWildcard()', () => {
    it('should put * anywhere: at the start, in the middle, at the end', () => {
      expect(matchesWildcard('name', '*Users').toString()).to.equal('(name=*Users)');
      expect(matchesWildcard('name', 'Sig*Users').toString()).to.equal('(name=Sig*Users)');
      expect(matchesWildcard('name', '*ale*Te*').toString()).to.equal('(name=*ale*Te*)');
      expect(matchesWildcard('name', 'Sales*').toString()).to.equal('(name=Sales*)');
    });

    it('should match exactly without *, and any value with only *', () => {
      expect(matchesWildcard('name', 'Sales Team').toString()).to.equal('(name=Sales Team)');
      expect(matchesWildcard('name', '**').toString()).to.equal('(name=*)');
    });
  });

  describe('#groupQueryFilter()', () => {
    it('should AND every condition given with (objectClass=group)', () => {
      expect(groupQueryFilter({}).toString()).to.equal('(objectClass=group)');
      expect(groupQueryFilter({ name: '*Users', ldapFilter: '(mail=*)' }).toString()).to.equal('(&(objectClass=group)(|(name=*Users)(sAMAccountName=*Users))(mail=*))');
      expect(groupQueryFilter({ prefix: 'Sal' }).toString()).to.equal('(&(objectClass=group)(|(name=Sal*)(sAMAccountName=Sal*)))');
    });
  });

  describe('#parseLdapFilter()', () => {
    it('should take a filter with or without its outer parentheses', () => {
      expect(parseLdapFilter('(&(mail=*)(!(description=x)))', 'ldapFilter').toString()).to.equal('(&(mail=*)(!(description=x)))');
      expect(parseLdapFilter('mail=*', 'ldapFilter').toString()).to.equal('(mail=*)');
    });

    it('should refuse a malformed or empty filter as BAD_REQUEST naming the param', () => {
      for (const text of ['(&(mail=*)', '(mail=*))(', '   ']) {
        expect(() => parseLdapFilter(text, 'ldapFilter'), text).to.throw(BadRequestError).with.property('details').that.deep.equals({ param: 'ldapFilter' });
      }
    });
  });
});
