import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigFiles } from '../config/config-dir.js';
import type { LogLevel } from '../log/logger.js';
import { outsideText } from '../log/outside.js';
import { redactor } from '../log/redactor.js';
import { StreamLogger } from '../log/stream-logger.js';
import type { ConfigDirGuard } from '../platform/config-dir-guard.js';
import type { SecretStore } from '../platform/secret-store.js';
import { VerifiedSecretStore } from '../platform/verified-secret-store.js';
import { useBridgeLogger } from '../platform/windows/edge-bridge.js';
import { BadRequestError, toAgentError } from '../protocol/errors.js';
import { verbError } from '../fs/storage-error.js';
import { PROTOCOL_VERSION, type FailureResult } from '../protocol/messages.js';
import { validateParams } from '../protocol/params.js';
import { cutInput, quoteInput } from '../protocol/quote-input.js';
import { checkConfigDir } from './config-dir-check.js';
import type { ClosedListener } from './guarded-output.js';
import { ProgressEmitter } from './progress-emitter.js';
import { createEventSink } from './services.js';
import { successResult, type Renderer } from './render.js';
import { paramsOf, type VerbContext } from './verb.js';
import { findVerb, VERBS } from './verbs/index.js';

export interface Invocation {
  verb: string;
  params: unknown;
  configDir: string;
  renderer: Renderer;
  stderrLevel: LogLevel;
  /** Where the verb keeps its secrets. */
  secrets: SecretStore;
  /**
   * Secures the config directory when this verb is the one creating it, and checks it before the
   * verb's first secret is used (Windows: its ACL); none off Windows.
   */
  configDirGuard?: ConfigDirGuard;
  /** The environment the verb reads (proxy variables and the like). */
  env: NodeJS.ProcessEnv;
  /** Where stderr log lines go; default process.stderr. */
  stderr?: (text: string) => void;
  /** Registers a listener told when stdout or stderr is closed under the agent; the verb goes on without them. */
  onOutputClosed?: (listener: ClosedListener) => void;
}

/** Runs one verb end to end and renders its result; returns the process exit code. */
export async function dispatch(invocation: Invocation): Promise<number> {
  const { renderer } = invocation;
  const verb = findVerb(invocation.verb);
  // Every verb creates the config directory (its logs folder, below): the one that does secures it,
  // as far as this machine allows. A verb that writes no secret (version, status, a dry run) still
  // runs where the ACL cannot be set (a Windows without the .NET Framework the bridge needs): the
  // ACL is set again, and must succeed, before every write of secrets.json (docs/windows.md).
  const creating = !existsSync(invocation.configDir);
  const logger = new StreamLogger({
    stderrLevel: invocation.stderrLevel,
    fileLevel: 'info',
    ...(ensureLogDir(invocation.configDir) ? { file: path.join(invocation.configDir, ConfigFiles.logDir, ConfigFiles.logFile) } : {}),
    ...(invocation.stderr ? { write: invocation.stderr } : {}),
  });
  invocation.onOutputClosed?.((stream, code) =>
    logger.warn(`Output closed: ${stream} is gone (${code}); its output is dropped and the verb goes on to its end`, { verb: cutInput(invocation.verb), stream, code }),
  );
  useBridgeLogger(logger);
  const progress = new ProgressEmitter(invocation.verb, (event) => renderer.progress(event));
  try {
    if (creating) {
      await invocation.configDirGuard?.secure(invocation.configDir).catch((error: unknown) => {
        // Info, not a warning on stderr: nothing is at risk until a secret is written, and that write sets the ACL or fails.
        logger.info('The new configuration directory could not be restricted to SYSTEM and Administrators; it will be before a secret is written into it', {
          configDir: invocation.configDir,
          reason: toAgentError(error).message,
        });
      });
    }
    if (!verb) {
      throw new BadRequestError(`Unknown verb ${quoteInput(invocation.verb)}. Known verbs: ${VERBS.map((v) => v.name).join(', ')}.`);
    }
    const specs = paramsOf(verb);
    const params = validateParams(verb.name, specs, invocation.params);
    for (const spec of specs) {
      const value = params[spec.name];
      if (spec.secret && typeof value === 'string') redactor.register(value);
    }
    const events = createEventSink(logger, invocation.configDir, invocation.env);
    const guard = invocation.configDirGuard;
    const context: VerbContext = {
      configDir: invocation.configDir,
      logger,
      // The folder's ACL is checked before the first secret is used, not per verb: version and status start no bridge.
      secrets: guard ? new VerifiedSecretStore(invocation.secrets, () => checkConfigDir(guard, invocation.configDir, logger, events)) : invocation.secrets,
      events,
      ...(guard ? { configDirGuard: guard } : {}),
      progress,
      env: invocation.env,
      registerSecret: (value) => redactor.register(value),
    };
    logger.info('Verb started', { verb: verb.name, configDir: invocation.configDir });
    const data = await verb.run(context, params);
    progress.stop();
    logger.info('Verb succeeded', { verb: verb.name });
    renderer.result(successResult(verb.name, data), verb);
    return 0;
  } catch (error) {
    progress.stop();
    const agentError = verbError(error, invocation.configDir);
    const level = agentError.code === 'INTERNAL' ? 'error' : 'info';
    logger[level]('Verb failed', {
      verb: cutInput(invocation.verb),
      code: agentError.code,
      message: agentError.message,
      ...(agentError.code === 'INTERNAL' && agentError.cause instanceof Error ? { stack: outsideText(agentError.cause.stack ?? '') } : {}),
    });
    renderer.result(failureResult(verb ? verb.name : null, agentError), verb);
    return agentError.exitCode;
  }
}

export function failureResult(verb: string | null, error: unknown): FailureResult {
  const agentError = toAgentError(error);
  return {
    type: 'result',
    ok: false,
    verb,
    protocol: PROTOCOL_VERSION,
    exitCode: agentError.exitCode,
    error: {
      code: agentError.code,
      message: agentError.message,
      ...(agentError.details !== undefined ? { details: agentError.details } : {}),
    },
  };
}

function ensureLogDir(configDir: string): boolean {
  try {
    mkdirSync(path.join(configDir, ConfigFiles.logDir), { recursive: true, mode: 0o750 });
    return true;
  } catch {
    return false; // an unwritable config dir surfaces in the verb itself; logging goes to stderr only
  }
}
