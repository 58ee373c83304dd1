import { expect } from 'chai';
import type { ScopeObject, ScopeSettings } from '../../../src/config/config.js';
import { editScope, matchStored } from '../../../src/config/scope-edit.js';
import { BadRequestError } from '../../../src/protocol/errors.js';

const group = (name: string, guid: string): ScopeObject => ({ name, objectGuid: guid, dn: `CN=${name},OU=Groups,DC=x` });
const SALES = group('Sales Team', '00000000-0000-0000-0000-00000000000a');
const MARKETING = group('Marketing', '00000000-0000-0000-0000-00000000000b');
const TEMPS = group('Temps', '00000000-0000-0000-0000-00000000000c');
const STAFF: ScopeObject = { name: 'Staff', objectGuid: '00000000-0000-0000-0000-0000000000ff', dn: 'OU=Staff,DC=x' };

function refusal(action: () => unknown): BadRequestError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected BAD_REQUEST');
}

describe('scope-edit', () => {
  describe('#editScope()', () => {
    const stored: ScopeSettings = { kind: 'groups', groups: [SALES], excludeGroups: [TEMPS], searchBases: [STAFF], includeDisabled: true };

    it('should add groups once and keep everything not given', () => {
      expect(editScope(stored, { addGroups: [MARKETING, SALES] })).to.deep.equal({ ...stored, groups: [SALES, MARKETING] });
    });

    it('should remove groups by name, DN or objectGUID ignoring case, after the additions', () => {
      const two: ScopeSettings = { kind: 'groups', groups: [SALES, MARKETING] };
      expect(editScope(two, { removeGroups: ['sales team'] })).to.deep.equal({ kind: 'groups', groups: [MARKETING] });
      expect(editScope(two, { removeGroups: [MARKETING.dn.toUpperCase()] })).to.deep.equal({ kind: 'groups', groups: [SALES] });
      expect(editScope(two, { removeGroups: [`{${SALES.objectGuid.toUpperCase()}}`] })).to.deep.equal({ kind: 'groups', groups: [MARKETING] });
      expect(editScope(stored, { addGroups: [MARKETING], removeGroups: ['Marketing'] })).to.deep.include({ groups: [SALES] });
    });

    it('should replace the excluded groups when given, then add and remove', () => {
      expect(editScope(stored, { excludeGroups: [] })).to.not.have.property('excludeGroups');
      expect(editScope(stored, { excludeGroups: [], addExcludeGroups: [MARKETING] })).to.deep.include({ excludeGroups: [MARKETING] });
      expect(editScope(stored, { addExcludeGroups: [MARKETING] })).to.deep.include({ excludeGroups: [TEMPS, MARKETING] });
      expect(editScope(stored, { removeExcludeGroups: ['Temps'] })).to.not.have.property('excludeGroups');
    });

    it('should replace search bases and includeDisabled only when given', () => {
      expect(editScope(stored, { searchBases: [] })).to.not.have.property('searchBases');
      expect(editScope(stored, { includeDisabled: false })).to.not.have.property('includeDisabled');
      expect(editScope({ kind: 'all' }, { excludeGroups: [TEMPS] })).to.deep.equal({ kind: 'all', excludeGroups: [TEMPS] });
    });

    it('should refuse to add groups to a scope of all users, or remove one from it', () => {
      expect(refusal(() => editScope({ kind: 'all' }, { addGroups: [SALES] })).details).to.deep.include({ param: 'addGroups' });
      expect(refusal(() => editScope({ kind: 'all' }, { removeGroups: ['Sales Team'] })).details).to.deep.include({ param: 'removeGroups', identity: 'Sales Team' });
    });

    it('should refuse to remove a group that is not in the scope, naming what is', () => {
      const error = refusal(() => editScope(stored, { removeExcludeGroups: ['Sales Team'] }));
      expect(error.details).to.deep.equal({ param: 'removeExcludeGroups', identity: 'Sales Team', candidates: [] });
      expect(error.message).to.contain("'Temps'");
    });

    it('should refuse to remove the last scope group', () => {
      expect(refusal(() => editScope(stored, { removeGroups: ['Sales Team'] })).message).to.match(/without a group/);
    });

    it('should refuse a name two stored groups share, listing both', () => {
      const twin = { ...SALES, objectGuid: '00000000-0000-0000-0000-00000000000d', dn: 'CN=Sales Team,OU=Old,DC=x' };
      const error = refusal(() => editScope({ kind: 'groups', groups: [SALES, twin, MARKETING] }, { removeGroups: ['Sales Team'] }));
      expect(error.details?.candidates).to.have.length(2);
    });
  });

  describe('#matchStored()', () => {
    it('should prefer a GUID match over a name match', () => {
      const named = { ...MARKETING, name: SALES.objectGuid };
      expect(matchStored([named, SALES], SALES.objectGuid)).to.deep.equal([SALES]);
    });
  });
});
