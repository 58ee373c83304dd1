import path from 'node:path';
import type { Signature365Client } from '../api/client.js';
import type { ScopeSettings, SyncSettings } from '../config/config.js';
import { ConfigFiles } from '../config/config-dir.js';
import { DirectoryConnectionLostError, PagedSearchInterruptedError } from '../directory/errors.js';
import type { DirectoryConnection, ScopeChangeWatcher, ScopeGroupResolver } from '../directory/source.js';
import type { Logger } from '../log/logger.js';
import { PlanStaleError, toAgentError } from '../protocol/errors.js';
import { storageError } from '../fs/storage-error.js';
import { emptyCounts, type RunSummary, type RunWarning } from '../state/run-summary.js';
import { HISTORY_LIMIT, type StateDb } from '../state/state-db.js';
import { ApiRun } from './api-run.js';
import { applyPlan } from './applier.js';
import { readPlanFile, writePlanFile } from './plan-file.js';
import { RunScratch, ScratchSet } from './run-scratch.js';
import { buildPlan, type Plan, type PlanInputs } from './planner.js';
import type { ProgressSink } from './progress.js';
import { guardTrippedError, judgeRemovals } from './removal-guard.js';
import { buildScopeReport, resolveScope } from './scope.js';
import { decideMode, type ModeDecision } from './sync-mode.js';
import { DEFAULT_MAPPING, mappingFingerprint, type EffectiveMapping } from './user-mapping.js';
import { UserUploads, type UploadTally } from './user-uploads.js';
import { outsideMessage } from '../log/outside.js';

export interface SyncDependencies {
  directory: DirectoryConnection & ScopeGroupResolver & ScopeChangeWatcher & PlanInputs['directory'];
  client: Signature365Client;
  state: StateDb;
  logger: Logger;
  progress: ProgressSink;
  agentVersion: string;
  configDir: string;
}

export interface SyncOptions {
  scope: ScopeSettings;
  /** Configured search base; absent means the DC's defaultNamingContext. */
  baseDn?: string;
  /** Absent: delta when possible. */
  mode?: 'full' | 'delta';
  /** Compute the plan, write it to a plan file, send nothing, change no state. */
  dryRun: boolean;
  /** Dry run: where to write the plan. Otherwise: the plan to apply, refused if stale. */
  planFile?: string;
  settings: SyncSettings;
  /** One-shot acceptance of up to this many removals. */
  allowRemovals?: number;
  /** The attribute mapping (config `mapping`); absent: the default. */
  mapping?: EffectiveMapping;
}

/** How many DCs lost mid-read one run moves past before it gives up. */
const MAX_READ_RETRIES = 3;

/**
 * One sync run: connect -> resolve scope -> decide full or delta -> plan (read, map, diff; on
 * disk) -> guards -> apply (send, confirm batch by batch) -> record the run and move the watermark.
 */
export async function runSync(deps: SyncDependencies, options: SyncOptions): Promise<RunSummary> {
  const { directory, state, logger, progress } = deps;
  const started = new Date();
  const summary: RunSummary = {
    mode: 'full',
    dryRun: options.dryRun,
    startedAt: started.toISOString(),
    finishedAt: '',
    durationMs: 0,
    status: 'failed',
    counts: emptyCounts(),
    rejections: [],
    warnings: [],
  };
  // Connect, resolve the scope, decide the mode and plan (read, map, diff). Nothing is sent yet, so
  // a DC lost mid-read is retried from the start on the next DC; another DC means another USN
  // space, so the mode is decided afresh (docs/protocol.md, "Failover").
  const mapping = options.mapping ?? DEFAULT_MAPPING;
  // Counted before anything is sent: a full run confirms users while it reads, and those must not
  // widen the deletion guard's share rule.
  const syncedBefore = state.userCount();
  // The run in Signature 365 opens with the first batch sent. A full run sends the users whose
  // email is their own while it reads (docs/protocol.md, "Sending while reading"); the rest, the
  // groups and the removals go once the read is complete and the guards have passed.
  const run = new ApiRun(() => summary.mode, { client: deps.client, state, logger, agentVersion: deps.agentVersion });
  // What the run remembers per user lives on disk (run-scratch.ts), beside the spool.
  const spoolDir = path.join(deps.configDir, ConfigFiles.spoolDir);
  let scratch: RunScratch;
  try {
    scratch = await RunScratch.open(spoolDir);
  } catch (error) {
    throw storageError(error, deps.configDir) ?? toAgentError(error);
  }
  const uploads = new UserUploads(run, {
    client: deps.client,
    state,
    progress,
    concurrency: options.settings.apiConcurrency,
    handed: new ScratchSet(scratch),
  });
  const prepare = async (lost: { server: string; reason: string }[]) => {
    progress.report('connect', 0);
    const server = await directory.connect(lost.length > 0 ? { skip: lost } : undefined);
    summary.directoryServer = server.server;
    if (server.failedOver.length > 0) summary.failedOver = server.failedOver;
    const baseDn = options.baseDn ?? server.defaultNamingContext;
    // Connected: resolving the scope groups' closure can take long on large groups, so say so.
    progress.report('scope', 0);
    const scope = await resolveScope(directory, options.scope, baseDn);
    progress.report('scope', scope.groupDns.length + (scope.excludedGroupDns?.length ?? 0));
    summary.scope = buildScopeReport(scope);
    if (summary.scope.foreignMembers.length > 0) {
      logger.warn('Scope groups have members from other forests (foreignSecurityPrincipal): they are not synced', {
        count: summary.scope.foreignMembers.length,
        foreignMembers: summary.scope.foreignMembers.slice(0, 20),
      });
    }
    const fingerprint = withMappingFingerprint(scope.fingerprint, mapping);
    const planToApply = !options.dryRun && options.planFile ? await readPlanFile(options.planFile) : undefined;

    const watermark = state.watermark();
    let decision: ModeDecision = decideMode({
      // Users already sent by this run (before a DC was lost): the next DC reads everything again.
      requested: uploads.count > 0 ? 'full' : (planToApply?.mode ?? options.mode),
      watermark,
      server,
      scopeFingerprint: fingerprint,
      now: started,
      maxDeltaAgeDays: options.settings.fullSyncAfterDays,
    });
    if (decision.mode === 'delta' && (await directory.scopeGroupsChangedAfter(scope, watermark!.usn))) {
      decision = { mode: 'full', fullReason: 'the membership of a scope group changed' };
    }
    summary.mode = decision.mode;
    if (decision.fullReason) summary.fullReason = decision.fullReason;

    let plan = await buildPlan({
      directory,
      state,
      scope,
      decision,
      ...(decision.mode === 'delta' ? { watermarkUsn: watermark!.usn } : {}),
      spoolDir,
      scratch,
      progress,
      mapping,
      logger,
      previousConflicts: lastRunConflicts(state),
      ...(!options.dryRun && !planToApply ? { sendWhileReading: uploads } : {}),
      detail: options.dryRun || planToApply !== undefined,
    });
    if (plan.conflictsChanged) {
      // A user held back for an email conflict (or the user it clashed with) changed: a delta would
      // not read the others, so judge everyone again.
      await plan.spool.remove();
      decision = { mode: 'full', fullReason: 'a user of an email conflict changed' };
      summary.mode = decision.mode;
      summary.fullReason = decision.fullReason;
      plan = await buildPlan({
        directory,
        state,
        scope,
        decision,
        spoolDir,
        scratch,
        progress,
        mapping,
        logger,
        detail: options.dryRun || planToApply !== undefined,
      });
    }
    return { server, fingerprint, planToApply, plan };
  };

  let plan: Plan | undefined;
  try {
    const lost: { server: string; reason: string }[] = [];
    let interrupted = false;
    let prepared: Awaited<ReturnType<typeof prepare>>;
    for (;;) {
      try {
        prepared = await prepare(lost);
        break;
      } catch (error) {
        if (error instanceof PagedSearchInterruptedError && !interrupted) {
          interrupted = true;
          logger.warn('The domain controller cut a paged search off (it refused the paged results cookie); reading everything again, once', {
            reason: error.message,
          });
          await uploads.settle();
          await directory.close();
          continue;
        }
        const server = summary.directoryServer;
        if (!isConnectionLost(error) || !server || lost.some((l) => l.server === server) || lost.length >= MAX_READ_RETRIES) throw error;
        const reason = `lost while reading, read again from the next DC: ${outsideMessage(error)}`;
        logger.warn('Lost the domain controller mid-read; reading everything again from the next one', { server, reason });
        lost.push({ server, reason });
        // Batches in flight are waited for (what they confirm is then unchanged); users read but
        // not sent yet are read again from the next DC.
        await uploads.settle();
        await directory.close();
      }
    }
    const { server, fingerprint, planToApply } = prepared;
    plan = prepared.plan;
    Object.assign(summary.counts, plan.counts);
    summary.warnings = plan.warnings;

    // The deletion guard's verdict, decided once: a dry run reports it, a real run stops on it.
    summary.guard = judgeRemovals(
      plan.removals.length,
      syncedBefore,
      { maxCount: options.settings.maxRemovals, maxShare: options.settings.maxRemovalPercent / 100, minCount: options.settings.removalGuardMinCount },
      options.allowRemovals ?? (planToApply ? plan.removals.length : undefined),
    );
    if (options.dryRun) {
      summary.planFile = options.planFile ?? path.join(deps.configDir, ConfigFiles.plansDir, `plan-${started.toISOString().replace(/[:.]/g, '-')}.json`);
      await writePlanFile(summary.planFile, plan, server.server);
      summary.counts.added = plan.adds.length;
      summary.counts.updated = plan.updates.length;
      summary.counts.removed = plan.removals.length;
      summary.status = 'succeeded';
      return finish(summary, started);
    }
    if (planToApply) {
      summary.planFile = options.planFile;
      if (planToApply.planHash !== plan.planHash) {
        throw new PlanStaleError(
          `The plan in ${options.planFile} no longer matches the directory and the sync state (they changed since it was made); nothing was sent. Make a new plan.`,
          { planFile: options.planFile, planHash: planToApply.planHash, currentHash: plan.planHash },
        );
      }
    }
    if (summary.guard.tripped) throw guardTrippedError(summary.guard);
    await applyPlan(plan, run, uploads, {
      client: deps.client,
      state,
      progress,
      maxRejectedShare: options.settings.maxRejectedPercent / 100,
    });
    addTally(summary, run, uploads.tally);
    summary.status = 'succeeded';
    finish(summary, started);
    state.finishRun(summary, {
      server: server.server,
      ...(server.dnsHostName ? { dnsHostName: server.dnsHostName } : {}),
      ...(server.invocationId ? { invocationId: server.invocationId } : {}),
      usn: server.highestCommittedUsn ?? '0',
      at: started.toISOString(),
      scopeFingerprint: fingerprint,
    });
    return summary;
  } catch (error) {
    const agentError = storageError(error, deps.configDir) ?? toAgentError(error);
    // Upserts already sent are not destructive: they stay, confirmed in the state as Signature 365
    // confirmed them, and the run is closed as failed.
    await uploads.settle();
    if (run.opened) addTally(summary, run, uploads.tally);
    await run.fail(summary.counts);
    summary.status = 'failed';
    summary.error = { code: agentError.code, message: agentError.message };
    if (!options.dryRun) recordFailedRun(state, finish(summary, started), logger);
    throw agentError;
  } finally {
    await plan?.spool.remove();
    scratch.close();
    await directory.close();
    logger.info('Sync finished', { status: summary.status, runId: summary.runId, mode: summary.mode, counts: summary.counts });
  }
}

/**
 * What the run sent (the uploads, and the groups and removals after them) into its summary, over
 * the plan's counts. Only for a run that opened in Signature 365: one that sent nothing keeps the
 * plan's counts (groupsSent then says what was planned).
 */
function addTally(summary: RunSummary, run: ApiRun, tally: UploadTally): void {
  const { counts } = summary;
  for (const field of ['added', 'updated', 'removed', 'matched', 'unmatched', 'rejected'] as const) counts[field] = tally.counts[field];
  if (tally.groupsSendStarted) counts.groupsSent = tally.counts.groupsSent;
  summary.rejections = tally.rejections;
  if (run.runId) summary.runId = run.runId;
}

/**
 * Records a failed run in the history. When that write fails too (the volume that failed the run
 * is still full), the run's own error is what the caller must see: the record is dropped, logged.
 */
function recordFailedRun(state: StateDb, summary: RunSummary, logger: Logger): void {
  try {
    state.finishRun(summary);
  } catch (error) {
    logger.warn('Could not record the failed run in the history', { runId: summary.runId, reason: toAgentError(error).message });
  }
}

function finish(summary: RunSummary, started: Date): RunSummary {
  const finished = new Date();
  summary.finishedAt = finished.toISOString();
  summary.durationMs = finished.getTime() - started.getTime();
  return summary;
}

/** A directory read that failed because the DC went away (not because the request was wrong). */
function isConnectionLost(error: unknown): boolean {
  return error instanceof DirectoryConnectionLostError;
}

/** The watermark's fingerprint: the scope's, plus the mapping's when it is not the default. */
export function withMappingFingerprint(scopeFingerprint: string, mapping: EffectiveMapping): string {
  const own = mappingFingerprint(mapping);
  return own ? `${scopeFingerprint}+mapping:${own}` : scopeFingerprint;
}

/**
 * The email conflicts the last successful run left standing: a delta does not read the users held
 * back unless they change, so it carries these forward (or, if one changed, the run goes full).
 */
function lastRunConflicts(state: StateDb): RunWarning[] {
  const last = state.history(HISTORY_LIMIT).find((run) => run.status === 'succeeded');
  return (last?.warnings ?? []).filter((warning) => warning.code === 'EMAIL_CONFLICT');
}
