import { existsSync } from 'node:fs';
import { configPath } from '../../config/config-dir.js';
import { buildReport, emptyReport, type SyncReport } from '../../report/sync-report.js';
import { HISTORY_LIMIT, StateDb } from '../../state/state-db.js';
import { defineVerb } from '../verb.js';

export const reportVerb = defineVerb({
  name: 'report',
  summary: 'Who is synced and matched to a Microsoft 365 user, who is not, who was rejected or held back, the warnings, the last runs.',
  params: [{ name: 'runs', type: 'number', integer: true, min: 1, max: 100, description: 'How many past runs to chart, oldest first (default 20).' }],
  async run(context, params): Promise<SyncReport> {
    const now = new Date();
    if (!existsSync(configPath(context.configDir, 'state'))) return emptyReport(now);
    const state = StateDb.open(context.configDir);
    try {
      return buildReport(state, state.history(HISTORY_LIMIT), params.runs ?? 20, now);
    } finally {
      state.close();
    }
  },
  text: (r) => formatReport(r),
});

function formatReport(r: SyncReport): string {
  const c = r.counts;
  return [
    `Synced ${c.synced}: matched ${c.matched}, unmatched (no Microsoft 365 user, no signature) ${c.unmatched}; rejected ${c.rejected}, held back ${c.heldBack}, warnings ${c.warnings}`,
    ...r.unmatched.map((u) => `  unmatched ${u.email}${u.displayName ? ` (${u.displayName})` : ''}`),
    ...r.rejected.map((u) => `  rejected ${u.email}: ${u.reason}`),
    ...r.heldBack.map((u) => `  held back ${u.email}: ${u.message}`),
    ...r.warnings.map((w) => `  warning ${w.code} ${w.email}: ${w.message}`),
    `Runs charted: ${r.runs.length}`,
  ].join('\n');
}
