import yargs, { type Argv, type Options } from 'yargs';
import { resolveConfigDir } from '../config/config-dir.js';
import type { LogLevel } from '../log/logger.js';
import { BadRequestError } from '../protocol/errors.js';
import type { ParamSpec, ParamValues } from '../protocol/params.js';
import { cutInput } from '../protocol/quote-input.js';
import { MAX_REQUEST_BYTES, parseRequest } from '../protocol/request.js';
import { deadlineMs } from './deadlines.js';
import { dispatch, failureResult } from './dispatch.js';
import { createConfigDirGuard, createSecretStore } from './services.js';
import { requireFlagValues } from './flag-values.js';
import { GuardedOutput, type ClosedListener } from './guarded-output.js';
import { NdjsonRenderer, TextRenderer, type Renderer } from './render.js';
import { readLimited } from './stdin-reader.js';
import { paramsOf } from './verb.js';
import { VERBS } from './verbs/index.js';

export interface CliIo {
  /** All of stdin, within the request size limit and the stdin deadline; `what` names it in errors. */
  readStdin(what: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Tells `listener` when stdout or stderr is closed under the agent (their writes are then dropped). */
  onOutputClosed(listener: ClosedListener): void;
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

/** String-valued global flags: each must be given a value (src/cli/flag-values.ts). */
const GLOBAL_STRING_FLAGS = ['config-dir', 'output'] as const;

function processIo(): CliIo {
  const stdout = new GuardedOutput(process.stdout, 'stdout');
  const stderr = new GuardedOutput(process.stderr, 'stderr');
  return {
    readStdin: async (what) => readLimited(process.stdin, { maxBytes: MAX_REQUEST_BYTES, deadlineMs: deadlineMs('stdin', process.env), what }),
    stdout: (text) => stdout.write(text),
    stderr: (text) => stderr.write(text),
    onOutputClosed: (listener) => {
      stdout.onClosed(listener);
      stderr.onClosed(listener);
    },
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
  };
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function yargsOption(spec: ParamSpec): Options {
  const type = spec.type === 'string[]' ? 'array' : spec.type;
  return {
    type: type === 'array' ? 'string' : type,
    ...(type === 'array' ? { array: true } : {}),
    // nargs 1 makes '-' (read a secret from stdin) a value rather than a positional argument.
    ...(type === 'string' ? { nargs: 1 } : {}),
    describe: spec.secret ? `${spec.description} Use '-' to read it from stdin.` : spec.description,
    ...(spec.type === 'string' && spec.choices ? { choices: [...spec.choices] } : {}),
  };
}

/** Picks a verb's params from parsed flags; a secret given as '-' is read from stdin. */
async function paramsFromFlags(specs: readonly ParamSpec[], argv: Record<string, unknown>, io: CliIo): Promise<ParamValues> {
  const params: ParamValues = {};
  for (const spec of specs) {
    let value = argv[spec.name];
    if (value === undefined) continue;
    if (spec.secret && value === '-') value = (await io.readStdin(`Parameter '${spec.name}'`)).replace(/\r?\n$/, '');
    params[spec.name] = value as ParamValues[string];
  }
  return params;
}

function logLevel(argv: { verbose?: unknown }, io: CliIo): LogLevel {
  if (argv.verbose) return 'debug';
  const fromEnv = io.env.S365_LOG_LEVEL;
  return fromEnv === 'debug' || fromEnv === 'info' || fromEnv === 'warn' || fromEnv === 'error' ? fromEnv : 'warn';
}

/** Runs the agent with these arguments; resolves to the exit code. */
export async function main(args: string[], io: CliIo = processIo()): Promise<number> {
  // JSON mode is decided before yargs so that a bad request is still answered in NDJSON.
  if (args.includes('--json')) return runJson(args, io);
  const renderFailure = (error: unknown): number => {
    const result = failureResult(null, error);
    rendererFor(args.includes('json') ? 'json' : 'text', io).result(result, undefined);
    return result.exitCode;
  };
  try {
    requireFlagValues(args, GLOBAL_STRING_FLAGS);
  } catch (error) {
    return renderFailure(error);
  }

  let chosen: { verb: (typeof VERBS)[number]; argv: Record<string, unknown> } | undefined;
  let failure: Error | undefined;
  const cli: Argv = yargs(args)
    .scriptName('s365-agent')
    .usage('$0 <verb> [flags]\n$0 --json < request.json')
    .option('config-dir', { type: 'string', describe: 'Config and state directory (default: $S365_CONFIG_DIR, else the platform default).' })
    .option('output', { choices: ['text', 'json'], default: 'text', describe: 'text for people, json for NDJSON as in --json mode.' })
    .option('verbose', { type: 'boolean', describe: 'Log debug lines to stderr.' })
    .option('json', { type: 'boolean', describe: 'Read one JSON request from stdin and answer in NDJSON (see docs/protocol.md).' })
    .strict()
    .demandCommand(1, 'Name a verb, or use --json.')
    .recommendCommands()
    .exitProcess(false)
    .fail((message, error) => {
      failure = error ?? new BadRequestError(cutInput(message, 500)); // yargs quotes the arguments in full
    })
    .version(false)
    .help();
  for (const verb of VERBS) {
    cli.command(
      verb.name,
      verb.summary,
      (y) => {
        for (const spec of paramsOf(verb)) y.option(kebab(spec.name), yargsOption(spec));
        return y;
      },
      (argv) => {
        // Only remembered here: yargs may still report a usage error after calling the handler.
        chosen = { verb, argv };
      },
    );
  }
  try {
    await cli.parseAsync();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure) return renderFailure(failure instanceof BadRequestError ? failure : new BadRequestError(cutInput(failure.message, 500)));
  if (!chosen) return 0; // --help
  const { verb, argv } = chosen;
  let params: ParamValues;
  try {
    params = await paramsFromFlags(paramsOf(verb), argv, io);
  } catch (error) {
    return renderFailure(error);
  }
  const configDir = resolveConfigDir(argv['config-dir'] as string | undefined, io.env);
  return dispatch({
    verb: verb.name,
    params,
    configDir,
    renderer: rendererFor(argv.output === 'json' ? 'json' : 'text', io),
    stderrLevel: logLevel(argv as { verbose?: unknown }, io),
    secrets: createSecretStore(configDir, io.env),
    configDirGuard: createConfigDirGuard(configDir, io.env),
    env: io.env,
    stderr: io.stderr,
    onOutputClosed: io.onOutputClosed,
  });
}

function rendererFor(kind: 'json' | 'text', io: CliIo): Renderer {
  return kind === 'json' ? new NdjsonRenderer(io.stdout) : new TextRenderer(io.stdout, io.stderr, io.stderrIsTty);
}

async function runJson(args: string[], io: CliIo): Promise<number> {
  const renderer: Renderer = new NdjsonRenderer(io.stdout);
  const configFlag = flagValue(args, '--config-dir');
  let request;
  try {
    requireFlagValues(args, ['config-dir']);
    const unexpected = args.filter((arg, index) => !['--json', '--config-dir', '--verbose'].includes(arg) && args[index - 1] !== '--config-dir' && !arg.startsWith('--config-dir='));
    if (unexpected.length > 0) {
      // Flag names only: a value given here may be a secret, and none is registered yet.
      const named = unexpected.map((arg) => (arg.startsWith('-') ? arg.split('=')[0] : '<value>'));
      throw new BadRequestError(`With --json, give the verb and params in the request on stdin, not as arguments (${cutInput(named.join(' '))}).`);
    }
    request = parseRequest(await io.readStdin('Request'));
  } catch (error) {
    const result = failureResult(null, error);
    renderer.result(result, undefined);
    return result.exitCode;
  }
  const configDir = resolveConfigDir(configFlag, io.env);
  return dispatch({
    verb: request.verb,
    params: request.params,
    configDir,
    renderer,
    stderrLevel: logLevel({ verbose: args.includes('--verbose') }, io),
    secrets: createSecretStore(configDir, io.env),
    configDirGuard: createConfigDirGuard(configDir, io.env),
    env: io.env,
    stderr: io.stderr,
    onOutputClosed: io.onOutputClosed,
  });
}

function flagValue(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
