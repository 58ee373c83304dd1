import { expect } from 'chai';
import { jsonNestingDepth } from '../../../src/protocol/json-nesting.js';
import { BadRequestError } from '../../../src/protocol/errors.js';
import { parseRequest } from '../../../src/protocol/request.js';

describe('jsonNestingDepth', () => {
  it('should count nested arrays and objects', () => {
    expect(jsonNestingDepth('1')).to.equal(0);
    expect(jsonNestingDepth('{"a":[{"b":[]}]}')).to.equal(4);
  });

  it('should not count brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingDepth('{"a":"[[[{{\\"[[["}')).to.equal(1);
  });

  it('should stop counting past the limit, on any depth, without recursion', () => {
    expect(jsonNestingDepth('['.repeat(1_000_000), 64)).to.equal(65);
  });
});

describe('parseRequest nesting limit', () => {
  it('should refuse nesting deeper than 64 with BAD_REQUEST before parsing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseRequest(`{"protocol":${deep},"verb":"version"}`)).to.throw(BadRequestError, /nested deeper than 64/);
  });

  it('should accept 64 levels', () => {
    const deep = '['.repeat(63) + ']'.repeat(63); // inside the request object: 64 levels
    expect(parseRequest(`{"protocol":1,"verb":"set-scope","params":{"groups":${deep.slice(1, -1)}}}`).verb).to.equal('set-scope');
  });
});
