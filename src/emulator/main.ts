#!/usr/bin/env node
/**
 * CLI of the Signature 365 API emulator:
 *   node dist/emulator/main.js --port P --tenant-file F [--state-file S | --in-memory] [--run-idle-timeout-seconds N]
 *                              [--host 127.0.0.1] [--tls-key K --tls-cert C] [--verbose]
 * `--in-memory` keeps the state in memory only (no file written per request: the benchmark's mode,
 * build/bench, so that writing the whole state after every batch does not hide the agent's speed).
 * Prints exactly `listening on <url>` on stdout once ready; diagnostics go to stderr. SIGTERM/SIGINT close
 * cleanly (state written) and exit 0.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Logger } from '../log/logger.js';
import { startEmulator, type EmulatorOptions } from './server.js';

const USAGE =
  'usage: node dist/emulator/main.js --port P --tenant-file F [--state-file S | --in-memory] [--run-idle-timeout-seconds N] ' +
  '[--host 127.0.0.1] [--tls-key K --tls-cert C] [--verbose]';

function stderrLogger(verbose: boolean): Logger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
  };
  return { debug: verbose ? line('debug') : () => {}, info: line('info'), warn: line('warn'), error: line('error') };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer`);
  return Number(value);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'tenant-file': { type: 'string' },
        'state-file': { type: 'string' },
        'in-memory': { type: 'boolean' },
        'run-idle-timeout-seconds': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const tenantFile = values['tenant-file'];
  if (typeof tenantFile !== 'string') fail('--tenant-file is required');
  const logger = stderrLogger(values.verbose === true);
  const options: EmulatorOptions = {
    port: integer(values.port as string | undefined, 'port', 0),
    host: (values.host as string | undefined) ?? '127.0.0.1',
    tenantFile,
    runIdleTimeoutSeconds: integer(values['run-idle-timeout-seconds'] as string | undefined, 'run-idle-timeout-seconds', 900),
    logger,
  };
  if (typeof values['state-file'] === 'string' && values['in-memory']) fail('--state-file and --in-memory exclude each other');
  if (typeof values['state-file'] === 'string') options.stateFile = values['state-file'];
  if (values['in-memory']) options.stateFile = null;
  const tlsKey = values['tls-key'];
  const tlsCert = values['tls-cert'];
  if ((typeof tlsKey === 'string') !== (typeof tlsCert === 'string')) fail('--tls-key and --tls-cert go together');
  if (typeof tlsKey === 'string' && typeof tlsCert === 'string') {
    options.tls = { key: readFileSync(tlsKey), cert: readFileSync(tlsCert) };
  }

  const emulator = await startEmulator(options);
  process.stdout.write(`listening on ${emulator.url}\n`);
  logger.info('emulator ready', { url: emulator.url, stateFile: emulator.stateFile });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('emulator stopping', { signal });
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('emulator: error while closing', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
