import { existsSync } from 'node:fs';
import { configPath } from '../../config/config-dir.js';
import { SyncStateStore } from '../../state/sync-state.js';
import { BadRequestError } from '../../protocol/errors.js';
import { defineVerb } from '../verb.js';
import { formatRun } from './sync.js';

export const statusVerb = defineVerb({
  name: 'status',
  summary: 'Show the last run, its counts, the recent history and whether a sync is running.',
  params: [{ name: 'history', type: 'number', description: 'How many past runs to list (default 10).' }],
  async run(context, params) {
    const limit = (params.history as number | undefined) ?? 10;
    if (!Number.isInteger(limit) || limit < 0) throw new BadRequestError("Parameter 'history' must be a whole number, 0 or more.");
    const state = await new SyncStateStore(context.configDir).load();
    const history = state.history.slice(-limit).reverse();
    return {
      syncRunning: existsSync(configPath(context.configDir, 'lock')),
      syncedUsers: Object.keys(state.users).length,
      lastRun: state.history.at(-1) ?? null,
      lastSuccess: [...state.history].reverse().find((run) => run.status === 'succeeded' && !run.dryRun) ?? null,
      history,
    };
  },
  text: (r) =>
    [
      `Synced users: ${r.syncedUsers}${r.syncRunning ? ' (a sync is running now)' : ''}`,
      r.lastRun ? `Last run:\n${formatRun(r.lastRun)}` : 'No sync has run yet.',
    ].join('\n'),
});
