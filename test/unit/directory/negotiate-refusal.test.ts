import { expect } from 'chai';
import { negotiateOpener, processIdentity } from '../../../src/directory/windows/negotiate-session.js';
import { WindowsBridgeError, type PlatformInfo, type WindowsBridge } from '../../../src/platform/windows/edge-bridge.js';
import { DirectoryError } from '../../../src/protocol/errors.js';

const PLATFORM: PlatformInfo = { framework: '.NET Framework 4.8.9', os: 'Microsoft Windows 10.0.20348', windows: true, user: 'SRV1$', process64: true };

/** A bridge whose bind is refused (49), and whose Describe answers `describe`. */
function refusingBridge(describe: () => Promise<PlatformInfo>): WindowsBridge {
  return {
    describe,
    ldap: {
      open: async () => Promise.reject(new WindowsBridgeError('The supplied credential is invalid.', 'LdapBridgeException', 49, '8009030C: LdapErr: DSID-0C0906B5')),
    },
  } as unknown as WindowsBridge;
}

async function refusal(bridge: WindowsBridge): Promise<DirectoryError> {
  const error = await negotiateOpener(bridge, { timeoutMs: 5000 })('ldap://dc1.corp.example').catch((e: unknown) => e);
  expect(error).to.be.instanceOf(DirectoryError);
  return error as DirectoryError;
}

describe('a refused integrated bind names the process identity', () => {
  it("should name the token's account and SID, and the computer account SYSTEM binds as (Windows, from WindowsIdentity)", async () => {
    const error = await refusal(refusingBridge(async () => ({ ...PLATFORM, identity: { name: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', networkAccount: 'SRV1$', networkDomain: 'corp.example' } })));
    expect(error.message).to.contain('bind of the process account NT AUTHORITY\\SYSTEM [S-1-5-18] (on the network the computer account SRV1$ of corp.example) on ldap://dc1.corp.example');
    expect(error.details).to.deep.equal({ server: 'ldap://dc1.corp.example', ldapCode: 49, auth: 'integrated' });
  });

  it('should name a gMSA as it is, with no computer account', async () => {
    const error = await refusal(refusingBridge(async () => ({ ...PLATFORM, identity: { name: 'CORP\\gmsa-s365$', sid: 'S-1-5-21-1-2-3-1107', networkAccount: null, networkDomain: null } })));
    expect(error.message).to.contain('bind of the process account CORP\\gmsa-s365$ [S-1-5-21-1-2-3-1107] on ');
  });

  it('should fall back to the account by name when the bridge gives no identity (off Windows) or Describe fails', async () => {
    for (const describe of [async () => ({ ...PLATFORM, identity: null }), async () => PLATFORM, async () => Promise.reject(new Error('no CLR'))]) {
      expect((await refusal(refusingBridge(describe))).message).to.contain(`bind of ${processIdentity()} on `);
    }
  });
});
