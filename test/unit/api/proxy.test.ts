import { expect } from 'chai';
import { describeProxy, noProxyMatches, parseProxyUrl, resolveProxy } from '../../../src/api/proxy.js';

const API = 'https://app.signature365.com/api/agent';

describe('api/proxy', () => {
  describe('noProxyMatches', () => {
    const cases: [string, string, boolean][] = [
      ['*', API, true],
      ['', API, false],
      ['signature365.com', API, true],
      ['.signature365.com', API, true],
      ['*.signature365.com', API, true],
      ['SIGNATURE365.COM.', API, true],
      ['app.signature365.com', API, true],
      ['pp.signature365.com', API, false],
      ['other.com,signature365.com', API, true],
      ['other.com signature365.com', API, true],
      ['other.com', API, false],
      ['signature365.com:443', API, true],
      ['signature365.com:8443', API, false],
      ['app.signature365.com:80', 'http://app.signature365.com/x', true],
      ['10.1.2.3', 'https://10.1.2.3:8443/api', true],
      ['10.1.2.3:8443', 'https://10.1.2.3:8443/api', true],
      ['10.1.2.4', 'https://10.1.2.3/api', false],
      ['2.3', 'https://10.1.2.3/api', false],
      ['10.0.0.0/8', 'https://10.1.2.3/api', true],
      ['10.0.0.0/16', 'https://10.1.2.3/api', false],
      ['192.168.0.0/16', API, false],
      ['::1', 'http://[::1]:8080/', true],
      ['[::1]:8080', 'http://[::1]:8080/', true],
      ['[::1]:9090', 'http://[::1]:8080/', false],
      ['fd00::/8', 'http://[fd12::5]/', true],
      ['fd00::/8', 'http://10.0.0.1/', false],
      ['localhost', 'http://localhost:3000/', true],
      ['localhost', 'http://127.0.0.1:3000/', false],
      // WinHTTP bypass entries (src/platform/windows/winhttp-settings.ts maps its list onto these).
      ['<local>', 'https://intranet/api', true],
      ['<LOCAL>', 'https://intranet:8443/api', true],
      ['<local>', 'https://app.signature365.com/api/agent', false],
      ['<local>', 'https://10.1.2.3/api', false],
      ['<local>', 'http://[::1]:8080/', false],
      ['10.*', 'https://10.1.2.3/api', true],
      ['10.*', 'https://110.1.2.3/api', false],
      ['192.168.*.*', 'https://192.168.7.9/api', true],
      ['*signature365*', 'https://app.signature365.com/api/agent', true],
      ['app.*.com', 'https://app.signature365.com/api/agent', true],
      ['app.*.org', 'https://app.signature365.com/api/agent', false],
      ['*.corp', 'https://s365.app.corp/api', true],
    ];
    for (const [noProxy, url, expected] of cases) {
      it(`${JSON.stringify(noProxy)} ${expected ? 'exempts' : 'does not exempt'} ${url}`, () => {
        expect(noProxyMatches(url, noProxy)).to.equal(expected);
      });
    }
  });

  describe('resolveProxy', () => {
    it('prefers the explicit proxy, ignoring NO_PROXY', () => {
      const p = resolveProxy(API, 'http://u:p%40ss@proxy.corp:3128', { NO_PROXY: '*', HTTPS_PROXY: 'http://other:1' });
      expect(p).to.deep.include({ protocol: 'http:', host: 'proxy.corp', port: 3128, username: 'u', password: 'p@ss', source: 'option' });
    });

    it('uses HTTPS_PROXY for an https API, then HTTP_PROXY; lower-case wins', () => {
      expect(resolveProxy(API, undefined, { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' })?.host).to.equal('a');
      expect(resolveProxy(API, undefined, { HTTP_PROXY: 'http://b:2' })?.host).to.equal('b');
      expect(resolveProxy(API, undefined, { https_proxy: 'http://c:3', HTTPS_PROXY: 'http://a:1' })).to.deep.include({
        host: 'c',
        source: 'https_proxy',
      });
      expect(resolveProxy(API, undefined, {})).to.equal(undefined);
    });

    it('uses only HTTP_PROXY for an http API', () => {
      expect(resolveProxy('http://s365.test:8080', undefined, { HTTPS_PROXY: 'http://a:1' })).to.equal(undefined);
      expect(resolveProxy('http://s365.test:8080', undefined, { HTTP_PROXY: 'b:2' })?.host).to.equal('b');
    });

    it('never sends a loopback API to an environment proxy, but does to an explicit one', () => {
      const env = { HTTP_PROXY: 'http://a:1', HTTPS_PROXY: 'http://a:1' };
      for (const url of ['http://127.0.0.1:8080', 'https://localhost/api', 'http://[::1]:3000', 'http://127.1.2.3']) {
        expect(resolveProxy(url, undefined, env), url).to.equal(undefined);
      }
      expect(resolveProxy('http://128.0.0.1', undefined, env)?.host).to.equal('a');
      expect(resolveProxy('http://127.0.0.1:8080', 'http://b:2', env)?.host).to.equal('b');
    });

    it('skips the environment proxy when NO_PROXY exempts the API host', () => {
      expect(resolveProxy(API, undefined, { HTTPS_PROXY: 'http://a:1', NO_PROXY: '.signature365.com' })).to.equal(undefined);
      expect(resolveProxy(API, undefined, { HTTPS_PROXY: 'http://a:1', no_proxy: 'other.com' })?.host).to.equal('a');
    });

    it('describes a proxy without its credentials, and refuses bad URLs without echoing them', () => {
      const p = parseProxyUrl('http://admin:hunter2@proxy:8080');
      expect(describeProxy(p)).to.equal('http://proxy:8080 (with credentials)');
      expect(parseProxyUrl('proxy.corp').port).to.equal(80);
      for (const bad of ['socks5://admin:hunter2@proxy:1080', 'http://admin:hunter2@[bad']) {
        let message = '';
        try {
          parseProxyUrl(bad);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message, bad).to.match(/proxy/).and.not.include('hunter2');
      }
    });
  });
});
