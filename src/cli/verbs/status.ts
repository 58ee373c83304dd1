import { existsSync } from 'node:fs';
import { configPath } from '../../config/config-dir.js';
import { StateDb } from '../../state/state-db.js';
import { defineVerb } from '../verb.js';
import { formatRun } from './sync.js';

export const statusVerb = defineVerb({
  name: 'status',
  summary: 'Show the last run, its counts, the recent history, the watermark and whether a sync is running.',
  params: [{ name: 'history', type: 'number', integer: true, min: 1, max: 100, description: 'How many past runs to list, newest first (default 10).' }],
  async run(context, params) {
    const limit = params.history ?? 10;
    const syncRunning = existsSync(configPath(context.configDir, 'lock'));
    if (!existsSync(configPath(context.configDir, 'state'))) {
      return { syncRunning, syncedUsers: 0, watermark: null, lastRun: null, lastSuccess: null, history: [] };
    }
    const state = StateDb.open(context.configDir);
    try {
      const history = state.history(100);
      return {
        syncRunning,
        syncedUsers: state.userCount(),
        watermark: state.watermark() ?? null,
        lastRun: history[0] ?? null,
        lastSuccess: history.find((run) => run.status === 'succeeded') ?? null,
        history: history.slice(0, limit),
      };
    } finally {
      state.close();
    }
  },
  text: (r) =>
    [
      `Synced users: ${r.syncedUsers}${r.syncRunning ? ' (a sync is running now)' : ''}`,
      r.lastRun ? `Last run:\n${formatRun(r.lastRun)}` : 'No sync has run yet.',
    ].join('\n'),
});
