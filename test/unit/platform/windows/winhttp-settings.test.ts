import { expect } from 'chai';
import { resolveProxy } from '../../../../src/api/proxy.js';
import { winHttpProxySource, type RegQuery } from '../../../../src/platform/windows/winhttp-reader.js';
import {
  parseRegQueryBinary,
  parseWinHttpSettings,
  winHttpBypassAsNoProxy,
  winHttpProxyFor,
  WinHttpSettingsError,
} from '../../../../src/platform/windows/winhttp-settings.js';
import { captureLogger } from '../../api/helpers.js';

/** A WinHttpSettings blob as netsh writes it: size, counter, flags, then the two counted strings. */
function blob(flags: number, proxy: string, bypass: string, counter = 7): Buffer {
  const dword = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  return Buffer.concat([dword(0x28), dword(counter), dword(flags), dword(proxy.length), Buffer.from(proxy, 'latin1'), dword(bypass.length), Buffer.from(bypass, 'latin1')]);
}

/** `netsh winhttp reset proxy` writes exactly these bytes. */
const DIRECT = Buffer.from('1800000000000000010000000000000000000000', 'hex');

function regOutput(bytes: Buffer): string {
  return `\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\r\n    WinHttpSettings    REG_BINARY    ${bytes.toString('hex').toUpperCase()}\r\n\r\n`;
}

describe('platform/windows/winhttp-settings', () => {
  describe('#parseWinHttpSettings()', () => {
    it('should read the reset (direct) blob as direct', () => {
      expect(parseWinHttpSettings(DIRECT)).to.deep.equal({ kind: 'direct' });
    });

    it('should read a named proxy and its bypass list', () => {
      expect(parseWinHttpSettings(blob(3, 'proxy.corp:8080', '<local>;*.corp'))).to.deep.equal({ kind: 'proxy', proxy: 'proxy.corp:8080', bypass: '<local>;*.corp' });
    });

    it('should read a proxy with no bypass list', () => {
      expect(parseWinHttpSettings(blob(3, '10.0.0.5:3128', ''))).to.deep.equal({ kind: 'proxy', proxy: '10.0.0.5:3128', bypass: '' });
    });

    it('should read flags without the named-proxy bit as direct, whatever string is left', () => {
      expect(parseWinHttpSettings(blob(1, 'stale.corp:8080', ''))).to.deep.equal({ kind: 'direct' });
    });

    it('should ignore what a newer Windows writes after the bypass list', () => {
      expect(parseWinHttpSettings(Buffer.concat([blob(3, 'p:1', 'x'), Buffer.alloc(8)]))).to.deep.include({ proxy: 'p:1', bypass: 'x' });
    });

    for (const [name, bytes] of [
      ['empty', Buffer.alloc(0)],
      ['cut inside the flags', DIRECT.subarray(0, 10)],
      ['cut inside the proxy string', blob(3, 'proxy.corp:8080', '').subarray(0, 20)],
      ['a proxy length past the end', Buffer.concat([DIRECT.subarray(0, 12), Buffer.from('ffffff7f', 'hex')])],
      ['a missing bypass length', blob(3, 'p:1', '').subarray(0, 19)],
      ['binary garbage in the proxy string', blob(3, '\u0000\u0001\u00ff', '')],
    ] as const) {
      it(`should refuse a blob ${name} with WinHttpSettingsError`, () => {
        expect(() => parseWinHttpSettings(bytes)).to.throw(WinHttpSettingsError, /WinHttpSettings/);
      });
    }
  });

  describe('#winHttpProxyFor()', () => {
    it('should give one proxy for both schemes', () => {
      expect([winHttpProxyFor('proxy.corp:8080', 'https'), winHttpProxyFor('proxy.corp:8080', 'http')]).to.deep.equal(['http://proxy.corp:8080', 'http://proxy.corp:8080']);
    });

    it('should pick the scheme\'s entry of a per-scheme list, and none for a scheme without one', () => {
      const list = 'http=web.corp:80;https=secure.corp:8443';
      expect(winHttpProxyFor(list, 'https')).to.equal('http://secure.corp:8443');
      expect(winHttpProxyFor('http=web.corp:80', 'https')).to.equal(undefined);
    });

    it('should take the first of a list', () => {
      expect(winHttpProxyFor('a.corp:1 b.corp:2', 'https')).to.equal('http://a.corp:1');
    });
  });

  describe('#winHttpBypassAsNoProxy()', () => {
    it('should turn the ;-separated list into NO_PROXY entries', () => {
      expect(winHttpBypassAsNoProxy('<local>; *.corp;10.*')).to.equal('<local>,*.corp,10.*');
    });
  });

  describe('#parseRegQueryBinary()', () => {
    it("should read the bytes of reg.exe's answer", () => {
      expect(parseRegQueryBinary(regOutput(DIRECT))).to.deep.equal(DIRECT);
    });

    it('should give undefined when the value is not in the answer', () => {
      expect(parseRegQueryBinary('\r\nHKEY_LOCAL_MACHINE\\...\\Connections\r\n    SavedLegacySettings    REG_BINARY    00\r\n')).to.equal(undefined);
    });
  });

  describe('#winHttpProxySource() over a fake reg.exe', () => {
    const target = 'https://app.signature365.com/api/agent';
    function source(answer: string | Error) {
      const log = captureLogger();
      const calls: string[][] = [];
      const query: RegQuery = (regExe, args) => {
        calls.push([regExe, ...args]);
        if (answer instanceof Error) throw answer;
        return answer;
      };
      return { read: winHttpProxySource({ env: { SystemRoot: 'C:\\Windows' }, logger: log.logger, query }), log, calls };
    }

    it('should ask reg.exe of System32 for WinHttpSettings, once', () => {
      const { read, calls } = source(regOutput(blob(3, 'proxy.corp:8080', '')));
      read();
      read();
      expect(calls).to.deep.equal([
        ['C:\\Windows\\System32\\reg.exe', 'query', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections', '/v', 'WinHttpSettings'],
      ]);
    });

    it('should route through the WinHTTP proxy when nothing else names one, with its origin', () => {
      const { read } = source(regOutput(blob(3, 'proxy.corp:8080', '<local>;*.corp')));
      expect(resolveProxy(target, undefined, {}, read)).to.deep.include({ host: 'proxy.corp', port: 8080, source: 'WinHTTP', origin: 'system' });
    });

    it('should go direct for hosts of the bypass list: <local> (no dot) and *.corp', () => {
      const { read } = source(regOutput(blob(3, 'proxy.corp:8080', '<local>;*.corp')));
      expect(resolveProxy('https://intranet/api', undefined, {}, read)).to.equal(undefined);
      expect(resolveProxy('https://s365.app.corp/api', undefined, {}, read)).to.equal(undefined);
      expect(resolveProxy('https://app.signature365.com/api', undefined, {}, read)).to.deep.include({ host: 'proxy.corp' });
    });

    it('should leave the config and the proxy variables first, and never read WinHTTP then', () => {
      const { read, calls } = source(regOutput(blob(3, 'proxy.corp:8080', '')));
      expect(resolveProxy(target, 'http://explicit:1', {}, read)).to.deep.include({ host: 'explicit', origin: 'config' });
      expect(resolveProxy(target, undefined, { HTTPS_PROXY: 'http://variable:2' }, read)).to.deep.include({ host: 'variable', origin: 'environment' });
      expect(calls).to.deep.equal([]);
    });

    it('should go direct, with no warning, for the direct blob and for an absent value (reg.exe exit 1)', () => {
      for (const answer of [regOutput(DIRECT), Object.assign(new Error('ERROR: The system was unable to find the specified registry key or value.'), { status: 1 })]) {
        const { read, log } = source(answer);
        expect(resolveProxy(target, undefined, {}, read)).to.equal(undefined);
        expect(log.lines.filter((line) => line.level === 'warn')).to.deep.equal([]);
      }
    });

    it('should go direct with one warning for a garbled blob, a bad proxy string, or reg.exe failing', () => {
      for (const answer of [regOutput(DIRECT.subarray(0, 13)), regOutput(blob(3, 'ftp://proxy.corp:21', '')), 'WinHttpSettings    REG_BINARY    ABC', new Error('spawn reg.exe ENOENT')]) {
        const { read, log } = source(answer);
        expect(resolveProxy(target, undefined, {}, read)).to.equal(undefined);
        const warnings = log.lines.filter((line) => line.level === 'warn');
        expect(warnings, String(answer)).to.have.length(1);
        expect(warnings[0]?.message).to.match(/^WinHTTP proxy: .*going direct$/);
      }
    });
  });
});
