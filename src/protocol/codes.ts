/**
 * Stable error codes of the JSON verb protocol and the process exit code each maps to.
 * These are a public contract (docs/protocol.md): never renumber, only add.
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  badRequest: 2,
  authRefused: 3,
  directory: 4,
  api: 5,
  guardTripped: 6,
  locked: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Error code strings carried in `error.code` of a failed result, with their exit code. */
export const ErrorCodes = {
  BAD_REQUEST: ExitCode.badRequest,
  NOT_CONFIGURED: ExitCode.badRequest,
  CONFIG_CORRUPT: ExitCode.badRequest,
  CONFIG_UNWRITABLE: ExitCode.badRequest,
  AUTH_REFUSED: ExitCode.authRefused,
  INTEGRATION_DISABLED: ExitCode.authRefused,
  DIRECTORY_ERROR: ExitCode.directory,
  DIRECTORY_UNREACHABLE: ExitCode.directory,
  API_ERROR: ExitCode.api,
  API_UNREACHABLE: ExitCode.api,
  GUARD_TRIPPED: ExitCode.guardTripped,
  PLAN_STALE: ExitCode.guardTripped,
  LOCKED: ExitCode.locked,
  INTERNAL: ExitCode.unexpected,
} as const;
export type ErrorCode = keyof typeof ErrorCodes;
