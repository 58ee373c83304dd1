import { expect } from 'chai';
import { MIN_RATE_MS, ProgressEmitter } from '../../../src/cli/progress-emitter.js';
import type { ProgressEvent } from '../../../src/protocol/messages.js';

describe('ProgressEmitter', () => {
  function emitter(): { events: ProgressEvent[]; clock: { now: number }; progress: ProgressEmitter } {
    const events: ProgressEvent[] = [];
    const clock = { now: 10_000 };
    const progress = new ProgressEmitter('sync', (event) => events.push(event), () => clock.now);
    return { events, clock, progress };
  }

  describe('#report()', () => {
    it('should give no rate for a phase whose first event already counts a batch (no 20 in 5 microseconds)', () => {
      const { events, clock, progress } = emitter();
      progress.report('send-groups', 20, 20);
      clock.now += 0.005;
      progress.report('send-groups', 20, 20);
      progress.stop();
      expect(events).to.have.length(2);
      for (const event of events) expect(event).to.not.have.property('rate');
    });

    it('should give the rate of the items done since the phase began, once it ran MIN_RATE_MS', () => {
      const { events, clock, progress } = emitter();
      progress.report('read', 500);
      clock.now += MIN_RATE_MS - 400;
      progress.report('read', 900);
      clock.now += 400;
      progress.report('read', 1500);
      clock.now += MIN_RATE_MS;
      progress.report('read', 2500);
      progress.stop();
      expect(events.map((event) => event.rate)).to.deep.equal([undefined, undefined, 1000, 1000]);
    });

    it('should carry the users sent while reading on read events, and no sent field where none is given', () => {
      const { events, clock, progress } = emitter();
      progress.report('read', 500, undefined, 0);
      clock.now += 300;
      progress.report('read', 1000, undefined, 500);
      clock.now += 300;
      progress.report('send-users', 1000, 1000);
      progress.stop();
      expect(events.map((event) => [event.phase, event.done, event.sent])).to.deep.equal([
        ['read', 500, 0],
        ['read', 1000, 500],
        ['send-users', 1000, undefined],
      ]);
      expect(events[2]).to.not.have.property('sent');
    });

    it('should start measuring again when the phase changes', () => {
      const { events, clock, progress } = emitter();
      progress.report('read', 0);
      clock.now += 5000;
      progress.report('send-users', 300, 300);
      progress.stop();
      expect(events.at(-1)).to.deep.equal({ type: 'progress', verb: 'sync', phase: 'send-users', done: 300, total: 300 });
    });
  });
});
