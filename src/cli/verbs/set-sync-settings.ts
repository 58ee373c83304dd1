import { effectiveSyncSettings, SYNC_DEFAULTS, updateConfig, type SyncSettings } from '../../config/config.js';
import { defineVerb } from '../verb.js';

const SETTINGS = ['maxRemovals', 'maxRemovalPercent', 'removalGuardMinCount', 'fullSyncAfterDays', 'maxRejectedPercent', 'apiConcurrency'] as const satisfies readonly (keyof SyncSettings)[];

export const setSyncSettingsVerb = defineVerb({
  name: 'set-sync-settings',
  summary: 'Set the deletion guard limits and other sync behaviour. Unset values keep their current setting.',
  params: [
    { name: 'maxRemovals', type: 'number', integer: true, min: 0, max: 10_000_000, description: `Most removals one run may send (default ${SYNC_DEFAULTS.maxRemovals}).` },
    { name: 'maxRemovalPercent', type: 'number', min: 0, max: 100, description: `Most removals one run may send, as % of the synced users (default ${SYNC_DEFAULTS.maxRemovalPercent}).` },
    { name: 'removalGuardMinCount', type: 'number', integer: true, min: 0, max: 10_000_000, description: `maxRemovalPercent applies only to runs removing more than this many users (default ${SYNC_DEFAULTS.removalGuardMinCount}).` },
    { name: 'fullSyncAfterDays', type: 'number', min: 1, max: 365, description: `Run a full sync when the last one is older than this (default ${SYNC_DEFAULTS.fullSyncAfterDays}).` },
    { name: 'maxRejectedPercent', type: 'number', min: 0, max: 100, description: `Fail a run when more than this % of users sent are rejected (default ${SYNC_DEFAULTS.maxRejectedPercent}).` },
    { name: 'apiConcurrency', type: 'number', integer: true, min: 1, max: 16, description: `Most user upserts in flight at once (default ${SYNC_DEFAULTS.apiConcurrency}).` },
  ],
  async run(context, params) {
    const changed: Partial<SyncSettings> = {};
    for (const name of SETTINGS) {
      const value = params[name];
      if (value !== undefined) changed[name] = value;
    }
    const config = await updateConfig(context.configDir, (stored) => ({ ...stored, sync: { ...stored.sync, ...changed } }));
    return effectiveSyncSettings(config.sync);
  },
  text: (r) => Object.entries(r).map(([name, value]) => `${name}: ${value}`).join('\n'),
});
