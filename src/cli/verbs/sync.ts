import { loadConfig } from '../../config/config.js';
import { AGENT_VERSION } from '../../generated/version.js';
import { BadRequestError } from '../../protocol/errors.js';
import { runSync } from '../../sync/engine.js';
import { DEFAULT_REMOVAL_LIMITS } from '../../sync/removal-guard.js';
import { SyncLock } from '../../state/lock.js';
import { SyncStateStore, type RunSummary } from '../../state/sync-state.js';
import { createApiClient, createDirectory, requireApi, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

export const syncVerb = defineVerb({
  name: 'sync',
  summary: 'Read the directory and send what changed to Signature 365.',
  params: [
    { name: 'mode', type: 'string', choices: ['full', 'delta'], description: 'full (default) or delta.' },
    { name: 'dryRun', type: 'boolean', description: 'Compute everything, send nothing, change no state.' },
    { name: 'allowRemovals', type: 'number', description: 'Accept up to this many removals in this run only (deletion guard override).' },
  ],
  async run(context, params) {
    const allowRemovals = params.allowRemovals as number | undefined;
    if (allowRemovals !== undefined && (!Number.isInteger(allowRemovals) || allowRemovals < 0)) {
      throw new BadRequestError("Parameter 'allowRemovals' must be a whole number, 0 or more.", { param: 'allowRemovals' });
    }
    const config = await loadConfig(context.configDir);
    const api = requireApi(config);
    const directorySettings = requireDirectory(config);
    const lock = new SyncLock(context.configDir);
    await lock.acquire();
    try {
      const client = await createApiClient(context, api);
      const directory = await createDirectory(context, directorySettings);
      return await runSync(
        { directory, client, stateStore: new SyncStateStore(context.configDir), logger: context.logger, progress: context.progress, agentVersion: AGENT_VERSION },
        {
          scope: config.scope,
          ...(directorySettings.baseDn ? { baseDn: directorySettings.baseDn } : {}),
          mode: (params.mode as 'full' | 'delta' | undefined) ?? 'full',
          dryRun: params.dryRun === true,
          removalLimits: DEFAULT_REMOVAL_LIMITS,
          ...(allowRemovals !== undefined ? { allowRemovals } : {}),
        },
      );
    } finally {
      await lock.release();
    }
  },
  text: (r: RunSummary) => formatRun(r),
});

export function formatRun(r: RunSummary): string {
  const c = r.counts;
  return [
    `${r.dryRun ? 'Dry run' : 'Sync'} ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s (${r.mode}${r.fullReason ? `: ${r.fullReason}` : ''}) from ${r.directoryServer ?? 'no DC'}${r.runId ? `, run ${r.runId}` : ''}`,
    `  read ${c.read}, in scope ${c.inScope}, skipped without email ${c.skippedNoEmail}`,
    `  added ${c.added}, updated ${c.updated}, unchanged ${c.unchanged}, removed ${c.removed}`,
    `  matched ${c.matched}, unmatched ${c.unmatched}, rejected ${c.rejected}`,
    ...r.rejections.map((x) => `  rejected ${x.email}: ${x.reason}`),
    ...(r.error ? [`  error ${r.error.code}: ${r.error.message}`] : []),
  ].join('\n');
}
