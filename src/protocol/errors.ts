import { ErrorCodes, type ErrorCode, type ExitCode } from './codes.js';
import type {
  ApiErrorDetails,
  BadRequestDetails,
  ConfigCorruptDetails,
  ConfigUnwritableDetails,
  DirectoryUnreachableDetails,
  LockedDetails,
  RejectionsDetails,
} from './error-details.js';
import { outsideMessage } from '../log/outside.js';

/**
 * Base of every error the agent reports. Carries the protocol's stable `code`; the exit code follows from it,
 * and `details` (the result's `error.details`) has the shape its subclass names.
 * Messages must never contain a secret: callers build them from non-secret facts, and pass any outside
 * text (a server's or a library's message) through src/log/outside.ts first (docs/security.md#secrets).
 */
export abstract class AgentError<Details extends object = object> extends Error {
  abstract readonly code: ErrorCode;
  readonly details: Details | undefined;

  constructor(message: string, details?: Details, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }

  get exitCode(): ExitCode {
    return ErrorCodes[this.code];
  }
}

/** Malformed JSON, unknown verb, bad or missing params, unknown group: the caller must change the request. */
export class BadRequestError extends AgentError<BadRequestDetails> {
  readonly code = 'BAD_REQUEST' as const;
}

/** A verb needs configuration (secret, directory) that has not been given yet. */
export class NotConfiguredError extends AgentError {
  readonly code = 'NOT_CONFIGURED' as const;
}

/**
 * A file or folder of the config directory is damaged or of the wrong kind (secrets.json, state.db,
 * config.json, sync.lock, spool/, plans/). The message says how to repair it; details name the file.
 */
export class ConfigCorruptError extends AgentError<ConfigCorruptDetails> {
  readonly code = 'CONFIG_CORRUPT' as const;

  constructor(file: string, message: string, options?: { cause?: unknown; details?: Omit<ConfigCorruptDetails, 'file'> }) {
    super(message, { file, ...options?.details }, options?.cause !== undefined ? { cause: options.cause } : undefined);
  }
}

/**
 * A write to the config directory failed for a reason of the machine, not of the agent: the volume
 * is full or read-only, or the account may not write there. Nothing half-written is left (every
 * file is replaced whole, the state is transactional); the message says what to do.
 */
export class ConfigUnwritableError extends AgentError<ConfigUnwritableDetails> {
  readonly code = 'CONFIG_UNWRITABLE' as const;
}

/** Signature 365 refused the integration secret (HTTP 401). */
export class AuthRefusedError extends AgentError<ApiErrorDetails> {
  readonly code = 'AUTH_REFUSED' as const;
}

/** The secret is valid but the AD integration is disabled in the portal (HTTP 403). */
export class IntegrationDisabledError extends AgentError<ApiErrorDetails> {
  readonly code = 'INTEGRATION_DISABLED' as const;
}

/** An LDAP operation failed (bad credentials, bad base DN, search error). */
export class DirectoryError extends AgentError {
  readonly code = 'DIRECTORY_ERROR' as const;
}

/** No domain controller could be reached. */
export class DirectoryUnreachableError extends AgentError<DirectoryUnreachableDetails> {
  readonly code = 'DIRECTORY_UNREACHABLE' as const;
}

/** The Signature 365 API answered with an error that retries did not cure. */
export class ApiError extends AgentError<ApiErrorDetails> {
  readonly code = 'API_ERROR' as const;

  /** The HTTP status, when the server answered. */
  get status(): number | undefined {
    return this.details?.status;
  }
}

/** Signature 365 rejected more of the users sent than the run allows (`maxRejectedPercent`). */
export class TooManyRejectionsError extends AgentError<RejectionsDetails> {
  readonly code = 'API_ERROR' as const;
}

/** The Signature 365 API could not be reached (DNS, refused, timeout, TLS) after retries. */
export class ApiUnreachableError extends AgentError<ApiErrorDetails> {
  readonly code = 'API_UNREACHABLE' as const;
}

/** A safety guard (deletion guard) stopped the run before anything was sent. */
export class GuardTrippedError extends AgentError {
  readonly code = 'GUARD_TRIPPED' as const;
}

/** A plan file no longer matches what a sync would do now (the directory or the state moved on). */
export class PlanStaleError extends AgentError {
  readonly code = 'PLAN_STALE' as const;
}

/** Another sync holds the lock on the config directory. */
export class LockedError extends AgentError<LockedDetails> {
  readonly code = 'LOCKED' as const;
}

/** Anything unexpected: a bug. */
export class InternalError extends AgentError {
  readonly code = 'INTERNAL' as const;
}

/** Wraps any thrown value as an AgentError, keeping AgentErrors as they are; a library's message is outside text. */
export function toAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  return new InternalError(`Unexpected error: ${outsideMessage(error)}`, undefined, { cause: error });
}
