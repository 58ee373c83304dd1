import { Writable } from 'node:stream';
import { expect } from 'chai';
import { GuardedOutput } from '../../../src/cli/guarded-output.js';

/** A stream whose writes fail with `code`, as a pipe whose reader has gone does. */
function brokenPipe(code: string): Writable & { attempts: number } {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      stream.attempts++;
      callback(Object.assign(new Error(`write ${code}`), { code }));
    },
  }) as Writable & { attempts: number };
  stream.attempts = 0;
  return stream;
}

describe('GuardedOutput', () => {
  it('should pass writes through while the stream is open', () => {
    const chunks: string[] = [];
    const output = new GuardedOutput(new Writable({ write: (chunk, _e, cb) => (chunks.push(String(chunk)), cb()) }), 'stdout');
    output.write('a\n');
    expect(chunks).to.deep.equal(['a\n']);
    expect(output.closed).to.equal(false);
  });

  it('should turn EPIPE into closed output: no throw, later writes dropped, listeners told once', async () => {
    const stream = brokenPipe('EPIPE');
    const output = new GuardedOutput(stream, 'stdout');
    const told: string[] = [];
    output.onClosed((name, code) => told.push(`${name} ${code}`));
    output.write('first\n');
    await new Promise((resolve) => setImmediate(resolve));
    output.write('second\n');
    output.write('third\n');
    expect(output.closed).to.equal(true);
    expect(stream.attempts).to.equal(1);
    expect(told).to.deep.equal(['stdout EPIPE']);
    output.onClosed((name, code) => told.push(`late ${name} ${code}`));
    expect(told).to.deep.equal(['stdout EPIPE', 'late stdout EPIPE']);
  });

  it('should treat a destroyed stream as closed (ERR_STREAM_DESTROYED)', () => {
    const stream = new Writable({ write: (_c, _e, cb) => cb() });
    stream.destroy();
    const output = new GuardedOutput(stream, 'stderr');
    const told: string[] = [];
    output.onClosed((name, code) => told.push(`${name} ${code}`));
    output.write('x');
    expect(told).to.deep.equal(['stderr ERR_STREAM_DESTROYED']);
  });
});
