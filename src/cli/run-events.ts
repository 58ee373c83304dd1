/**
 * The run events of the sync verb (src/platform/events.ts), from what the verb already has: its
 * params when it starts, the run summary when it succeeds, the error when it fails. Pure: the verb
 * hands them to its EventSink. Messages are built from the agent's own facts and its error
 * messages, which hold no secret by construction (docs/security.md#secrets).
 */
import type { AgentEvent } from '../platform/event-sink.js';
import { EventIds, EventLevels, runFailedId, type EventName } from '../platform/events.js';
import type { AgentError } from '../protocol/errors.js';
import type { RunSummary } from '../state/run-summary.js';

function event(name: EventName, message: string, data: Record<string, unknown>, id: number = EventIds[name]): AgentEvent {
  return { id, name, level: EventLevels[name], message, data };
}

function runName(dryRun: boolean): string {
  return dryRun ? 'Signature 365 dry run (plan)' : 'Signature 365 sync';
}

export function runStartedEvent(run: { verb: string; mode?: string; dryRun: boolean; configDir: string }): AgentEvent {
  return event('run-started', `${runName(run.dryRun)} started (${run.mode ?? 'default'} mode) on ${run.configDir}.`, {
    verb: run.verb,
    mode: run.mode ?? 'default',
    dryRun: run.dryRun,
    configDir: run.configDir,
  });
}

export function runSucceededEvent(summary: RunSummary): AgentEvent {
  const c = summary.counts;
  const verbs = summary.dryRun ? ['would add', 'update', 'remove'] : ['added', 'updated', 'removed'];
  return event(
    'run-succeeded',
    `${runName(summary.dryRun)} succeeded in ${(summary.durationMs / 1000).toFixed(1)} s (${summary.mode}${summary.runId ? `, run ${summary.runId}` : ''}): ` +
      `read ${c.read}, in scope ${c.inScope}, ${verbs[0]} ${c.added}, ${verbs[1]} ${c.updated}, unchanged ${c.unchanged}, ${verbs[2]} ${c.removed}, rejected ${c.rejected}, groups ${c.groupsSent}.`,
    {
      ...(summary.runId ? { runId: summary.runId } : {}),
      mode: summary.mode,
      dryRun: summary.dryRun,
      durationMs: summary.durationMs,
      ...(summary.directoryServer ? { directoryServer: summary.directoryServer } : {}),
      counts: c,
    },
  );
}

/** The event of the failure's cause, when the table has one for it. */
function causeEvent(error: AgentError): AgentEvent | undefined {
  const details = (error.details ?? {}) as Record<string, unknown>;
  const facts = { code: error.code, exitCode: error.exitCode };
  switch (error.code) {
    case 'GUARD_TRIPPED':
      return event('guard-tripped', `The deletion guard stopped the sync before anything was sent: ${error.message}`, { ...facts, removals: details.removals });
    case 'AUTH_REFUSED':
      return event('authentication-refused', `Signature 365 refused the integration secret: ${error.message}`, { ...facts, service: 'signature365' });
    case 'DIRECTORY_ERROR':
      // Only a refused bind carries its LDAP result code (src/directory/ldap/ldapts-session.ts, windows/negotiate-session.ts).
      if (typeof details.ldapCode !== 'number') return undefined;
      return event('authentication-refused', `The directory refused the agent's bind: ${error.message}`, { ...facts, service: 'directory', ldapCode: details.ldapCode, server: details.server });
    case 'DIRECTORY_UNREACHABLE':
      return event('directory-unreachable', `No domain controller could be reached: ${error.message}`, facts);
    case 'CONFIG_CORRUPT':
      // A secret that does not unseal, or a secrets file refused because others may read it: either way the run has no secret.
      if (details.problem !== 'secret-unreadable' && details.problem !== 'secrets-exposed') return undefined;
      return event('secret-unreadable', error.message, { ...facts, problem: details.problem, ...(details.secret !== undefined ? { secret: details.secret } : {}), file: details.file });
    default:
      return undefined;
  }
}

/** A failed run's events: its cause's (when it has one), then `run-failed` with the ID of its exit code. */
export function runFailedEvents(error: AgentError, dryRun: boolean): AgentEvent[] {
  const exitCode = error.exitCode;
  const failed = event(
    'run-failed',
    `${runName(dryRun)} failed with exit code ${exitCode} (${error.code}): ${error.message}`,
    { code: error.code, exitCode, dryRun },
    runFailedId(exitCode === 0 ? 1 : exitCode),
  );
  const cause = causeEvent(error);
  return cause ? [cause, failed] : [failed];
}
