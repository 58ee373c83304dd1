import { configPath } from '../../config/config-dir.js';
import { effectiveSyncSettings, loadConfig } from '../../config/config.js';
import { ensureDirectory } from '../../fs/ensure-directory.js';
import { verbError } from '../../fs/storage-error.js';
import { AGENT_VERSION } from '../../generated/version.js';
import type { ParamSpec, ParamValuesOf } from '../../protocol/params.js';
import { runSync } from '../../sync/engine.js';
import { effectiveMapping } from '../../sync/user-mapping.js';
import { SyncLock } from '../../state/lock.js';
import type { RunSummary } from '../../state/run-summary.js';
import { StateDb } from '../../state/state-db.js';
import { runFailedEvents, runStartedEvent, runSucceededEvent } from '../run-events.js';
import { createApiClient, createDirectory, requireApi, requireDirectory } from '../services.js';
import { defineVerb, type VerbContext } from '../verb.js';

const MODE_PARAM = {
  name: 'mode',
  type: 'string',
  choices: ['full', 'delta'],
  description: 'full, or delta (the default once a full sync has succeeded).',
} as const satisfies ParamSpec;

const SYNC_PARAMS = [
  MODE_PARAM,
  { name: 'dryRun', type: 'boolean', description: 'Compute the plan and write it to a plan file; send nothing, change no state.' },
  { name: 'planFile', type: 'string', description: 'With dryRun: where to write the plan. Without: a plan to apply exactly, refused if stale.' },
  { name: 'allowRemovals', type: 'number', integer: true, min: 0, description: 'Accept up to this many removals in this run only (deletion guard override).' },
] as const satisfies readonly ParamSpec[];

/** What sync and plan share: plan's params are a subset of sync's. */
type SyncParams = ParamValuesOf<typeof SYNC_PARAMS>;

/**
 * One run, between its events (src/cli/run-events.ts): started, then succeeded with its counts, or
 * its cause's event and failed with the ID of its exit code. Here, at the verb, and not in the
 * engine: a run that fails before the engine starts (no secret, a secret that does not unseal, the
 * lock held) is a failed run for monitoring too.
 */
async function syncWithEvents(context: VerbContext, verb: string, params: SyncParams, dryRun: boolean): Promise<RunSummary> {
  await context.events.emit(runStartedEvent({ verb, ...(params.mode ? { mode: params.mode } : {}), dryRun, configDir: context.configDir }));
  let summary: RunSummary;
  try {
    summary = await sync(context, params, dryRun);
  } catch (error) {
    const agentError = verbError(error, context.configDir);
    for (const event of runFailedEvents(agentError, dryRun)) await context.events.emit(event);
    throw error;
  }
  await context.events.emit(runSucceededEvent(summary));
  return summary;
}

async function sync(context: VerbContext, params: SyncParams, dryRun: boolean): Promise<RunSummary> {
  const { allowRemovals } = params;
  const config = await loadConfig(context.configDir);
  const api = requireApi(config);
  const directorySettings = requireDirectory(config);
  // Damaged work folders are reported before anything is locked or read.
  await ensureDirectory(configPath(context.configDir, 'spoolDir'));
  if (dryRun && !params.planFile) await ensureDirectory(configPath(context.configDir, 'plansDir'));
  const lock = new SyncLock(context.configDir);
  await lock.acquire();
  let state: StateDb | undefined;
  try {
    state = StateDb.open(context.configDir, { verify: true });
    const client = await createApiClient(context, api);
    const directory = await createDirectory(context, directorySettings, undefined, config.mapping);
    return await runSync(
      { directory, client, state, logger: context.logger, progress: context.progress, agentVersion: AGENT_VERSION, configDir: context.configDir },
      {
        scope: config.scope,
        ...(directorySettings.baseDn ? { baseDn: directorySettings.baseDn } : {}),
        ...(params.mode ? { mode: params.mode } : {}),
        dryRun,
        ...(params.planFile ? { planFile: params.planFile } : {}),
        settings: effectiveSyncSettings(config.sync),
        ...(allowRemovals !== undefined ? { allowRemovals } : {}),
        mapping: effectiveMapping(config.mapping),
      },
    );
  } finally {
    state?.close();
    await lock.release();
  }
}

export const syncVerb = defineVerb({
  name: 'sync',
  summary: 'Read the directory and send what changed to Signature 365 (or, with dryRun, write the plan).',
  params: SYNC_PARAMS,
  run: (context, params) => syncWithEvents(context, 'sync', params, params.dryRun === true),
  text: (r: RunSummary) => formatRun(r),
});

export const planVerb = defineVerb({
  name: 'plan',
  summary: 'Same as sync with dryRun: compute what a sync would send and write it to a plan file.',
  params: [MODE_PARAM, { name: 'planFile', type: 'string', description: 'Where to write the plan (default: <config dir>/plans/).' }],
  run: (context, params) => syncWithEvents(context, 'plan', params, true),
  text: (r: RunSummary) => formatRun(r),
});

export function formatRun(r: RunSummary): string {
  const c = r.counts;
  const verb = r.dryRun ? 'Plan' : 'Sync';
  return [
    `${verb} ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s (${r.mode}${r.fullReason ? `: ${r.fullReason}` : ''}) from ${r.directoryServer ?? 'no DC'}${r.runId ? `, run ${r.runId}` : ''}`,
    `  read ${c.read}, in scope ${c.inScope}, skipped without email ${c.skippedNoEmail}${c.emailConflicts ? `, held back for email conflicts ${c.emailConflicts}` : ''}`,
    `  ${r.dryRun ? 'would add' : 'added'} ${c.added}, ${r.dryRun ? 'update' : 'updated'} ${c.updated}, unchanged ${c.unchanged}, ${r.dryRun ? 'remove' : 'removed'} ${c.removed}`,
    ...(r.dryRun ? [`  plan file: ${r.planFile ?? ''}`] : [`  matched ${c.matched}, unmatched ${c.unmatched}, rejected ${c.rejected}`]),
    `  groups ${r.dryRun ? 'to send' : 'sent'} ${c.groupsSent ?? 0}${r.scope?.foreignMembers.length ? `; ${r.scope.foreignMembers.length} member(s) from other forests not synced` : ''}`,
    ...(r.dryRun && r.guard?.tripped ? [`  deletion guard: the real run would stop: it would remove ${r.guard.removals} users (${r.guard.reason ?? 'over the limits'}); to accept, run with allowRemovals ${r.guard.removals}`] : []),
    ...(r.failedOver ?? []).map((f) => `  failed over from ${f.server}: ${f.reason}`),
    ...r.rejections.map((x) => `  rejected ${x.email}: ${x.reason}`),
    ...(r.warnings ?? []).slice(0, 20).map((w) => `  warning ${w.code} ${w.email}: ${w.message}`),
    ...((r.warnings ?? []).length > 20 ? [`  ... and ${(r.warnings ?? []).length - 20} more warnings (see --output json)`] : []),
    ...(r.error ? [`  error ${r.error.code}: ${r.error.message}`] : []),
  ].join('\n');
}
