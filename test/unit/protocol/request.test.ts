import { expect } from 'chai';
import { BadRequestError } from '../../../src/protocol/errors.js';
import { parseRequest, MAX_REQUEST_BYTES } from '../../../src/protocol/request.js';

describe('parseRequest', () => {
  it('should accept a request with protocol, verb and params', () => {
    expect(parseRequest('{"protocol":1,"verb":"sync","params":{"dryRun":true}}')).to.deep.equal({
      protocol: 1,
      verb: 'sync',
      params: { dryRun: true },
    });
  });

  it('should accept a request without params', () => {
    expect(parseRequest('{"protocol":1,"verb":"version"}').params).to.equal(undefined);
  });

  const bad: [string, string, RegExp][] = [
    ['malformed JSON', '{"protocol":1,"verb":"version"', /not valid JSON/],
    ['empty input', '   ', /No request on stdin/],
    ['a JSON array', '[1,2]', /must be a JSON object/],
    ['a JSON string', '"version"', /must be a JSON object/],
    ['a missing protocol', '{"verb":"version"}', /Unsupported protocol version undefined/],
    ['another protocol version', '{"protocol":2,"verb":"version"}', /Unsupported protocol version 2/],
    ['a missing verb', '{"protocol":1}', /'verb' must be a non-empty string/],
    ['a numeric verb', '{"protocol":1,"verb":7}', /'verb' must be a non-empty string/],
    ['params as an array', '{"protocol":1,"verb":"version","params":[]}', /'params' must be an object/],
    ['an unknown top-level field', '{"protocol":1,"verb":"version","secret":"x"}', /Unknown request field\(s\): 'secret'/],
  ];
  for (const [what, text, message] of bad) {
    it(`should refuse ${what} with BAD_REQUEST`, () => {
      expect(() => parseRequest(text)).to.throw(BadRequestError, message);
    });
  }

  it('should not quote the request when it is not JSON: it may hold a secret not yet known', () => {
    for (const text of ['{"protocol":1,"verb":"connect","params":{"secret":sk_live_0123456789}}', '{"params":{"secret":"sk_live_0123456789"} x']) {
      expect(() => parseRequest(text)).to.throw(BadRequestError, /^Request is not valid JSON( at position \d+ \(line 1 column \d+\))?\.$/);
    }
  });

  it('should refuse a request over the size limit before parsing it', () => {
    const big = `{"protocol":1,"verb":"version","params":{"x":"${'a'.repeat(MAX_REQUEST_BYTES)}"}}`;
    expect(() => parseRequest(big)).to.throw(BadRequestError, /larger than/);
  });
});
