import { expect } from 'chai';
import { agentData, configuredAgent, runAgent } from './helpers/agent.js';
import { integrationSuite } from './helpers/suite.js';

const names = (refs: { name: string }[]): string[] => refs.map((ref) => ref.name);

describe('set-scope edits and list-groups queries against the test DC @integration', function () {
  this.timeout(120_000);
  const suite = integrationSuite();
  const configured = (scope?: Record<string, unknown>) => configuredAgent(suite.emulator, suite.dc, scope ? { scope } : {});

  it('set-scope without all and groups edits the stored scope and keeps the rest', async () => {
    const configDir = await configured({ groups: ['Sales Team'], includeDisabled: true });
    const withExclusion = await agentData(configDir, 'set-scope', { excludeGroups: ['Nested Group C'] });
    expect(names(withExclusion.groups)).to.deep.equal(['Sales Team']);
    expect(names(withExclusion.excludeGroups)).to.deep.equal(['Nested Group C']);
    expect(withExclusion.includeDisabled).to.equal(true);
    const added = await agentData(configDir, 'set-scope', { addGroups: ['Marketing', 'Sales Team'], addExcludeGroups: ['Empty Group'] });
    expect(names(added.groups)).to.deep.equal(['Sales Team', 'Marketing']);
    expect(names(added.excludeGroups)).to.deep.equal(['Nested Group C', 'Empty Group']);
    const removed = await agentData(configDir, 'set-scope', { removeGroups: ['sales team'], removeExcludeGroups: [added.excludeGroups[0].objectGuid] });
    expect(names(removed.groups)).to.deep.equal(['Marketing']);
    expect(names(removed.excludeGroups)).to.deep.equal(['Empty Group']);
    expect(await agentData(configDir, 'get-scope')).to.deep.equal(removed);
  });

  it('set-scope edits that cannot apply are BAD_REQUEST and change nothing', async () => {
    const configDir = await configured({ groups: ['Sales Team'] });
    const before = await agentData(configDir, 'get-scope');
    for (const [params, param] of [
      [{ removeGroups: ['Finance'] }, 'removeGroups'],
      [{ removeGroups: ['Sales Team'] }, 'removeGroups'],
      [{ all: true, addGroups: ['Finance'] }, 'addGroups'],
      [{ addGroups: ['No Such Group 42'] }, undefined],
      [{}, undefined],
    ] as const) {
      const run = await runAgent(configDir, 'set-scope', params);
      expect(run.exitCode, JSON.stringify(params)).to.equal(2);
      expect(!run.result.ok && run.result.error.code).to.equal('BAD_REQUEST');
      if (param) expect(!run.result.ok && run.result.error.details).to.deep.include({ param });
    }
    const all = await configured({ all: true });
    const refused = await runAgent(all, 'set-scope', { addGroups: ['Finance'] });
    expect(!refused.result.ok && refused.result.error.details).to.deep.include({ param: 'addGroups' });
    expect(await agentData(configDir, 'get-scope')).to.deep.equal(before);
    expect((await agentData(all, 'get-scope')).all).to.equal(true);
  });

  it('list-groups takes a name with * anywhere and an LDAP filter', async () => {
    const configDir = await configured();
    const suffix = await agentData(configDir, 'list-groups', { name: '*Users', limit: 5000 });
    expect(names(suffix.groups)).to.include.members(['Signature Users', 'Domain Users']);
    expect(suffix.groups.every((g: { name: string; samAccountName?: string }) => g.name.endsWith('Users') || g.samAccountName?.endsWith('Users'))).to.equal(true);
    expect(names((await agentData(configDir, 'list-groups', { name: 'Nested*B' })).groups)).to.deep.equal(['Nested Group B']);
    expect(names((await agentData(configDir, 'list-groups', { name: 'Finance' })).groups)).to.deep.equal(['Finance']);
    const mailEnabled = await agentData(configDir, 'list-groups', { ldapFilter: '(mail=*contoso.com)', limit: 5000 });
    expect(names(mailEnabled.groups)).to.deep.equal(['All Staff', 'Empty Group', 'Finance', 'Marketing', 'Sales Team']);
    expect(names((await agentData(configDir, 'list-groups', { name: '*a*', ldapFilter: 'description=*nested*' })).groups)).to.include('Signature Users');
    const bad = await runAgent(configDir, 'list-groups', { ldapFilter: '(&(mail=*)' });
    expect(bad.exitCode).to.equal(2);
    expect(!bad.result.ok && bad.result.error.details).to.deep.equal({ param: 'ldapFilter' });
  });
});
