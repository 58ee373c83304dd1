import type { ErrorCode } from './codes.js';

/** Version of the JSON verb protocol. Bumped only on incompatible change; requests must name it. */
export const PROTOCOL_VERSION = 1;

/** One request read from stdin in `--json` mode. */
export interface Request {
  protocol: number;
  verb: string;
  params?: Record<string, unknown>;
}

/** Emitted during long work; at least once a second while a phase runs. */
export interface ProgressEvent {
  type: 'progress';
  verb: string;
  phase: string;
  done: number;
  /** Absent when not known in advance. */
  total?: number;
  /** Items per second over the phase so far. */
  rate?: number;
  /** `read` of a full run: users Signature 365 confirmed while the read goes on. */
  sent?: number;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export interface SuccessResult<T = unknown> {
  type: 'result';
  ok: true;
  verb: string;
  protocol: number;
  data: T;
}

export interface FailureResult {
  type: 'result';
  ok: false;
  verb: string | null;
  protocol: number;
  exitCode: number;
  error: ErrorBody;
}

export type Result<T = unknown> = SuccessResult<T> | FailureResult;
export type OutputLine = ProgressEvent | Result;
