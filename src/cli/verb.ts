import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../platform/secret-store.js';
import type { ParamSpec, ParamValues } from '../protocol/params.js';
import type { ProgressSink } from '../sync/progress.js';

/** What a verb may use: nothing else reaches it, so every outside thing can be swapped in tests. */
export interface VerbContext {
  configDir: string;
  logger: Logger;
  secrets: SecretStore;
  progress: ProgressSink;
  env: NodeJS.ProcessEnv;
  /** Registers a secret value so that it is masked in every log line and output. */
  registerSecret(value: string | undefined): void;
}

/** One verb of the protocol: its parameters, its work, and its human rendering. */
export interface Verb<R = unknown> {
  name: string;
  summary: string;
  params: readonly ParamSpec[];
  run(context: VerbContext, params: ParamValues): Promise<R>;
  /** Text for people, used when the agent is run with flags and without --output json. */
  text(result: R): string;
}

/** Helper that keeps each verb file's types precise while the registry holds them uniformly. */
export function defineVerb<R>(verb: Verb<R>): Verb<R> {
  return verb;
}
