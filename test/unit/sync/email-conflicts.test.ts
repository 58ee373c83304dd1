import { expect } from 'chai';
import { EmailConflicts } from '../../../src/sync/email-conflicts.js';

describe('email conflicts', () => {
  it('should hold back every user sharing an email, case-insensitively, each naming the others', () => {
    const conflicts = new EmailConflicts();
    conflicts.add('g1', 'Sam.Taylor@contoso.com', 'CN=Sam Taylor,OU=Finance');
    conflicts.add('g2', 'sam.taylor@contoso.com', 'CN=Samantha Taylor,OU=Marketing');
    conflicts.add('g3', 'alice@contoso.com', 'CN=Alice');
    const { held, warnings } = conflicts.resolve();
    expect([...held].sort()).to.deep.equal(['g1', 'g2']);
    expect(warnings.map((w) => [w.objectGuid, w.code])).to.deep.equal([['g1', 'EMAIL_CONFLICT'], ['g2', 'EMAIL_CONFLICT']]);
    expect(warnings[0]!.message).to.contain('CN=Sam Taylor,OU=Finance').and.contain('CN=Samantha Taylor,OU=Marketing');
    expect(warnings[0]!.conflictsWith).to.deep.equal([{ objectGuid: 'g2', dn: 'CN=Samantha Taylor,OU=Marketing' }]);
    expect(warnings[1]!.conflictsWith).to.deep.equal([{ objectGuid: 'g1', dn: 'CN=Sam Taylor,OU=Finance' }]);
  });

  it('should see a conflict with a synced user the run did not read (delta)', () => {
    const conflicts = new EmailConflicts();
    conflicts.add('new', 'bob@contoso.com', 'CN=New Bob');
    const { held, warnings } = conflicts.resolve([{ objectGuid: 'old', email: 'Bob@contoso.com' }, { objectGuid: 'other', email: 'x@contoso.com' }]);
    expect([...held].sort()).to.deep.equal(['new', 'old']);
    expect(warnings.find((w) => w.objectGuid === 'new')!.message).to.contain('the synced user old');
  });

  it('a synced user read in this run is judged by its new email, not the stored one', () => {
    const conflicts = new EmailConflicts();
    conflicts.add('a', 'one@contoso.com');
    conflicts.add('b', 'two@contoso.com');
    // b used to have one@; it was read in this run with two@: no conflict.
    expect(conflicts.resolve([{ objectGuid: 'b', email: 'one@contoso.com' }]).held.size).to.equal(0);
  });
});
