import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { readLimited } from '../../../src/cli/stdin-reader.js';
import { BadRequestError } from '../../../src/protocol/errors.js';

async function rejection(promise: Promise<unknown>): Promise<BadRequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BadRequestError);
    return error as BadRequestError;
  }
  return expect.fail('expected a rejection');
}

describe('readLimited', () => {
  it('should return the whole input once it ends', async () => {
    const stream = new PassThrough();
    const read = readLimited(stream, { maxBytes: 100, deadlineMs: 1_000, what: 'Request' });
    stream.write('{"protocol":');
    stream.end('1}');
    expect(await read).to.equal('{"protocol":1}');
  });

  it('should refuse at the deadline when the input never ends, and destroy the stream', async () => {
    const stream = new PassThrough();
    const started = Date.now();
    stream.write('{');
    const error = await rejection(readLimited(stream, { maxBytes: 100, deadlineMs: 150, what: 'Request' }));
    expect(Date.now() - started).to.be.within(140, 1_000);
    expect(error.message).to.match(/Request did not arrive on stdin within 150 ms/);
    expect(error.details).to.deep.equal({ deadlineMs: 150 });
    expect(stream.destroyed).to.equal(true);
  });

  it('should refuse as soon as the limit is passed, without waiting for the end', async () => {
    const stream = new PassThrough();
    const read = readLimited(stream, { maxBytes: 10, deadlineMs: 10_000, what: 'Request' });
    stream.write('0123456789');
    stream.write('x');
    const error = await rejection(read);
    expect(error.message).to.match(/larger than 10 bytes/);
    expect(stream.destroyed).to.equal(true);
  });
});
