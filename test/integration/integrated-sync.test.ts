import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AGENT_SCRIPT, agentData, configuredAgent, freshConfigDir, type AgentRun } from './helpers/agent.js';
import { DirectoryAdmin } from './helpers/directory-admin.js';
import { TestEmulator, type EmulatorState } from './helpers/emulator.js';
import { expectExactlySynced } from './helpers/outcome.js';
import { script, TestKerberos } from './helpers/kerberos.js';
import { expectedEmail, expectedInScope, userBySam, type FixtureUser } from './helpers/sample-org.js';
import { ScratchDirectory } from './helpers/scratch-directory.js';
import { requireTestDc, type TestDc } from './helpers/test-dc.js';

const SCOPE_GROUP = 'Signature Users';

/** What a sync sent, in an order and shape that does not depend on the run (no run IDs or times). */
function held(state: EmulatorState): { users: unknown[]; groups: unknown[]; removed: string[] } {
  const byGuid = (a: { objectGuid: string }, b: { objectGuid: string }) => (a.objectGuid < b.objectGuid ? -1 : a.objectGuid > b.objectGuid ? 1 : 0);
  return { users: [...state.users].sort(byGuid), groups: [...state.groups].sort(byGuid), removed: [...state.removed].sort() };
}

/**
 * `set-directory auth: integrated` and a full sync then a delta through the real CLI, with a
 * Kerberos ticket from the test DC's KDC and no password anywhere in the config directory, against
 * the same sync with a simple bind over LDAPS: Signature 365 must hold exactly the same. The agent
 * runs in a private mount namespace whose /etc/hosts names the DC (Kerberos asks for
 * ldap/<host name>), with a private KRB5_CONFIG and KRB5CCNAME, as windows-bridge.test.ts does.
 */
describe('integrated authentication: a sync over Kerberos through the Windows bridge @integration', function () {
  this.timeout(900_000);
  let dc: TestDc;
  let emulator: TestEmulator;
  let kerberos: TestKerberos;
  let kdc: Record<string, string>;

  before(async function () {
    dc = requireTestDc(this);
    if (process.platform === 'win32') this.skip();
    // The bridge where the agent's dist looks for it by default (bridge-loader.ts): edge-js in
    // .tools/edge-js, S365.Windows in out/windows/net10.0-linux-x64; the DC's KDC.
    await script('build/windows/setup-edge.sh', []);
    await script('build/windows/build-dotnet.sh', []);
    kerberos = await TestKerberos.start();
    kdc = kerberos.kdc;
    emulator = await TestEmulator.start();
  });

  after(async () => {
    await emulator?.close();
    await kerberos?.stop();
  });

  beforeEach(() => emulator.reset());

  /** One JSON-protocol request to `node dist/cli.js`, run where the DC's name resolves. */
  function runIntegrated(configDir: string, verb: string, params: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<Pick<AgentRun, 'exitCode' | 'stdout' | 'stderr' | 'result'>> {
    const request = JSON.stringify({ protocol: 1, verb, params });
    const [command, args] = kerberos.namespaced(process.execPath, [AGENT_SCRIPT, '--json', '--config-dir', configDir]);
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env: { ...process.env, S365_CONFIG_DIR: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ exitCode: code ?? -1, stdout, stderr, result: JSON.parse(last) as AgentRun['result'] });
        } catch {
          reject(new Error(`no result line (exit ${code}): ${stdout}\n${stderr}`));
        }
      });
      child.stdin.end(request);
    });
  }

  async function integratedData(configDir: string, verb: string, params: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<any> {
    const answer = await runIntegrated(configDir, verb, params, env);
    if (!answer.result.ok) throw new Error(`${verb} failed (exit ${answer.exitCode}): ${JSON.stringify(answer.result.error)}\n${answer.stderr}`);
    return answer.result.data;
  }

  async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
    const started = Date.now();
    const value = await work();
    return [value, Date.now() - started];
  }

  const scopes: { name: string; scope: Record<string, unknown>; group?: string }[] = [
    { name: `the group '${SCOPE_GROUP}' (nested groups: in-chain)`, scope: { groups: [SCOPE_GROUP] }, group: SCOPE_GROUP },
    { name: 'the whole sample domain', scope: { all: true } },
  ];
  for (const { name, scope, group } of scopes) it(`${name}: a full sync and a delta with auth integrated send exactly what the simple bind sends, with no password in the config directory`, async () => {
    // The simple bind: ldapts over LDAPS as svc-s365 with its password.
    const simple = await configuredAgent(emulator, dc, { scope });
    const [, simpleFullMs] = await timed(() => agentData(simple, 'sync', { mode: 'full' }));
    const bySimple = held(await emulator.state());
    expectExactlySynced(simple, await emulator.state(), group);
    const [simpleDelta, simpleDeltaMs] = await timed(() => agentData(simple, 'sync'));

    // Integrated: a ticket for svc-s365 from its keytab, no password given to the agent.
    await emulator.reset();
    const env = await kerberos.kinit('agent');
    const integrated = await freshConfigDir();
    await agentData(integrated, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
    const server = `ldap://${kdc.S365_TEST_DC_FQDN}:389`;
    const set = await integratedData(integrated, 'set-directory', { auth: 'integrated', servers: [server] }, env);
    expect(set).to.deep.include({ auth: 'integrated', tested: true, server });
    await integratedData(integrated, 'set-scope', scope, env);
    const [full, integratedFullMs] = await timed(() => integratedData(integrated, 'sync', { mode: 'full' }, env));
    expect(full).to.be.an('object');
    expect(held(await emulator.state())).to.deep.equal(bySimple);
    expectExactlySynced(integrated, await emulator.state(), group);
    const [integratedDelta, integratedDeltaMs] = await timed(() => integratedData(integrated, 'sync', {}, env));
    expect(held(await emulator.state())).to.deep.equal(bySimple);
    expect(integratedDelta.mode ?? 'delta').to.equal(simpleDelta.mode ?? 'delta');

    const config = JSON.parse(readFileSync(path.join(integrated, 'config.json'), 'utf8'));
    expect(config.directory).to.deep.include({ auth: 'integrated', servers: [server] });
    expect(config.directory).to.not.have.property('bindDn');
    const secretsFile = path.join(integrated, 'secrets.json');
    const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
    expect(secrets).to.not.have.property('bindPassword');
    expect(readFileSync(secretsFile, 'utf8')).to.not.contain(dc.bindPassword);

    // The ticket the agent's bind asked for: the DC's LDAP service, by its name.
    expect(await kerberos.klist('agent')).to.contain(`ldap/${kdc.S365_TEST_DC_FQDN}@CORP.CONTOSO.TEST`);
    console.log(
      `      (${bySimple.users.length} users, ${bySimple.groups.length} groups; full sync: simple bind ${simpleFullMs} ms, integrated ${integratedFullMs} ms; ` +
        `delta: simple ${simpleDeltaMs} ms, integrated ${integratedDeltaMs} ms; each a whole CLI run)`,
    );
  });

  it("after a title changes in the directory, the integrated delta sends exactly that user, as the simple bind's delta does", async () => {
    // One user no other test changes (engine.test.ts changes Bob Smith), alone in a scratch group: a
    // change another suite makes meanwhile to the shared DC stays out of both deltas.
    const user = userBySam('erin.obrien');
    expect(expectedInScope().map((u) => u.sAMAccountName)).to.include(user.sAMAccountName);
    const dn = `CN=${user.cn},${user.ou},${dc.baseDn}`;
    const scratch = await ScratchDirectory.create(dc);
    const admin = await DirectoryAdmin.connect(dc);
    try {
      const scope = { groups: [await scratch.group('Integrated Delta', [dn])] };
      await deltaAfterChange(scope, user, dn, admin);
    } finally {
      await admin.close();
      await scratch.dispose();
    }
  });

  async function deltaAfterChange(scope: Record<string, unknown>, user: FixtureUser, dn: string, admin: DirectoryAdmin): Promise<void> {
    // Both agents have synced the directory as it is.
    const simple = await configuredAgent(emulator, dc, { scope });
    await agentData(simple, 'sync', { mode: 'full' });
    const env = await kerberos.kinit('agent');
    const integrated = await freshConfigDir();
    await agentData(integrated, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
    await integratedData(integrated, 'set-directory', { auth: 'integrated', servers: [`ldap://${kdc.S365_TEST_DC_FQDN}:389`] }, env);
    await integratedData(integrated, 'set-scope', scope, env);
    await integratedData(integrated, 'sync', { mode: 'full' }, env);

    const original = await admin.attribute(dn, 'title');
    const title = `Integrated Delta ${Date.now()}`;
    await admin.replace(dn, 'title', title);
    try {
      // Each delta into an emptied emulator: what it holds afterwards is exactly what the delta sent.
      await emulator.reset();
      const [simpleDelta, simpleMs] = await timed(() => agentData(simple, 'sync'));
      const bySimple = held(await emulator.state());
      const simpleRun = (await emulator.state()).runs.at(-1)!;
      await emulator.reset();
      const [integratedDelta, integratedMs] = await timed(() => integratedData(integrated, 'sync', {}, env));
      const integratedState = await emulator.state();

      expect(simpleDelta.mode).to.equal('delta');
      expect(simpleDelta.counts).to.deep.include({ added: 0, updated: 1, removed: 0 });
      const sent = bySimple.users as { email?: string; jobTitle?: string }[];
      expect(sent.map((u) => u.email)).to.deep.equal([expectedEmail(user)]);
      expect(sent[0]?.jobTitle).to.equal(title);
      expect(bySimple.removed).to.deep.equal([]);
      expect(simpleRun).to.deep.include({ mode: 'delta', usersReceived: 1 });

      expect(integratedDelta.mode).to.equal('delta');
      expect(integratedDelta.counts).to.deep.equal(simpleDelta.counts);
      expect(held(integratedState)).to.deep.equal(bySimple);
      expect(integratedState.runs.at(-1)).to.deep.include({ mode: 'delta', usersReceived: simpleRun.usersReceived, groupsReceived: simpleRun.groupsReceived });
      console.log(`      (the delta after one change: simple bind ${simpleMs} ms, integrated ${integratedMs} ms; each a whole CLI run)`);
    } finally {
      await admin.replace(dn, 'title', original === undefined ? [] : original);
    }
  }

  it('without a ticket the integrated bind is refused as DIRECTORY_ERROR, saying who the process is, and nothing is saved', async () => {
    const configDir = await freshConfigDir();
    await agentData(configDir, 'connect', { secret: emulator.tenant.secret, apiUrl: emulator.url });
    const env = kerberos.env('none');
    const answer = await runIntegrated(configDir, 'set-directory', { auth: 'integrated', servers: [`ldap://${kdc.S365_TEST_DC_FQDN}:389`] }, env);
    expect(answer.exitCode, answer.stderr).to.equal(4);
    expect(answer.result.ok ? undefined : answer.result.error).to.deep.include({ code: 'DIRECTORY_ERROR' });
    const error = answer.result.ok ? undefined : answer.result.error;
    expect(error?.message).to.contain('integrated (Negotiate) bind of the process account').and.contain(env.KRB5CCNAME!);
    expect(JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8'))).to.not.have.property('directory');
  });

  it('with the bridge not where the agent is told to look: DIRECTORY_ERROR, problem integrated-unavailable', async () => {
    const configDir = await freshConfigDir();
    const answer = await runIntegrated(configDir, 'set-directory', { auth: 'integrated', servers: [`ldap://${kdc.S365_TEST_DC_FQDN}:389`] }, { S365_EDGE_JS_DIR: path.join(configDir, 'no-edge-js') });
    expect(answer.exitCode, answer.stderr).to.equal(4);
    const error = answer.result.ok ? undefined : answer.result.error;
    expect(error).to.deep.include({ code: 'DIRECTORY_ERROR' });
    expect(error?.details).to.deep.include({ problem: 'integrated-unavailable', edgeJsDir: path.join(configDir, 'no-edge-js') });
  });
});
