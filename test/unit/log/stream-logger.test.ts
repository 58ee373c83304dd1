import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StreamLogger } from '../../../src/log/stream-logger.js';

describe('StreamLogger', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 's365-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("should keep the line's own message when a field has the same name, and the field beside it", () => {
    const file = path.join(dir, 'agent.log');
    const logger = new StreamLogger({ stderrLevel: 'error', fileLevel: 'info', file, write: () => undefined });
    logger.info('Verb failed', { verb: 'sync', message: 'No domain controller could be reached', time: 'x', code: 'DIRECTORY_UNREACHABLE' });
    const line = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
    expect(line).to.deep.include({
      message: 'Verb failed',
      level: 'info',
      verb: 'sync',
      code: 'DIRECTORY_UNREACHABLE',
      'field.message': 'No domain controller could be reached',
      'field.time': 'x',
    });
    expect(line.time).to.match(/^\d{4}-\d\d-\d\dT/);
  });
});
