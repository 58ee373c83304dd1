import { expect } from 'chai';
import { MAX_DESCRIPTION_LENGTH, MAX_STRING_LENGTH, isEmail } from '../../../src/api/schema.js';
import {
  photoRejection,
  validateCloseRunRequest,
  validateOpenRunRequest,
  validateRemoveUsersRequest,
  validateUpsertGroupsRequest,
  validateUpsertUsersRequest,
  type FieldError,
} from '../../../src/emulator/request-schema.js';
import { MAX_PHOTO_BYTES, type UserPayload } from '../../../src/api/types.js';
import { guid, photo, user } from './helpers.js';

/** The errors of one payload sent alone in a batch, with paths relative to it. */
function alone(validate: (body: unknown) => FieldError[], key: string, payload: unknown): FieldError[] {
  const prefix = `${key}[0]`;
  return validate({ [key]: [payload] }).map((error) => ({ ...error, path: error.path === prefix ? '(root)' : error.path.slice(prefix.length + 1) }));
}
const validateUser = (user: unknown): FieldError[] => alone(validateUpsertUsersRequest, 'users', user);
const validateGroup = (group: unknown): FieldError[] => alone(validateUpsertGroupsRequest, 'groups', group);
const isGuid = (value: string): boolean => validateRemoveUsersRequest({ objectGuids: [value] }).length === 0;

const fullUser: UserPayload = {
  objectGuid: '0f8fad5b-d9cb-469f-a165-70867728950e',
  email: 'alice.smith@contoso.com',
  userPrincipalName: 'alice@corp.contoso.com',
  proxyEmails: ['alice@contoso.com', 'a.smith@contoso.co.uk'],
  displayName: 'Alice Smith',
  givenName: 'Alice',
  surname: 'Smith',
  jobTitle: 'CFO',
  department: 'Finance',
  companyName: 'Contoso',
  officeLocation: 'HQ',
  phone: '+1 555 0100',
  mobile: '+1 555 0101',
  fax: '+1 555 0102',
  streetAddress: '1 Main St',
  postOfficeBox: 'PO 1',
  city: 'Springfield',
  state: 'IL',
  postalCode: '62701',
  country: 'United States',
  countryCode: 'US',
  website: 'https://contoso.com',
  description: 'x'.repeat(MAX_DESCRIPTION_LENGTH),
  employeeId: 'E-1',
  managerEmail: 'boss@contoso.com',
  customAttributes: { extensionAttribute1: 'Pronouns: she/her' },
  photo: photo(Buffer.from('fake jpeg bytes')),
  enabled: true,
};

function paths(errors: { path: string }[]): string[] {
  return errors.map((e) => e.path);
}

describe('api/schema', () => {
  it('accepts a complete user and a minimal one', () => {
    expect(validateUser(fullUser)).to.deep.equal([]);
    expect(validateUser({ objectGuid: guid(1), email: 'a@b.co', enabled: false })).to.deep.equal([]);
  });

  it('reports missing required fields', () => {
    expect(paths(validateUser({}))).to.have.members(['objectGuid', 'email', 'enabled']);
  });

  it('reports each kind of invalid user field with its path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ objectGuid: '0F8FAD5B-D9CB-469F-A165-70867728950E' }, 'objectGuid'],
      [{ objectGuid: '{0f8fad5b-d9cb-469f-a165-70867728950e}' }, 'objectGuid'],
      [{ email: 'not an email' }, 'email'],
      [{ email: 'a@localhost' }, 'email'],
      [{ email: 'a..b@contoso.com' }, 'email'],
      [{ displayName: '' }, 'displayName'],
      [{ displayName: 'x'.repeat(MAX_STRING_LENGTH + 1) }, 'displayName'],
      [{ description: 'x'.repeat(MAX_DESCRIPTION_LENGTH + 1) }, 'description'],
      [{ jobTitle: 42 }, 'jobTitle'],
      [{ proxyEmails: 'a@b.co' }, 'proxyEmails'],
      [{ proxyEmails: ['a@b.co', 7] }, 'proxyEmails[1]'],
      [{ proxyEmails: ['a@b.co', 'nope'] }, 'proxyEmails[1]'],
      [{ managerEmail: 'boss' }, 'managerEmail'],
      [{ customAttributes: ['x'] }, 'customAttributes'],
      [{ customAttributes: { ok: 'v', bad: 3 } }, 'customAttributes.bad'],
      [{ customAttributes: { empty: '' } }, 'customAttributes.empty'],
      [{ photo: 'abc' }, 'photo'],
      [{ photo: { ...fullUser.photo, contentType: 'image/webp' } }, 'photo.contentType'],
      [{ photo: { ...fullUser.photo, sha256: 'ABC' } }, 'photo.sha256'],
      [{ photo: { ...fullUser.photo, sha256: 'A'.repeat(64) } }, 'photo.sha256'],
      [{ photo: { ...fullUser.photo, data: 'not base64!' } }, 'photo.data'],
      [{ photo: { ...fullUser.photo, data: 'abc' } }, 'photo.data'],
      [{ photo: { ...fullUser.photo, extra: 1 } }, 'photo.extra'],
      [{ enabled: 'yes' }, 'enabled'],
      [{ nickname: 'Al' }, 'nickname'],
    ];
    for (const [patch, path] of cases) {
      const errors = validateUser({ ...fullUser, ...patch });
      expect(paths(errors), JSON.stringify(patch).slice(0, 80)).to.deep.equal([path]);
      expect(errors[0]?.message).to.be.a('string').and.not.equal('');
    }
  });

  it('names unknown fields', () => {
    const errors = validateUser({ ...fullUser, manager: 'x' });
    expect(errors).to.deep.equal([{ path: 'manager', message: 'unknown field' }]);
  });

  it('checks email syntax pragmatically', () => {
    for (const ok of ['a@b.co', "o'brien@contoso.com", 'first.last+tag@sub.contoso.co.uk', 'x@xn--bcher-kva.ch', 'josé@exämple.com']) {
      expect(isEmail(ok), ok).to.equal(true);
    }
    for (const bad of ['', 'a', '@b.co', 'a@', 'a@b', 'a b@c.co', '.a@b.co', 'a.@b.co', 'a@-b.co', 'a@b..co', 'a@b_c.co']) {
      expect(isEmail(bad), bad).to.equal(false);
    }
    expect(isGuid(guid(0xabc))).to.equal(true);
    expect(isGuid(guid(0xabc).toUpperCase())).to.equal(false);
    expect(isGuid(guid(0xabc).replace(/-/g, ''))).to.equal(false);
  });

  it('prefixes paths inside request bodies and refuses unknown top-level fields', () => {
    const body = { users: [user(1), { ...user(2), email: 'bad' }, { ...user(3), photo: { contentType: 'image/png' } }], extra: true };
    expect(paths(validateUpsertUsersRequest(body))).to.deep.equal([
      'extra',
      'users[1].email',
      'users[2].photo.sha256',
      'users[2].photo.data',
    ]);
    expect(paths(validateUpsertUsersRequest({}))).to.deep.equal(['users']);
    expect(paths(validateUpsertUsersRequest({ users: {} }))).to.deep.equal(['users']);
    expect(paths(validateUpsertUsersRequest([]))).to.deep.equal(['(root)']);
    expect(paths(validateUpsertUsersRequest({ users: [7] }))).to.deep.equal(['users[0]']);
    expect(validateUpsertUsersRequest({ users: [] })).to.deep.equal([]);
  });

  it('refuses a guid twice in one batch', () => {
    expect(paths(validateUpsertUsersRequest({ users: [user(1), user(2), user(1)] }))).to.deep.equal(['users[2].objectGuid']);
  });

  it('validates groups', () => {
    const group = { objectGuid: guid(9), name: 'Sales', email: 'sales@contoso.com', description: 'All sales', memberGuids: [guid(1)] };
    expect(validateGroup(group)).to.deep.equal([]);
    expect(validateGroup({ objectGuid: guid(9), name: 'Empty', memberGuids: [] })).to.deep.equal([]);
    expect(paths(validateGroup({ objectGuid: guid(9), memberGuids: [guid(1), 'nope'] }))).to.deep.equal(['name', 'memberGuids[1]']);
    expect(paths(validateGroup({ objectGuid: guid(9), name: 'x' }))).to.deep.equal(['memberGuids']);
    expect(paths(validateUpsertGroupsRequest({ groups: [group, { ...group, objectGuid: guid(10), owner: 'x' }] }))).to.deep.equal([
      'groups[1].owner',
    ]);
  });

  it('validates removals, open and close requests', () => {
    expect(validateRemoveUsersRequest({ objectGuids: [guid(1)] })).to.deep.equal([]);
    expect(paths(validateRemoveUsersRequest({ objectGuids: [guid(1), 'X'] }))).to.deep.equal(['objectGuids[1]']);
    expect(validateOpenRunRequest({ mode: 'full', agentVersion: '1.2.3' })).to.deep.equal([]);
    expect(paths(validateOpenRunRequest({ mode: 'partial', agentVersion: '' }))).to.deep.equal(['mode', 'agentVersion']);
    const totals = { usersSent: 1, usersMatched: 1, usersUnmatched: 0, usersRejected: 0, groupsSent: 0, usersRemoved: 0 };
    expect(validateCloseRunRequest({ status: 'succeeded', totals })).to.deep.equal([]);
    expect(paths(validateCloseRunRequest({ status: 'done', totals: { ...totals, usersSent: -1, groupsSent: 1.5 } }))).to.deep.equal([
      'status',
      'totals.usersSent',
      'totals.groupsSent',
    ]);
  });

  it('explains why a well-formed photo is rejected', () => {
    expect(photoRejection(photo(Buffer.alloc(MAX_PHOTO_BYTES, 1)))).to.equal(undefined);
    expect(photoRejection(photo(Buffer.alloc(MAX_PHOTO_BYTES + 1, 1)))).to.match(/too large/);
    const p = photo(Buffer.from('abc'));
    expect(photoRejection({ ...p, sha256: '0'.repeat(64) })).to.match(/sha256/);
  });
});
