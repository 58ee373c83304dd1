import { expect } from 'chai';
import { BadRequestError } from '../../../src/protocol/errors.js';
import { validateParams, type ParamSpec } from '../../../src/protocol/params.js';

const specs: ParamSpec[] = [
  { name: 'secret', type: 'string', required: true, secret: true, description: '' },
  { name: 'mode', type: 'string', choices: ['full', 'delta'], description: '' },
  { name: 'dryRun', type: 'boolean', description: '' },
  { name: 'limit', type: 'number', description: '' },
  { name: 'servers', type: 'string[]', description: '' },
];

describe('validateParams', () => {
  it('should return the known values and drop nulls', () => {
    expect(validateParams('v', specs, { secret: 's3cret-value', mode: null, dryRun: false, limit: 3, servers: ['a'] }))
      .to.deep.equal({ secret: 's3cret-value', dryRun: false, limit: 3, servers: ['a'] });
  });

  it('should treat absent params as an empty object', () => {
    expect(validateParams('v', [], undefined)).to.deep.equal({});
  });

  it('should name an unknown parameter and list the known ones', () => {
    expect(() => validateParams('v', specs, { secret: 'x', bogus: 1 })).to.throw(BadRequestError, /Unknown parameter 'bogus'.*Known: secret, mode/);
  });

  it('should require required parameters', () => {
    expect(() => validateParams('connect', specs, {})).to.throw(BadRequestError, /'secret' is required for verb 'connect'/);
  });

  it('should refuse wrong types, naming what was expected', () => {
    expect(() => validateParams('v', specs, { secret: 1 })).to.throw(/'secret' must be a string, got number/);
    expect(() => validateParams('v', specs, { secret: 'x', dryRun: 'yes' })).to.throw(/'dryRun' must be a boolean, got string/);
    expect(() => validateParams('v', specs, { secret: 'x', limit: Number.NaN })).to.throw(/'limit' must be a number/);
    expect(() => validateParams('v', specs, { secret: 'x', servers: ['a', 2] })).to.throw(/'servers' must be an array of strings/);
    expect(() => validateParams('v', specs, { secret: 'x', mode: 'partial' })).to.throw(/must be one of full, delta, got 'partial'/);
  });

  it('should refuse a fraction where the spec asks for a whole number', () => {
    const whole: ParamSpec[] = [{ name: 'maxRemovals', type: 'number', integer: true, min: 0, description: '' }];
    expect(validateParams('v', whole, { maxRemovals: 3 })).to.deep.equal({ maxRemovals: 3 });
    expect(() => validateParams('v', whole, { maxRemovals: 1.5 })).to.throw(BadRequestError, /'maxRemovals' must be a whole number, 0 or more, got 1.5/);
  });

  it('should refuse numbers outside min..max, naming the range', () => {
    const ranged: ParamSpec[] = [
      { name: 'history', type: 'number', integer: true, min: 1, max: 100, description: '' },
      { name: 'percent', type: 'number', min: 0, max: 100, description: '' },
    ];
    expect(validateParams('v', ranged, { history: 1, percent: 12.5 })).to.deep.equal({ history: 1, percent: 12.5 });
    expect(() => validateParams('v', ranged, { history: 101 })).to.throw(BadRequestError, /'history' must be a whole number from 1 to 100, got 101/);
    expect(() => validateParams('v', ranged, { percent: -1 })).to.throw(BadRequestError, /'percent' must be a number from 0 to 100, got -1/);
    try {
      validateParams('v', ranged, { history: 0 });
      expect.fail('history 0 was accepted');
    } catch (error) {
      expect((error as BadRequestError).details).to.deep.equal({ param: 'history' });
    }
  });

  it('should refuse an empty list or a blank string where the spec asks for a value', () => {
    const nonEmpty: ParamSpec[] = [
      { name: 'groups', type: 'string[]', nonEmpty: true, description: '' },
      { name: 'identity', type: 'string', nonEmpty: true, description: '' },
    ];
    expect(() => validateParams('v', nonEmpty, { groups: [] })).to.throw(BadRequestError, /'groups' must not be empty/);
    expect(() => validateParams('v', nonEmpty, { identity: '  ' })).to.throw(BadRequestError, /'identity' must not be empty/);
  });

  it('should refuse params that are not an object', () => {
    expect(() => validateParams('v', specs, 'secret')).to.throw(BadRequestError, /must be an object/);
  });

  it('should never echo a secret value in a choice error', () => {
    const secretChoice: ParamSpec[] = [{ name: 'token', type: 'string', secret: true, choices: ['a'], description: '' }];
    expect(() => validateParams('v', secretChoice, { token: 'TOPSECRET' })).to.throw(BadRequestError).that.satisfies(
      (error: Error) => !error.message.includes('TOPSECRET'),
    );
  });
});

describe('validateParams: text that would not reach the server as given', () => {
  const textSpecs: ParamSpec[] = [
    { name: 'secret', type: 'string', secret: true, description: '' },
    { name: 'name', type: 'string', description: '' },
    { name: 'names', type: 'string[]', description: '' },
  ];

  for (const bad of ['abc\ndef', 'abc\rdef', 'abc\u0000def', 'abc\uD800def', 'abc\uDC00', 'abc\uFFFDdef']) {
    it(`should refuse the secret ${JSON.stringify(bad)}, naming the param and not the value`, () => {
      expect(() => validateParams('v', textSpecs, { secret: bad }))
        .to.throw(BadRequestError, /^Parameter 'secret' must/)
        .with.property('message').that.does.not.contain('abc');
    });
  }

  it('should accept a secret with a tab and a paired surrogate (an emoji)', () => {
    expect(validateParams('v', textSpecs, { secret: 'a\tb\uD83D\uDE00c' })).to.deep.equal({ secret: 'a\tb\uD83D\uDE00c' });
  });

  it('should refuse control characters in other strings and in list items', () => {
    expect(() => validateParams('v', textSpecs, { name: 'Sales\u0000Team' })).to.throw(BadRequestError, /'name' must not contain control characters/);
    expect(() => validateParams('v', textSpecs, { names: ['ok', 'bad\u007F'] })).to.throw(BadRequestError, /'names' must not contain control characters/);
    expect(() => validateParams('v', textSpecs, { names: ['\uD800'] })).to.throw(BadRequestError, /'names' must be valid Unicode/);
    expect(validateParams('v', textSpecs, { name: 'Ventes é 日本', names: ['CN=A\\, B,DC=x'] })).to.deep.equal({ name: 'Ventes é 日本', names: ['CN=A\\, B,DC=x'] });
  });
});
