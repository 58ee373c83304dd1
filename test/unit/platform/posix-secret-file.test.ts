import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createSecretStore } from '../../../src/cli/services.js';
import { FileSecretStore } from '../../../src/platform/file-secret-store.js';
import { secretFileExposure } from '../../../src/platform/posix-secret-file.js';
import type { AgentError } from '../../../src/protocol/errors.js';
import { rejection as anyRejection } from '../api/helpers.js';

const SECRET = 'Exposed-Integration-Value-23';

async function storeWith(mode: number): Promise<{ dir: string; file: string; store: FileSecretStore }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 's365-posix-'));
  const file = path.join(dir, 'secrets.json');
  await fs.writeFile(file, JSON.stringify({ apiSecret: SECRET }));
  await fs.chmod(file, mode);
  return { dir, file, store: new FileSecretStore(dir) };
}

async function rejection(promise: Promise<unknown>): Promise<AgentError> {
  return (await anyRejection(promise)) as AgentError;
}

describe('secretFileExposure()', () => {
  it('should admit an owner-only file of the process or of root, and nothing else', () => {
    expect(secretFileExposure({ mode: 0o100600, uid: 1000 }, 1000)).to.equal(undefined);
    expect(secretFileExposure({ mode: 0o100400, uid: 1000 }, 1000)).to.equal(undefined);
    expect(secretFileExposure({ mode: 0o100600, uid: 0 }, 1000)).to.equal(undefined);
    for (const mode of [0o640, 0o604, 0o620, 0o602, 0o610, 0o601, 0o644, 0o666]) {
      expect(secretFileExposure({ mode: 0o100000 | mode, uid: 1000 }, 1000), mode.toString(8)).to.deep.equal({ kind: 'mode', mode });
    }
    // Root reading a file an ordinary user owns: that user can rewrite it (ssh's rule).
    expect(secretFileExposure({ mode: 0o100600, uid: 1000 }, 0)).to.deep.equal({ kind: 'owner', owner: 1000, processUid: 0 });
    expect(secretFileExposure({ mode: 0o100600, uid: 1001 }, 1000)).to.deep.equal({ kind: 'owner', owner: 1001, processUid: 1000 });
  });
});

describe('FileSecretStore off Windows: a secrets.json that admits others', () => {
  before(function () {
    if (process.platform === 'win32') this.skip();
  });

  for (const mode of [0o644, 0o640, 0o604]) {
    it(`should refuse mode ${mode.toString(8)} before reading it: CONFIG_CORRUPT secrets-exposed, saying chmod 600 and to rotate`, async () => {
      const { file, store } = await storeWith(mode);
      for (const call of [() => store.get('apiSecret'), () => store.has('apiSecret'), () => store.set('bindPassword', 'pw'), () => store.delete('apiSecret')]) {
        const error = await rejection(call());
        expect(error.code).to.equal('CONFIG_CORRUPT');
        expect(error.exitCode).to.equal(2);
        expect(error.details).to.deep.equal({ file, problem: 'secrets-exposed', mode: `0${mode.toString(8)}` });
        expect(error.message).to.contain(`chmod 600 ${file}`).and.to.match(/may have been read: rotate the integration secret in the Signature 365 portal/);
        expect(error.message).to.not.contain(SECRET);
      }
      // Nothing was rewritten: the file and its mode are as they were.
      expect((await fs.stat(file)).mode & 0o777).to.equal(mode);
      expect(JSON.parse(await fs.readFile(file, 'utf8'))).to.deep.equal({ apiSecret: SECRET });
    });
  }

  it('should refuse it before a byte is read: a file that is not even JSON is refused as exposed, not as damaged', async () => {
    const { file, store } = await storeWith(0o644);
    await fs.writeFile(file, '{"apiSecret": "trunc');
    expect((await rejection(store.get('apiSecret'))).details).to.deep.include({ problem: 'secrets-exposed' });
  });

  it('should read it again once it is 0600', async () => {
    const { file, store } = await storeWith(0o644);
    await rejection(store.get('apiSecret'));
    await fs.chmod(file, 0o600);
    expect(await store.get('apiSecret')).to.equal(SECRET);
  });

  it('should refuse a file owned by another account (root reading an ordinary user\'s file), saying whose', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can give a file away
    const { file, store } = await storeWith(0o600);
    await fs.chown(file, 65534, 65534);
    const error = await rejection(store.get('apiSecret'));
    expect(error.code).to.equal('CONFIG_CORRUPT');
    expect(error.details).to.deep.equal({ file, problem: 'secrets-exposed', owner: 65534 });
    expect(error.message).to.contain('uid 65534').and.to.contain('chown 0').and.to.match(/rotate/);
  });

  it('createSecretStore should refuse it off Windows (the store the CLI uses)', async () => {
    const { dir } = await storeWith(0o644);
    expect((await rejection(createSecretStore(dir, {}, 'linux').get('apiSecret'))).details).to.deep.include({ problem: 'secrets-exposed' });
  });

  it('should not check with ownerOnly: false (Windows, where the ACL rules instead of the mode)', async () => {
    const { dir } = await storeWith(0o644);
    expect(await new FileSecretStore(dir, { ownerOnly: false }).get('apiSecret')).to.equal(SECRET);
  });
});
