import { expect } from 'chai';
import { ReportsToReplan } from '../../../src/sync/report-replan.js';

describe('ReportsToReplan', () => {
  const state = { user: (guid: string) => (guid === 'synced' ? { email: 'boss@corp.test' } : undefined) };
  const boss = (guid: string, reports: string[]) => ({ objectGuid: guid, attributes: reports.length > 0 ? { directreports: reports } : ({} as Record<string, string[]>) });

  it('should re-plan the reports of a synced manager whose email is not the confirmed one', () => {
    const replan = new ReportsToReplan(state);
    replan.note(boss('synced', ['CN=A,DC=corp', 'CN=B,DC=corp']), 'new.boss@corp.test');
    expect(replan.dnsNotIn(new Set(['cn=b,dc=corp']))).to.deep.equal(['CN=A,DC=corp']);
  });

  it('should re-plan the reports of a manager that lost its email, or was never synced', () => {
    const lost = new ReportsToReplan(state);
    lost.note(boss('synced', ['CN=A,DC=corp']), undefined);
    expect(lost.dnsNotIn(new Set())).to.deep.equal(['CN=A,DC=corp']);
    const unknown = new ReportsToReplan(state);
    unknown.note(boss('elsewhere', ['CN=C,DC=corp']), 'far.boss@corp.test');
    expect(unknown.dnsNotIn(new Set())).to.deep.equal(['CN=C,DC=corp']);
  });

  it('should leave the reports alone when the email is the confirmed one, and users without reports', () => {
    const replan = new ReportsToReplan(state);
    replan.note(boss('synced', ['CN=A,DC=corp']), 'boss@corp.test');
    replan.note(boss('elsewhere', []), 'x@corp.test');
    expect(replan.dnsNotIn(new Set())).to.deep.equal([]);
  });
});
