import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createSecretStore } from '../../../src/cli/services.js';
import { FileSecretStore } from '../../../src/platform/file-secret-store.js';
import type { ConfigDirGuard } from '../../../src/platform/config-dir-guard.js';
import type { SecretSealer } from '../../../src/platform/secret-sealer.js';
import type { SecretName } from '../../../src/platform/secret-store.js';
import { AgentError, ConfigCorruptError } from '../../../src/protocol/errors.js';

/**
 * DPAPI's Linux twin for the store's logic: AES-GCM under a key of "the machine" and the name as
 * associated data, so a blob sealed on another machine, or moved to another name, does not unseal.
 */
class TestSealer implements SecretSealer {
  readonly scheme = 'test-machine';
  readonly sealed: SecretName[] = [];
  private readonly key: Buffer;

  constructor(machine: string) {
    this.key = createHash('sha256').update(machine).digest();
  }

  async seal(name: SecretName, value: string): Promise<Buffer> {
    this.sealed.push(name);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(name));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  }

  async unseal(name: SecretName, sealed: Buffer): Promise<string> {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12)).setAAD(Buffer.from(name));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}

const SECRET = 'Sekrit-Integration-Value-42';
const PASSWORD = 'Bind-Password-Value-17';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 's365-sealed-'));
}

async function fileText(dir: string): Promise<string> {
  return fs.readFile(path.join(dir, 'secrets.json'), 'utf8');
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('FileSecretStore with a sealer (the DPAPI store\'s logic)', () => {
  describe('#set()', () => {
    it('should write every value sealed, none in clear, and read each back', async () => {
      const dir = await tempDir();
      const store = new FileSecretStore(dir, { sealer: new TestSealer('here') });
      await store.set('apiSecret', SECRET);
      await store.set('bindPassword', PASSWORD);
      const text = await fileText(dir);
      expect(text).to.not.contain(SECRET).and.to.not.contain(PASSWORD);
      const file = JSON.parse(text) as Record<string, { sealed: string; data: string }>;
      expect(Object.keys(file).sort()).to.deep.equal(['apiSecret', 'bindPassword']);
      expect(file.apiSecret!.sealed).to.equal('test-machine');
      expect(await store.get('apiSecret')).to.equal(SECRET);
      expect(await store.get('bindPassword')).to.equal(PASSWORD);
      expect((await fs.stat(path.join(dir, 'secrets.json'))).mode & 0o777).to.equal(0o600);
    });

    it('should write nothing when the value cannot be sealed: never the clear value instead', async () => {
      const dir = await tempDir();
      const failing: SecretSealer = {
        scheme: 'test-machine',
        seal: () => Promise.reject(new Error('no DPAPI here')),
        unseal: () => Promise.reject(new Error('no DPAPI here')),
      };
      await rejection(new FileSecretStore(dir, { sealer: failing }).set('apiSecret', SECRET));
      expect(await fs.readdir(dir)).to.not.include('secrets.json');
    });

    it('should secure the config directory before each write, and write nothing when that fails', async () => {
      const dir = await tempDir();
      const secured: string[] = [];
      const guard: ConfigDirGuard = { secure: async (configDir) => void secured.push(configDir), verify: async () => ({ state: 'closed' }) };
      const store = new FileSecretStore(dir, { sealer: new TestSealer('here'), guard });
      await store.set('apiSecret', SECRET);
      await store.set('bindPassword', PASSWORD);
      expect(secured).to.deep.equal([dir, dir]);
      const refusing: ConfigDirGuard = { secure: () => Promise.reject(new Error('ACL refused')), verify: async () => ({ state: 'closed' }) };
      const other = await tempDir();
      await rejection(new FileSecretStore(other, { sealer: new TestSealer('here'), guard: refusing }).set('apiSecret', SECRET));
      expect(await fs.readdir(other)).to.not.include('secrets.json');
    });
  });

  describe('migration from a clear secrets.json (an older agent)', () => {
    it('should read the clear values meanwhile, and seal them all at the next write', async () => {
      const dir = await tempDir();
      await fs.writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ apiSecret: SECRET, bindPassword: PASSWORD }), { mode: 0o600 });
      const sealer = new TestSealer('here');
      const store = new FileSecretStore(dir, { sealer });
      expect(await store.get('apiSecret')).to.equal(SECRET);
      expect(sealer.sealed, 'a read seals nothing').to.deep.equal([]);
      await store.set('proxyAuth', 'proxy-user:Proxy-Pass-99');
      const text = await fileText(dir);
      expect(text).to.not.contain(SECRET).and.to.not.contain(PASSWORD).and.to.not.contain('Proxy-Pass-99');
      expect(await store.get('apiSecret')).to.equal(SECRET);
      expect(await store.get('bindPassword')).to.equal(PASSWORD);
      expect(await store.get('proxyAuth')).to.equal('proxy-user:Proxy-Pass-99');
    });

    it('should seal the clear values left when a delete writes the file', async () => {
      const dir = await tempDir();
      await fs.writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ apiSecret: SECRET, bindPassword: PASSWORD }), { mode: 0o600 });
      const store = new FileSecretStore(dir, { sealer: new TestSealer('here') });
      await store.delete('bindPassword');
      expect(await fileText(dir)).to.not.contain(SECRET);
      expect(await store.get('apiSecret')).to.equal(SECRET);
      expect(await store.get('bindPassword')).to.equal(undefined);
    });
  });

  describe('a sealed value that cannot be unsealed', () => {
    it('should be CONFIG_CORRUPT naming the secret and the file, with the secret nowhere in the error', async () => {
      const dir = await tempDir();
      await new FileSecretStore(dir, { sealer: new TestSealer('another machine') }).set('apiSecret', SECRET);
      const error = await rejection(new FileSecretStore(dir, { sealer: new TestSealer('here') }).get('apiSecret'));
      expect(error).to.be.instanceOf(ConfigCorruptError);
      const agentError = error as ConfigCorruptError;
      expect(agentError.code).to.equal('CONFIG_CORRUPT');
      expect(agentError.exitCode).to.equal(2);
      expect(agentError.details).to.deep.equal({ file: path.join(dir, 'secrets.json'), problem: 'secret-unreadable', secret: 'apiSecret' });
      expect(agentError.message).to.contain("'apiSecret'").and.to.contain('connect');
      expect(JSON.stringify({ message: agentError.message, details: agentError.details })).to.not.contain(SECRET);
    });

    it('should be CONFIG_CORRUPT when the blob is damaged, and a new value should replace it', async () => {
      const dir = await tempDir();
      const store = new FileSecretStore(dir, { sealer: new TestSealer('here') });
      await store.set('apiSecret', SECRET);
      await store.set('bindPassword', PASSWORD);
      const file = JSON.parse(await fileText(dir)) as Record<string, { sealed: string; data: string }>;
      const blob = Buffer.from(file.apiSecret!.data, 'base64');
      blob[blob.length - 1]! ^= 0xff;
      file.apiSecret!.data = blob.toString('base64');
      await fs.writeFile(path.join(dir, 'secrets.json'), JSON.stringify(file));
      const error = (await rejection(store.get('apiSecret'))) as AgentError;
      expect(error.code).to.equal('CONFIG_CORRUPT');
      expect(error.details).to.deep.include({ problem: 'secret-unreadable', secret: 'apiSecret' });
      // The other secret still reads, and connect again (a new value) cures it.
      expect(await store.get('bindPassword')).to.equal(PASSWORD);
      await store.set('apiSecret', 'a-new-secret-value');
      expect(await store.get('apiSecret')).to.equal('a-new-secret-value');
    });

    it('should still be reported as stored by has(), without unsealing, and be deleted', async () => {
      const dir = await tempDir();
      await new FileSecretStore(dir, { sealer: new TestSealer('another machine') }).set('apiSecret', SECRET);
      let unsealed = 0;
      const counting = new TestSealer('here');
      const unseal = counting.unseal.bind(counting);
      counting.unseal = (name, sealed) => (unsealed++, unseal(name, sealed));
      const store = new FileSecretStore(dir, { sealer: counting });
      expect(await store.has('apiSecret')).to.equal(true);
      expect(await store.has('bindPassword')).to.equal(false);
      expect(unsealed).to.equal(0);
      await store.delete('apiSecret');
      expect(await store.has('apiSecret')).to.equal(false);
    });

    it('should be CONFIG_CORRUPT on a platform without the sealer (a sealed file copied to Linux)', async () => {
      const dir = await tempDir();
      await new FileSecretStore(dir, { sealer: new TestSealer('here') }).set('bindPassword', PASSWORD);
      const error = (await rejection(new FileSecretStore(dir).get('bindPassword'))) as AgentError;
      expect(error.code).to.equal('CONFIG_CORRUPT');
      expect(error.details).to.deep.include({ problem: 'secret-unreadable', secret: 'bindPassword' });
    });
  });

  describe('createSecretStore()', () => {
    it('should keep clear values in a 0600 file off Windows', async () => {
      const dir = await tempDir();
      await createSecretStore(dir, {}, 'linux').set('apiSecret', SECRET);
      expect(JSON.parse(await fileText(dir))).to.deep.equal({ apiSecret: SECRET });
      expect((await fs.stat(path.join(dir, 'secrets.json'))).mode & 0o777).to.equal(0o600);
    });

    it('should seal on Windows, and write nothing at all when the DPAPI bridge is not there: CONFIG_UNWRITABLE sealer-unavailable', async () => {
      const dir = await tempDir();
      const store = createSecretStore(dir, { S365_EDGE_JS_DIR: path.join(dir, 'no-edge-js') }, 'win32');
      const error = (await rejection(store.set('apiSecret', SECRET))) as AgentError;
      expect(error).to.be.instanceOf(AgentError);
      expect({ code: error.code, exitCode: error.exitCode }).to.deep.equal({ code: 'CONFIG_UNWRITABLE', exitCode: 2 });
      expect(error.details).to.deep.equal({ dir, file: path.join(dir, 'secrets.json'), problem: 'sealer-unavailable' });
      expect(error.message)
        .to.match(/^The secret 'apiSecret' is not saved: secrets are sealed with DPAPI through the Windows bridge .*not usable here: no edge-js package in .*no-edge-js.*S365_EDGE_JS_DIR/)
        .and.to.not.contain(SECRET)
        .and.to.not.contain('simple bind');
      expect(await fs.readdir(dir)).to.not.include('secrets.json');
      // The bridge was asked for this config dir (its runtime folder goes there), as the directory's session asks for it.
      const loaderError = (error.cause as Error).cause as AgentError;
      expect(loaderError.details).to.deep.include({ configDir: dir });
    });

    it('should answer a sealed secret with no bridge to unseal it as CONFIG_CORRUPT secret-unreadable, and a delete as CONFIG_UNWRITABLE', async () => {
      const dir = await tempDir();
      await fs.writeFile(path.join(dir, 'secrets.json'), JSON.stringify({ apiSecret: { sealed: 'dpapi-machine', data: 'AAAA' } }), { mode: 0o600 });
      const store = createSecretStore(dir, { S365_EDGE_JS_DIR: path.join(dir, 'no-edge-js') }, 'win32');
      const read = (await rejection(store.get('apiSecret'))) as AgentError;
      expect(read.code).to.equal('CONFIG_CORRUPT');
      expect(read.details).to.deep.equal({ file: path.join(dir, 'secrets.json'), problem: 'secret-unreadable', secret: 'apiSecret' });
      expect(read.message).to.match(/cannot be read: it is sealed, and secrets are sealed with DPAPI through the Windows bridge .*not usable here/);
      const removed = (await rejection(store.delete('apiSecret'))) as AgentError;
      expect(removed.code).to.equal('CONFIG_UNWRITABLE');
      expect(removed.details).to.deep.equal({ dir, problem: 'sealer-unavailable' });
      expect(removed.message).to.match(/cannot be restricted to SYSTEM and Administrators, so no secret is written into it: secrets are sealed with DPAPI/);
    });
  });
});
