import { expect } from 'chai';
import { CIRCULAR } from '../../../src/log/map-strings.js';
import { Redactor } from '../../../src/log/redactor.js';

describe('Redactor', () => {
  const secret = `pw "q" 'x',;\\é€😀\t`;
  const redactor = new Redactor();
  redactor.register(secret);

  describe('#redact()', () => {
    it('should mask the secret raw, JSON-escaped, and URL-encoded', () => {
      const json = JSON.stringify({ a: secret });
      expect(redactor.redact(json)).to.equal('{"a":"***"}');
      expect(redactor.redact(`x=${encodeURIComponent(secret)}&y=1`)).to.equal('x=***&y=1');
      expect(redactor.redact(`[${secret}]`)).to.equal('[***]');
    });

    it('should mask the ASCII-only JSON escaping, form encoding, and lower-case hex', () => {
      const ascii = JSON.stringify(secret).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      expect(ascii).to.include('\\u00e9');
      expect(redactor.redact(`<${ascii}>`)).to.equal('<***>');
      const form = encodeURIComponent(secret).replace(/'/g, '%27').replace(/%20/g, '+');
      expect(redactor.redact(`<${form}>`)).to.equal('<***>');
      expect(redactor.redact(`<${form.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}>`)).to.equal('<***>');
    });

    it('should leave text without a secret as it is', () => {
      expect(redactor.redact('pw "q" nothing here')).to.equal('pw "q" nothing here');
    });
  });

  describe('#redactValue()', () => {
    it('should mask string leaves and keys at any depth', () => {
      let value: Record<string, unknown> = { leaf: `Bearer ${secret}`, [secret]: [secret, 1, true, null] };
      for (let i = 0; i < 20; i++) value = { level: value, n: i };
      let out = redactor.redactValue(value) as Record<string, unknown>;
      for (let i = 19; i >= 0; i--) {
        expect(out.n).to.equal(i);
        out = out.level as Record<string, unknown>;
      }
      expect(out).to.deep.equal({ leaf: 'Bearer ***', '***': ['***', 1, true, null] });
    });

    it('should survive a cycle, and give a value that serialises', () => {
      const value: Record<string, unknown> = { a: secret };
      value.self = value;
      const out = redactor.redactValue(value);
      expect(JSON.stringify(out)).to.equal(`{"a":"***","self":"${CIRCULAR}"}`);
    });

    it('should keep key order and not change the original', () => {
      const value = { b: secret, a: 1, c: [secret] };
      expect(Object.keys(redactor.redactValue(value) as object)).to.deep.equal(['b', 'a', 'c']);
      expect(value.b).to.equal(secret);
    });

    it('should walk 100000 levels without running out of stack', () => {
      let value: unknown = secret;
      for (let i = 0; i < 100_000; i++) value = [value];
      let out = redactor.redactValue(value);
      for (let i = 0; i < 100_000; i++) out = (out as unknown[])[0];
      expect(out).to.equal('***');
    });
  });
});
