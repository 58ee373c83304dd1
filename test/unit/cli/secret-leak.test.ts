/**
 * The built agent (a child process), `connect`ed to a server that echoes the Authorization header
 * back in its bodies and headers: no form of the secret may reach stdout, stderr or the log file.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runAgentRaw } from '../../integration/helpers/agent.js';
import { HOSTILE_SECRETS, leakForms, startEchoServer, type EchoMode, type EchoServer } from '../api/echo-server.js';

describe('cli: secrets echoed by the API server', function () {
  this.timeout(120_000);
  let server: EchoServer;
  before(async () => {
    server = await startEchoServer();
  });
  after(() => server.close());

  async function connect(secret: string, mode: EchoMode) {
    server.mode = mode;
    const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-leak-'));
    const request = JSON.stringify({ protocol: 1, verb: 'connect', params: { secret, apiUrl: server.url } });
    const run = await runAgentRaw(['--json', '--verbose', '--config-dir', configDir], request);
    const log = await readFile(path.join(configDir, 'logs', 'agent.log'), 'utf8');
    return { ...run, log };
  }

  const modes: EchoMode[] = [
    { status: 401, body: 'json' },
    { status: 500, body: 'json' },
    { status: 502, body: 'text' },
  ];
  for (const mode of modes) {
    it(`should show no form of any hostile secret on HTTP ${mode.status} (${mode.body} body)`, async () => {
      for (const secret of HOSTILE_SECRETS) {
        const run = await connect(secret, mode);
        expect(server.received.at(-1), 'the secret was sent').to.equal(`Bearer ${secret}`);
        const lines = run.stdout.split('\n').filter((line) => line !== '');
        const result = JSON.parse(lines.at(-1) as string) as { ok: boolean; error: { message: string } };
        expect(result.ok).to.equal(false);
        expect(result.error.message, 'the server message is kept').to.include('***');
        expect(run.log, 'the server message is logged').to.include('***');
        for (const [where, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr, log: run.log })) {
          for (const form of leakForms(secret)) expect(text, `${where}, ${JSON.stringify(form)}`).to.not.include(form);
        }
      }
    });
  }
});
