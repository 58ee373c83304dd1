import { expect } from 'chai';
import { Redactor } from '../../../src/log/redactor.js';
import { StreamLogger } from '../../../src/log/stream-logger.js';
import { NdjsonRenderer } from '../../../src/cli/render.js';
import { failureResult } from '../../../src/cli/dispatch.js';
import { ApiError } from '../../../src/protocol/errors.js';

describe('secret redaction', () => {
  it('should mask registered secrets in log lines', () => {
    const redactor = new Redactor();
    redactor.register('sk_live_0123456789');
    const lines: string[] = [];
    const logger = new StreamLogger({ stderrLevel: 'debug', fileLevel: 'debug', redactor, write: (line) => lines.push(line) });
    logger.warn('calling with sk_live_0123456789', { header: 'Bearer sk_live_0123456789' });
    expect(lines.join('')).to.not.contain('sk_live_0123456789');
    expect(lines.join('')).to.contain('Bearer ***');
  });

  it('should mask secrets of 3 characters or more, the one rule the API client follows too', () => {
    const redactor = new Redactor();
    redactor.register('abc');
    redactor.register('xy');
    expect(redactor.redact('abc xy abcd')).to.equal('*** xy ***d');
  });

  it('should mask registered secrets in NDJSON output', () => {
    const redactor = new Redactor();
    redactor.register('pw-Very-Secret');
    const out: string[] = [];
    new NdjsonRenderer(redactor, (text) => out.push(text)).result(failureResult('connect', new ApiError('echo pw-Very-Secret', { method: 'POST', path: '/v1/runs', attempts: 1, status: 400 })));
    const parsed = JSON.parse(out.join('')) as { error: { message: string } };
    expect(parsed.error.message).to.equal('echo ***');
  });
});
