import { DEFAULT_DEADLINE_MS } from '../api/http-client.js';
import { BadRequestError } from '../protocol/errors.js';

/**
 * The overall deadlines of the agent's waits that have no natural end (docs/protocol.md, "Deadlines"),
 * each with the environment variable that overrides its default.
 */
export const Deadlines = {
  /** Reading the JSON request (or a secret given as `-`) from stdin, from start to EOF. */
  stdin: { env: 'S365_STDIN_DEADLINE_MS', defaultMs: 30_000 },
  /** One attempt of one Signature 365 API call, from start to the last byte of the answer. */
  http: { env: 'S365_HTTP_DEADLINE_MS', defaultMs: DEFAULT_DEADLINE_MS },
} as const;
export type Deadline = keyof typeof Deadlines;

/** The deadline in ms: the environment's setting, else the default; a setting that is not a whole number 1..86400000 is a BadRequestError. */
export function deadlineMs(which: Deadline, env: NodeJS.ProcessEnv): number {
  const { env: name, defaultMs } = Deadlines[which];
  const text = env[name];
  if (text === undefined || text === '') return defaultMs;
  const value = /^\d{1,8}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= 1 && value <= 86_400_000)) {
    throw new BadRequestError(`${name} must be a whole number of milliseconds from 1 to 86400000.`, { param: name });
  }
  return value;
}
