import { loadConfig, saveConfig, SYNC_DEFAULTS, type SyncSettings } from '../../config/config.js';
import { BadRequestError } from '../../protocol/errors.js';
import { defineVerb } from '../verb.js';

const LIMITS: Record<keyof SyncSettings, [min: number, max: number]> = {
  maxRemovals: [0, 10_000_000],
  maxRemovalPercent: [0, 100],
  fullSyncAfterDays: [1, 365],
  maxRejectedPercent: [0, 100],
};

export const setSyncSettingsVerb = defineVerb({
  name: 'set-sync-settings',
  summary: 'Set the deletion guard limits and other sync behaviour. Unset values keep their current setting.',
  params: [
    { name: 'maxRemovals', type: 'number', description: `Most removals one run may send (default ${SYNC_DEFAULTS.maxRemovals}).` },
    { name: 'maxRemovalPercent', type: 'number', description: `Most removals one run may send, as % of the synced users (default ${SYNC_DEFAULTS.maxRemovalPercent}).` },
    { name: 'fullSyncAfterDays', type: 'number', description: `Run a full sync when the last one is older than this (default ${SYNC_DEFAULTS.fullSyncAfterDays}).` },
    { name: 'maxRejectedPercent', type: 'number', description: `Fail a run when more than this % of users sent are rejected (default ${SYNC_DEFAULTS.maxRejectedPercent}).` },
  ],
  async run(context, params) {
    const config = await loadConfig(context.configDir);
    const sync: Partial<SyncSettings> = { ...config.sync };
    for (const [name, [min, max]] of Object.entries(LIMITS) as [keyof SyncSettings, [number, number]][]) {
      const value = params[name] as number | undefined;
      if (value === undefined) continue;
      if (value < min || value > max) throw new BadRequestError(`Parameter '${name}' must be from ${min} to ${max}.`, { param: name });
      sync[name] = value;
    }
    await saveConfig(context.configDir, { ...config, sync });
    return { ...SYNC_DEFAULTS, ...sync };
  },
  text: (r) => Object.entries(r).map(([name, value]) => `${name}: ${value}`).join('\n'),
});
