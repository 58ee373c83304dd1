/** The overall deadline of each API attempt, against a loopback server that trickles its answer. */
import { expect } from 'chai';
import { HttpSignature365Client, type HttpClientOptions } from '../../../src/api/http-client.js';
import { ApiUnreachableError } from '../../../src/protocol/errors.js';
import { SECRET } from './helpers.js';
import { startTrickler } from './trickle-server.js';

/** Calls whoami, which must fail; returns the error as an ApiUnreachableError and how long the call took. */
async function timedFailure(client: HttpSignature365Client): Promise<{ error: ApiUnreachableError; ms: number }> {
  const started = Date.now();
  try {
    await client.whoami();
  } catch (error) {
    expect(error).to.be.instanceOf(ApiUnreachableError);
    return { error: error as ApiUnreachableError, ms: Date.now() - started };
  } finally {
    client.close();
  }
  return expect.fail('the call succeeded: the trickling answer was waited for to its end');
}

describe('HttpSignature365Client', () => {
  describe('#whoami() against a server trickling one byte every 200 ms', function () {
    this.timeout(30_000);
    let server: Awaited<ReturnType<typeof startTrickler>>;
    beforeEach(async () => {
      server = await startTrickler(200);
    });
    afterEach(() => server.close());

    // The inactivity timeout (5 s) never trips: a byte comes every 200 ms. Only the deadline ends the wait.
    const options = (extra: Partial<HttpClientOptions>): HttpClientOptions =>
      ({ apiUrl: server.url, secret: SECRET, timeoutMs: 5_000, deadlineMs: 1_000, ...extra }) as HttpClientOptions;

    it('should fail at the deadline, not when the answer is complete, as a network timeout', async () => {
      const { error, ms } = await timedFailure(new HttpSignature365Client(options({ retry: { maxAttempts: 1 } })));
      expect(error.details).to.include({ code: 'ETIMEDOUT', attempts: 1 });
      expect(error.message).to.match(/1000 ms deadline/);
      expect(ms).to.be.within(1_000, 1_800);
    });

    it('should retry a missed deadline per the retry policy, each attempt ending at its deadline', async () => {
      const { error, ms } = await timedFailure(new HttpSignature365Client(options({ deadlineMs: 600, retry: { maxAttempts: 3 }, sleep: async () => {} })));
      expect(error.details).to.include({ code: 'ETIMEDOUT', attempts: 3 });
      expect(server.requests()).to.equal(3);
      expect(ms).to.be.within(1_800, 3_000);
    });
  });
});
