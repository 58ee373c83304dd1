import { expect } from 'chai';
import { requireFlagValues } from '../../../src/cli/flag-values.js';
import { BadRequestError } from '../../../src/protocol/errors.js';

describe('requireFlagValues', () => {
  const check = (args: string[]) => () => requireFlagValues(args, ['config-dir', 'output']);

  it('should accept flags with values, in both forms, and flags not given', () => {
    for (const args of [['--config-dir', '/d', '--verbose'], ['--config-dir=/d'], ['--config-dir=--odd'], ['status'], ['--output', 'json']]) {
      expect(check(args)).to.not.throw();
    }
  });

  it('should refuse a flag at the end, an empty value, and a flag for a value', () => {
    expect(check(['--json', '--config-dir'])).to.throw(BadRequestError, /--config-dir needs a value, got nothing/);
    expect(check(['--config-dir='])).to.throw(BadRequestError, /--config-dir needs a value, got nothing/);
    expect(check(['--config-dir', ''])).to.throw(BadRequestError, /got nothing/);
    expect(check(['--config-dir', '--verbose'])).to.throw(BadRequestError, /got '--verbose', which is a flag/);
    expect(check(['--configDir', '--verbose'])).to.throw(BadRequestError, /--config-dir needs a value/);
    expect(check(['version', '--output'])).to.throw(BadRequestError, /--output needs a value/);
  });

  it('should name the flag in details.param', () => {
    try {
      check(['--output'])();
    } catch (error) {
      expect((error as BadRequestError).details).to.deep.equal({ param: 'output' });
      return;
    }
    expect.fail('expected a BadRequestError');
  });

  it('should leave arguments after -- alone', () => {
    expect(check(['--', '--config-dir'])).to.not.throw();
  });
});
