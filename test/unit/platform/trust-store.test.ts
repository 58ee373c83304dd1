import tls from 'node:tls';
import { expect } from 'chai';
import { trustedCertificates, trustedSecureContext } from '../../../src/platform/trust-store.js';
import { captureLogger } from '../api/helpers.js';

const SYSTEM_ONLY = '-----BEGIN CERTIFICATE-----\nc3lzdGVtLW9ubHk=\n-----END CERTIFICATE-----\n';
const EXTRA = '-----BEGIN CERTIFICATE-----\nZXh0cmE=\n-----END CERTIFICATE-----\n';

describe('platform/trust-store', () => {
  describe('#trustedCertificates()', () => {
    const defaults = tls.getCACertificates('default');

    it("should hold Node's default roots, then the system's certificates, then caFile's PEM", () => {
      const list = trustedCertificates({ systemCertificates: () => [SYSTEM_ONLY], extraPem: EXTRA });
      expect(list).to.deep.equal([...defaults, SYSTEM_ONLY, EXTRA]);
    });

    it('should hold a certificate that is both a default root and in the system store once', () => {
      const list = trustedCertificates({ systemCertificates: () => [defaults[0]!, SYSTEM_ONLY, SYSTEM_ONLY] });
      expect(list).to.deep.equal([...defaults, SYSTEM_ONLY]);
    });

    it("should read Node's system store when none is given", () => {
      const list = trustedCertificates();
      for (const pem of tls.getCACertificates('system')) expect(list).to.include(pem);
    });

    it("should warn and keep Node's roots and caFile when the system store cannot be read", () => {
      const log = captureLogger();
      const list = trustedCertificates({
        systemCertificates: () => {
          throw new Error('store closed');
        },
        extraPem: EXTRA,
        logger: log.logger,
      });
      expect(list).to.deep.equal([...defaults, EXTRA]);
      const warnings = log.lines.filter((line) => line.level === 'warn');
      expect(warnings).to.have.length(1);
      expect(warnings[0]?.message).to.match(/system's certificate store could not be read/);
      expect(warnings[0]?.fields).to.deep.equal({ error: 'store closed' });
    });
  });
});

describe('platform/trust-store #trustedSecureContext()', () => {
  it('should make one context per caFile content and keep it', () => {
    const extra = { extraPem: tls.rootCertificates[0]! };
    expect(trustedSecureContext()).to.equal(trustedSecureContext());
    expect(trustedSecureContext(extra)).to.equal(trustedSecureContext({ ...extra }));
    expect(trustedSecureContext(extra)).to.not.equal(trustedSecureContext());
  });
});
