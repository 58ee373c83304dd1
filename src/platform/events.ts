import { ExitCode } from '../protocol/codes.js';
import type { EventLevel } from './event-sink.js';

/** The Event Log source the agent writes under (registered by Register-S365SyncTask, which needs an administrator). */
export const EVENT_SOURCE = 'S365 AD Connector';

/**
 * The fixed table of event IDs (docs/protocol.md#events): a public contract for monitoring,
 * never renumbered, only added to. A failed run gives its cause's event (when it has one) and then
 * `run-failed` with the ID of its exit code.
 */
export const EventIds = {
  'run-started': 1000,
  'run-succeeded': 1001,
  /** 1100 + the exit code: 1101 (1) ... 1107 (7). */
  'run-failed': 1100,
  'guard-tripped': 1201,
  'authentication-refused': 1202,
  'directory-unreachable': 1203,
  'secret-unreadable': 1204,
  /** The config directory admitted other accounts and the agent restricted it again: rotate the secrets. */
  'config-dir-exposed': 1205,
} as const;
export type EventName = keyof typeof EventIds;

export const EventLevels: Record<EventName, EventLevel> = {
  'run-started': 'information',
  'run-succeeded': 'information',
  'run-failed': 'error',
  'guard-tripped': 'warning',
  'authentication-refused': 'error',
  'directory-unreachable': 'error',
  'secret-unreadable': 'error',
  'config-dir-exposed': 'warning',
};

/** The event ID of a failed run with this exit code. */
export function runFailedId(exitCode: Exclude<ExitCode, typeof ExitCode.ok>): number {
  return EventIds['run-failed'] + exitCode;
}
