import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { agentData, freshConfigDir } from './helpers/agent.js';

const TRIALS = 10;

describe('concurrent changes to config.json and secrets.json (two agent processes at once)', () => {
  it(`should keep both of two set-sync-settings changed at the same moment, in each of ${TRIALS} trials`, async function () {
    this.timeout(120_000);
    const lost: string[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const dir = await freshConfigDir();
      await Promise.all([
        agentData(dir, 'set-sync-settings', { maxRemovals: 1000 + trial }),
        agentData(dir, 'set-sync-settings', { fullSyncAfterDays: 1 + trial }),
      ]);
      const { sync } = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
      if (sync?.maxRemovals !== 1000 + trial || sync?.fullSyncAfterDays !== 1 + trial) lost.push(`trial ${trial}: ${JSON.stringify(sync)}`);
      if ((await readdir(dir)).includes('config.lock')) lost.push(`trial ${trial}: config.lock left behind`);
    }
    expect(lost).to.deep.equal([]);
  });

  it(`should keep the secret and the settings of connect and set-directory run at the same moment, in each of ${TRIALS} trials`, async function () {
    this.timeout(120_000);
    const lost: string[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const dir = await freshConfigDir();
      await Promise.all([
        agentData(dir, 'connect', { secret: `secret-${trial}-abcdefgh`, apiUrl: 'http://127.0.0.1:9/api', skipTest: true }),
        agentData(dir, 'set-directory', {
          servers: ['ldaps://dc.example.invalid'],
          bindDn: 'CN=svc,DC=example,DC=invalid',
          bindPassword: `password-${trial}`,
          skipTest: true,
        }),
      ]);
      const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
      const secrets = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8'));
      const kept = {
        api: config.api?.url === 'http://127.0.0.1:9/api',
        directory: config.directory?.bindDn === 'CN=svc,DC=example,DC=invalid',
        apiSecret: secrets.apiSecret === `secret-${trial}-abcdefgh`,
        bindPassword: secrets.bindPassword === `password-${trial}`,
      };
      if (Object.values(kept).includes(false)) lost.push(`trial ${trial}: ${JSON.stringify(kept)}`);
    }
    expect(lost).to.deep.equal([]);
  });
});
