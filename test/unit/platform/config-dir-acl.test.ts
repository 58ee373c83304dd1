import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { checkConfigDir } from '../../../src/cli/config-dir-check.js';
import { admittedServiceSids } from '../../../src/config/service-account.js';
import { dispatch } from '../../../src/cli/dispatch.js';
import { NdjsonRenderer } from '../../../src/cli/render.js';
import type { Logger } from '../../../src/log/logger.js';
import type { AgentEvent } from '../../../src/platform/event-sink.js';
import { FileSecretStore } from '../../../src/platform/file-secret-store.js';
import { SealerUnavailableError } from '../../../src/platform/secret-sealer.js';
import { VerifiedSecretStore } from '../../../src/platform/verified-secret-store.js';
import { aclOpenings } from '../../../src/platform/windows/acl-openings.js';
import { WindowsConfigDirAcl } from '../../../src/platform/windows/config-dir-acl.js';
import { WindowsBridgeError, type FolderAcl, type WindowsBridge } from '../../../src/platform/windows/edge-bridge.js';

const SYSTEM = 'S-1-5-18';
const ADMINS = 'S-1-5-32-544';
const USERS = 'S-1-5-32-545';
const SECRET = 'Acl-Checked-Secret-Value-77';

function rule(sid: string, allow = true, inherited = false): FolderAcl['rules'][number] {
  return { sid, rights: 'FullControl', allow, inherited };
}

/** The agent's own ACL, as ConfigDirAcl.Restrict leaves it. */
const RESTRICTED: FolderAcl = { protected: true, rules: [rule(SYSTEM), rule(ADMINS)] };
/** ProgramData's, inherited: local users may read. */
const WIDENED: FolderAcl = { protected: false, rules: [rule(SYSTEM, true, true), rule(ADMINS, true, true), { sid: USERS, rights: 'ReadAndExecute, Synchronize', allow: true, inherited: true }] };

/** ConfigDirAcl over one folder: Describe answers its ACL, Restrict sets the agent's (or refuses). */
function fakeBridge(initial: FolderAcl, options: { refuse?: boolean } = {}): { bridge: WindowsBridge; calls: string[]; acl: () => FolderAcl } {
  let acl = initial;
  const calls: string[] = [];
  const bridge = {
    configDirAcl: {
      describe: async (dir: string) => (calls.push(`describe ${dir}`), acl),
      restrict: async (dir: string, admit: readonly string[] = []) => {
        calls.push(admit.length > 0 ? `restrict ${dir} +${admit.join(',')}` : `restrict ${dir}`);
        if (options.refuse) throw new WindowsBridgeError(`Attempted to perform an unauthorized operation.`, 'UnauthorizedAccessException');
        acl = RESTRICTED;
      },
    },
  } as unknown as WindowsBridge;
  return { bridge, calls, acl: () => acl };
}

async function connectedDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 's365-acl-'));
  await fs.writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ apiSecret: SECRET }), { mode: 0o600 });
  return dir;
}

/** Runs `verb` through dispatch with the real file store and the Windows guard over `bridge`. */
async function run(configDir: string, verb: string, bridge: () => WindowsBridge, params: Record<string, unknown> = {}): Promise<{ exitCode: number; result: any; stderr: string; events: any[] }> {
  let out = '';
  let stderr = '';
  // As services.ts builds it on win32: the service account read from config.json at each call.
  const guard = new WindowsConfigDirAcl(bridge, () => admittedServiceSids(configDir));
  const exitCode = await dispatch({
    verb,
    params,
    configDir,
    renderer: new NdjsonRenderer((text) => (out += text)),
    stderrLevel: 'warn',
    secrets: new FileSecretStore(configDir, { guard, ownerOnly: false }),
    configDirGuard: guard,
    env: {},
    stderr: (text) => (stderr += text),
  });
  const log = await fs.readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8').catch(() => '');
  const events = log.split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((line) => line.eventId !== undefined);
  return { exitCode, result: JSON.parse(out.trim().split('\n').at(-1)!), stderr, events };
}

describe('the config directory ACL checked before secrets are used (Windows logic, a fake bridge)', () => {
  describe('aclOpenings()', () => {
    it('should find nothing in the agent\'s own ACL, and ignore deny entries', () => {
      expect(aclOpenings(RESTRICTED)).to.equal(undefined);
      expect(aclOpenings({ protected: true, rules: [...RESTRICTED.rules, rule(USERS, false)] })).to.equal(undefined);
    });

    it('should find inheritance from the parent, and every other account with an allow entry, whatever its rights', () => {
      expect(aclOpenings(WIDENED)).to.deep.equal({ inherits: true, accounts: [USERS] });
      expect(aclOpenings({ protected: true, rules: [...RESTRICTED.rules, rule('S-1-1-0'), rule(USERS), rule(USERS)] })).to.deep.equal({ inherits: false, accounts: ['S-1-1-0', USERS] });
      expect(aclOpenings({ protected: false, rules: RESTRICTED.rules })).to.deep.equal({ inherits: true, accounts: [] });
    });

    it('should admit the extra SIDs given (the task\'s service account), in any case', () => {
      const gmsa = 'S-1-5-21-1-2-3-1105';
      expect(aclOpenings({ protected: true, rules: [...RESTRICTED.rules, rule(gmsa)] }, [gmsa.toLowerCase()])).to.equal(undefined);
    });
  });

  describe('through dispatch, with the real file store', () => {
    it('should restrict a widened folder again before the first secret is used, warn that the secrets may have been read, and write event 1205', async () => {
      const dir = await connectedDir();
      const fake = fakeBridge(WIDENED);
      const answer = await run(dir, 'disconnect', () => fake.bridge);
      expect(answer.exitCode, JSON.stringify(answer.result)).to.equal(0);
      // Checked and restricted before the delete, then restricted again by the write itself.
      expect(fake.calls).to.deep.equal([`describe ${dir}`, `restrict ${dir}`, `restrict ${dir}`]);
      expect(fake.acl()).to.equal(RESTRICTED);
      expect(answer.stderr).to.match(new RegExp(`${USERS} \\(Users\\).*restricted it again.*rotate the integration secret in the Signature 365 portal`));
      const exposed = answer.events.filter((event) => event.eventId === 1205);
      expect(exposed).to.have.length(1);
      expect(exposed[0]).to.deep.include({ event: 'config-dir-exposed', eventLevel: 'warning', configDir: dir, inherits: true, accounts: [USERS] });
      expect(answer.stderr + JSON.stringify(answer.events)).to.not.contain(SECRET);
    });

    it('should not restrict nor warn when the folder has the agent\'s ACL', async () => {
      const dir = await connectedDir();
      const fake = fakeBridge(RESTRICTED);
      const answer = await run(dir, 'disconnect', () => fake.bridge);
      expect(answer.exitCode).to.equal(0);
      expect(fake.calls).to.deep.equal([`describe ${dir}`, `restrict ${dir}`]); // the write's own
      expect(answer.stderr).to.equal('');
      expect(answer.events.map((event) => event.eventId)).to.not.include(1205);
    });

    it('should refuse with CONFIG_CORRUPT secrets-exposed when the folder is open and cannot be restricted again, and leave secrets.json as it was', async () => {
      const dir = await connectedDir();
      const fake = fakeBridge(WIDENED, { refuse: true });
      const answer = await run(dir, 'disconnect', () => fake.bridge);
      expect(answer.exitCode).to.equal(2);
      expect(answer.result.error.code).to.equal('CONFIG_CORRUPT');
      expect(answer.result.error.details).to.deep.equal({ file: dir, problem: 'secrets-exposed', accounts: [USERS] });
      expect(answer.result.error.message)
        .to.match(/inherited from its parent folder; admits S-1-5-32-545 \(Users\).*could not restrict it again.*icacls .*\/inheritance:r.*rotate the integration secret/s)
        .and.to.not.contain(SECRET);
      expect(fake.calls).to.deep.equal([`describe ${dir}`, `restrict ${dir}`]);
      expect(JSON.parse(await fs.readFile(path.join(dir, 'secrets.json'), 'utf8'))).to.deep.equal({ apiSecret: SECRET });
    });

    it('should not look at the ACL for a verb that uses no secret (no bridge started)', async () => {
      const dir = await connectedDir();
      const fake = fakeBridge(WIDENED);
      for (const verb of ['version', 'status', 'get-config']) {
        expect((await run(dir, verb, () => fake.bridge)).exitCode, verb).to.equal(0);
      }
      expect(fake.calls).to.deep.equal([]);
    });
  });

  describe('the service account (a gMSA) by set-service-account', () => {
    const GMSA = 'S-1-5-21-1004336348-1177238915-682003330-1105';

    it('should store the SID in config.json, set the ACL with it at once, and count it as the agent\'s own at the check', async () => {
      const dir = await connectedDir();
      const fake = fakeBridge(RESTRICTED);
      const set = await run(dir, 'set-service-account', () => fake.bridge, { sid: GMSA.toLowerCase() });
      expect(set.exitCode, JSON.stringify(set.result)).to.equal(0);
      expect(set.result.data).to.deep.equal({ serviceAccountSid: GMSA, aclSet: true });
      expect(JSON.parse(await fs.readFile(path.join(dir, 'config.json'), 'utf8')).windows).to.deep.equal({ serviceAccountSid: GMSA });
      expect(fake.calls).to.deep.equal([`restrict ${dir} +${GMSA}`]);
      // The folder with the gMSA in it is closed; every later restrict keeps the gMSA (a secrets write).
      const withGmsa: FolderAcl = { protected: true, rules: [...RESTRICTED.rules, { sid: GMSA, rights: 'Modify, Synchronize', allow: true, inherited: false }] };
      const later = fakeBridge(withGmsa);
      const disconnect = await run(dir, 'disconnect', () => later.bridge);
      expect(disconnect.exitCode).to.equal(0);
      expect(later.calls).to.deep.equal([`describe ${dir}`, `restrict ${dir} +${GMSA}`]);
      expect(disconnect.events.map((event) => event.eventId)).to.not.include(1205);
    });

    it('should let the stored service account in at the check when the ACL lacks it, without calling the folder exposed', async () => {
      const dir = await connectedDir();
      await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ schemaVersion: 1, scope: { kind: 'all' }, windows: { serviceAccountSid: GMSA } }));
      const fake = fakeBridge(RESTRICTED);
      const answer = await run(dir, 'disconnect', () => fake.bridge);
      expect(answer.exitCode).to.equal(0);
      expect(fake.calls.slice(0, 2)).to.deep.equal([`describe ${dir}`, `restrict ${dir} +${GMSA}`]);
      expect(answer.stderr).to.equal('');
      expect(answer.events.map((event) => event.eventId)).to.not.include(1205);
    });

    it('should clear it: the ACL set again without it, and a grant left for it then counts as an opening', async () => {
      const dir = await connectedDir();
      const fake = fakeBridge(RESTRICTED);
      await run(dir, 'set-service-account', () => fake.bridge, { sid: GMSA });
      const cleared = await run(dir, 'set-service-account', () => fake.bridge, { clear: true });
      expect(cleared.result.data).to.deep.equal({ serviceAccountSid: null, aclSet: true });
      expect(JSON.parse(await fs.readFile(path.join(dir, 'config.json'), 'utf8'))).to.not.have.property('windows');
      expect(fake.calls.at(-1)).to.equal(`restrict ${dir}`);
      expect(aclOpenings({ protected: true, rules: [...RESTRICTED.rules, rule(GMSA)] }, admittedServiceSids(dir))).to.deep.equal({ inherits: false, accounts: [GMSA] });
    });

    for (const [why, params] of [
      ['a name, not a SID', { sid: 'CONTOSO\\gmsa-s365$' }],
      ['Users', { sid: 'S-1-5-32-545' }],
      ['Everyone', { sid: 'S-1-1-0' }],
      ['Domain Users (RID 513)', { sid: 'S-1-5-21-1004336348-1177238915-682003330-513' }],
      ['the built-in Administrator (RID 500)', { sid: 'S-1-5-21-1004336348-1177238915-682003330-500' }],
      ['neither sid nor clear', {}],
      ['both sid and clear', { sid: GMSA, clear: true }],
    ] as const) {
      it(`should refuse ${why} with BAD_REQUEST, changing nothing`, async () => {
        const dir = await connectedDir();
        const fake = fakeBridge(RESTRICTED);
        const answer = await run(dir, 'set-service-account', () => fake.bridge, params);
        expect(answer.exitCode).to.equal(2);
        expect(answer.result.error.code).to.equal('BAD_REQUEST');
        expect(fake.calls).to.deep.equal([]);
        expect(await fs.readdir(dir)).to.not.include('config.json');
      });
    }
  });

  describe('checkConfigDir() and VerifiedSecretStore', () => {
    function recorder(): { logger: Logger; warnings: string[]; events: AgentEvent[]; sink: { emit: (event: AgentEvent) => Promise<void> } } {
      const warnings: string[] = [];
      const events: AgentEvent[] = [];
      const logger = { debug: () => {}, info: () => {}, warn: (message: string) => void warnings.push(message), error: () => {} } as unknown as Logger;
      return { logger, warnings, events, sink: { emit: async (event) => void events.push(event) } };
    }

    it('should warn and go on when the bridge does not load (nothing known to be open; reads expose nothing more)', async () => {
      const dir = await connectedDir();
      const r = recorder();
      const guard = new WindowsConfigDirAcl(() => {
        throw new SealerUnavailableError('secrets are sealed with DPAPI through the Windows bridge, which is not usable here');
      });
      const store = new VerifiedSecretStore(new FileSecretStore(dir, { ownerOnly: false }), () => checkConfigDir(guard, dir, r.logger, r.sink));
      expect(await store.get('apiSecret')).to.equal(SECRET);
      expect(r.warnings).to.deep.equal(['The ACL of the configuration directory could not be checked before its secrets were used']);
      expect(r.events).to.deep.equal([]);
    });

    it('should check once per process, and fail every secret use when the check fails', async () => {
      const dir = await connectedDir();
      let checks = 0;
      const store = new VerifiedSecretStore(new FileSecretStore(dir, { ownerOnly: false }), async () => {
        checks++;
        throw new Error('open and not restorable');
      });
      for (const call of [() => store.get('apiSecret'), () => store.set('bindPassword', 'pw'), () => store.delete('apiSecret')]) {
        let failed = false;
        await call().catch(() => (failed = true));
        expect(failed).to.equal(true);
      }
      expect(await store.has('apiSecret')).to.equal(true);
      expect(checks).to.equal(1);
    });

    it('should count a folder that does not exist yet as closed', async () => {
      const guard = new WindowsConfigDirAcl(() => ({ configDirAcl: { describe: async () => Promise.reject(new WindowsBridgeError('Could not find a part of the path', 'DirectoryNotFoundException')) } }) as unknown as WindowsBridge);
      expect(await guard.verify('C:\\nowhere')).to.deep.equal({ state: 'closed' });
    });
  });
});
