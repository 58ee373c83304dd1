/** The client against a server that echoes the Authorization header: nothing of the secret may come back out. */
import { inspect } from 'node:util';
import { expect } from 'chai';
import { HttpSignature365Client } from '../../../src/api/http-client.js';
import { AgentError } from '../../../src/protocol/errors.js';
import { ECHO_DEPTH, HOSTILE_SECRETS, leakForms, startEchoServer, type EchoMode, type EchoServer } from './echo-server.js';
import { captureLogger, rejection } from './helpers.js';

const MODES: EchoMode[] = [
  { status: 401, body: 'json' },
  { status: 500, body: 'json' },
  { status: 400, body: 'json' },
  { status: 502, body: 'text' },
];

function surface(error: AgentError): string {
  return [error.message, JSON.stringify(error.details ?? null), inspect(error, { depth: null, showHidden: true })].join('\n');
}

describe('api/http-client against a server echoing the Authorization header', function () {
  this.timeout(30_000);
  let server: EchoServer;
  before(async () => {
    server = await startEchoServer();
  });
  after(() => server.close());

  async function failedCall(secret: string, mode: EchoMode): Promise<{ error: AgentError; log: string }> {
    server.mode = mode;
    const log = captureLogger();
    const client = new HttpSignature365Client({ apiUrl: server.url, secret, logger: log.logger, env: {}, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    try {
      const error = (await rejection(client.whoami())) as AgentError;
      return { error, log: log.text() };
    } finally {
      client.close();
    }
  }

  for (const secret of HOSTILE_SECRETS) {
    it(`should leak no form of the secret ${JSON.stringify(secret)}`, async () => {
      for (const mode of MODES) {
        const { error, log } = await failedCall(secret, mode);
        expect(server.received.at(-1), 'the secret was sent').to.equal(`Bearer ${secret}`);
        expect(error).to.be.instanceOf(AgentError);
        const text = `${surface(error)}\n${log}`;
        for (const form of leakForms(secret)) expect(text, `${mode.status} ${mode.body}: ${JSON.stringify(form)}`).to.not.include(form);
      }
    });
  }

  it(`should scrub the echo ${ECHO_DEPTH} levels deep in the server's details, and keep it there`, async () => {
    const secret = HOSTILE_SECRETS.at(-1) as string;
    const { error } = await failedCall(secret, { status: 401, body: 'json' });
    let deep = (error.details as { serverDetails: { deep: Record<string, unknown> } }).serverDetails.deep;
    for (let i = 0; i < ECHO_DEPTH; i++) deep = deep.level as Record<string, unknown>;
    expect(deep).to.deep.equal({ echo: 'Bearer ***', urlEncoded: 'Bearer%20***', jsonEscaped: '"Bearer ***"' });
  });

  it('should keep the server message around the masked secret', async () => {
    const { error } = await failedCall('sk_dq"quote"_0001', { status: 401, body: 'json' });
    expect(error.details).to.deep.include({ status: 401, serverMessage: 'refused Authorization: Bearer *** (Bearer%20***)' });
  });
});
