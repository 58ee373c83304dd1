import { expect } from 'chai';
import { outsideMessage, outsideText } from '../../../src/log/outside.js';
import { redactor } from '../../../src/log/redactor.js';
import { StreamLogger } from '../../../src/log/stream-logger.js';
import { NdjsonRenderer } from '../../../src/cli/render.js';
import { failureResult } from '../../../src/cli/dispatch.js';
import { searchError } from '../../../src/directory/ldap/search-error.js';
import { ApiError, toAgentError } from '../../../src/protocol/errors.js';

/** Registered in the process-wide redactor, so unlike any word another test uses. */
const SECRET = 'pw-Outside-"Text"-7f3a';

describe('secret redaction (docs/security.md#secrets)', () => {
  before(() => redactor.register(SECRET));

  describe('outside text', () => {
    it('should be masked, in every serialised form', () => {
      expect(outsideText(`server said ${SECRET} / ${JSON.stringify(SECRET)} / ${encodeURIComponent(SECRET)}`)).to.equal('server said *** / "***" / ***');
      expect(outsideMessage(new Error(`bad ${SECRET}`))).to.equal('bad ***');
      expect(outsideMessage(`thrown ${SECRET}`)).to.equal('thrown ***');
    });

    it("should be masked in a library's exception wrapped as INTERNAL", () => {
      const error = toAgentError(new TypeError(`cannot read ${SECRET}`));
      expect(error.message).to.equal('Unexpected error: cannot read ***');
    });

    it("should be masked in an LDAP server's message wrapped as a directory error", () => {
      const error = searchError(new Error(`00002020: Operations error ${SECRET}`), 'OU=Staff,DC=corp,DC=example');
      expect(error.message).to.equal("Directory search under 'OU=Staff,DC=corp,DC=example' failed: 00002020: Operations error ***");
      const lost = searchError(new Error(`Connection closed ${SECRET}`), 'OU=Staff,DC=corp,DC=example');
      expect(lost.message).to.not.include(SECRET);
    });
  });

  describe("the agent's own values", () => {
    it('should be logged as they are: the logger masks nothing', () => {
      const lines: string[] = [];
      const logger = new StreamLogger({ stderrLevel: 'debug', fileLevel: 'debug', write: (line) => lines.push(line) });
      logger.warn('bound as CN=pw-Outside', { bindDn: 'CN=svc,OU=pw-Outside-"Text"-7f3a,DC=corp' });
      expect(lines.join('')).to.include('OU=pw-Outside-\\"Text\\"-7f3a');
    });

    it('should be rendered as they are, one valid JSON line', () => {
      const out: string[] = [];
      const details = { method: 'POST', path: '/v1/runs', attempts: 1, status: 400, serverMessage: 'true' };
      new NdjsonRenderer((text) => out.push(text)).result(failureResult('connect', new ApiError('HTTP 400', details)));
      const parsed = JSON.parse(out.join('')) as { ok: boolean; error: { message: string; details: unknown } };
      expect(parsed.ok).to.equal(false);
      expect(parsed.error).to.deep.equal({ code: 'API_ERROR', message: 'HTTP 400', details });
    });
  });
});
