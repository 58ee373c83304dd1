import { expect } from 'chai';
import { cutInput, quoteInput } from '../../../src/protocol/quote-input.js';

describe('quoteInput', () => {
  it('should quote a short string whole', () => {
    expect(quoteInput('force')).to.equal("'force'");
  });

  it('should cut a long string to the limit and say how much was left out', () => {
    expect(quoteInput('v'.repeat(100_000))).to.equal(`'${'v'.repeat(200)}...'(99800 more characters)`);
    expect(quoteInput('abcdef', 3)).to.equal("'abc...'(3 more characters)");
  });

  it('should escape control characters so input cannot forge a log line', () => {
    expect(quoteInput('a\nb')).to.equal("'a\\nb'");
  });

  it('should show other values as JSON, cut the same way', () => {
    expect(quoteInput(9)).to.equal('9');
    expect(quoteInput(undefined)).to.equal('undefined');
    expect(quoteInput([1, 2, 3, 4], 5)).to.equal('[1,2,...(4 more characters)');
  });
});

describe('cutInput', () => {
  it('should keep a short value and cut a long one', () => {
    expect(cutInput('abc')).to.equal('abc');
    expect(cutInput('abcdef', 2)).to.equal('ab...(4 more characters)');
  });
});
