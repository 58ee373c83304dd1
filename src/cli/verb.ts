import type { Logger } from '../log/logger.js';
import type { ConfigDirGuard } from '../platform/config-dir-guard.js';
import type { EventSink } from '../platform/event-sink.js';
import type { SecretStore } from '../platform/secret-store.js';
import type { ParamSpec, ParamValuesOf } from '../protocol/params.js';
import type { ProgressSink } from '../sync/progress.js';

/** What a verb may use: nothing else reaches it, so every outside thing can be swapped in tests. */
export interface VerbContext {
  configDir: string;
  logger: Logger;
  secrets: SecretStore;
  /** Run events for monitoring (the Event Log on Windows, the log file elsewhere). */
  events: EventSink;
  /** Sets the config directory's ACL (Windows); absent elsewhere. Only set-service-account asks for it. */
  configDirGuard?: ConfigDirGuard;
  progress: ProgressSink;
  env: NodeJS.ProcessEnv;
  /** Registers a secret value so that it is masked in outside text put into errors and logs (docs/security.md#secrets). */
  registerSecret(value: string | undefined): void;
}

/** One verb of the protocol: its parameters, its work, and its human rendering. */
export interface Verb<R = unknown, Specs extends readonly ParamSpec[] = readonly ParamSpec[]> {
  name: string;
  summary: string;
  /** Absent: the verb takes no params. */
  params?: Specs;
  /** Gets the params validated against `params` and typed from them. */
  run(context: VerbContext, params: ParamValuesOf<Specs>): Promise<R>;
  /** Text for people, used when the agent is run with flags and without --output json. */
  text(result: R): string;
}

/** A verb's param specs, absent or given. */
export function paramsOf(verb: Verb<unknown, readonly ParamSpec[]>): readonly ParamSpec[] {
  return verb.params ?? [];
}

/**
 * Helper that keeps each verb file's types precise (the result, and the params typed from their
 * specs) while the registry holds them uniformly.
 */
export function defineVerb<R, const Specs extends readonly ParamSpec[] = []>(verb: Verb<R, Specs>): Verb<R, Specs> {
  return verb;
}
