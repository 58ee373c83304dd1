// The benchmark's report: figures, ratios and the issue's targets beside them (met/missed), as a
// table on stdout and as JSON under .run/bench/.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { median } from './measure.mjs';

const PHASES = ['start', 'connect', 'scope', 'read', 'mapHash', 'planGroups', 'sendUsers', 'sendGroups', 'commit', 'close'];
const MB = 1024;

/** Median figure of a list of agent syncs: ms, the median of each phase, the peak RSS (max). */
export function syncFigure(runs) {
  const phases = Object.fromEntries(PHASES.map((p) => {
    const values = runs.map((r) => r.phases[p]).filter((v) => v !== null && v !== undefined);
    return [p, values.length ? Math.round(median(values)) : null];
  }));
  const last = runs[runs.length - 1].summary;
  return {
    ms: Math.round(median(runs.map((r) => r.ms))),
    runs: runs.map((r) => Math.round(r.ms)),
    peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRssKb)) / MB),
    phases,
    mode: last.mode,
    counts: last.counts,
  };
}

/** The JSON of the earlier run at the other size (10k <-> 100k) with the same machine, if any. */
function otherSize(benchDir, users) {
  const files = readdirSync(benchDir).filter((f) => /^\d{4}-.*\.json$/.test(f)).sort().reverse();
  for (const file of files) {
    const other = JSON.parse(readFileSync(path.join(benchDir, file), 'utf8'));
    if (other.users !== users && [10000, 100000].includes(other.users) && [10000, 100000].includes(users)) return { file, other };
  }
  return undefined;
}

export function buildReport({ benchDir, users, facts, load, figures }) {
  const { ldapsearch, ingest, fullAll, fullGroup, deltaNoChange, deltaOnePercent, exe } = figures;
  // The agent reads and sends at once (docs/protocol.md, "Sending while reading"): no pipeline is
  // faster than its slower stage, so max((1), (2)) is the floor of the two together.
  const slowerFloor = Math.max(ldapsearch.ms, ingest.ms);
  const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);
  const ratios = {
    fullOverLdapsearch: ratio(fullAll.ms, ldapsearch.ms),
    fullOverIngest: ratio(fullAll.ms, ingest.ms),
    fullOverSlowerFloor: ratio(fullAll.ms, slowerFloor),
    noChangeOverFull: ratio(deltaNoChange.ms, fullAll.ms),
    onePercentOverFull: ratio(deltaOnePercent.ms, fullAll.ms),
  };
  const peakRssMb = Math.max(fullAll.peakRssMb, fullGroup.peakRssMb, deltaNoChange.peakRssMb, deltaOnePercent.peakRssMb);
  const earlier = otherSize(benchDir, users);
  const rssSpread = earlier ? ratio(Math.abs(peakRssMb - earlier.other.peakRssMb), Math.min(peakRssMb, earlier.other.peakRssMb)) : null;
  const target = (name, value, limit, met) => ({ name, value, limit, met: value === null || value === undefined ? null : met });
  const targets = [
    target('full sync <= 1.3x the ldapsearch floor (1)', ratios.fullOverLdapsearch, 1.3, ratios.fullOverLdapsearch <= 1.3),
    target('no-change delta <= 5% of full', ratios.noChangeOverFull, 0.05, ratios.noChangeOverFull <= 0.05),
    target('1% delta <= 10% of full', ratios.onePercentOverFull, 0.1, ratios.onePercentOverFull <= 0.1),
    target('peak RSS < 200 MB', peakRssMb, 200, peakRssMb < 200),
    target(`peak RSS within 20% between 10k and 100k${earlier ? ` (vs ${earlier.file})` : ''}`, rssSpread, 0.2, rssSpread <= 0.2),
    target('exe start to `version` < 150 ms', exe?.version.ms ?? null, 150, (exe?.version.ms ?? Infinity) < 150),
  ];
  return {
    date: new Date().toISOString(),
    users,
    host: { cpus: cpuCount(), load: load.loadAverage },
    directory: facts,
    load,
    figures: { ldapsearch, ingest, slowerFloorMs: slowerFloor, fullAll, fullGroup, deltaNoChange, deltaOnePercent, exe },
    ratios,
    peakRssMb,
    targets,
  };
}

function cpuCount() {
  return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? null;
}

const s = (ms) => (ms === null || ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

export function printReport(report) {
  const { figures, ratios, targets } = report;
  const rows = [
    ['(1) ldapsearch floor (all in-scope users)', s(figures.ldapsearch.ms), `${figures.ldapsearch.entries} entries`],
    ['(2) emulator ingest floor', s(figures.ingest.ms), `${figures.ingest.batches.users} user + ${figures.ingest.batches.groups} group batches`],
    ['(3) agent full sync, scope all', s(figures.fullAll.ms), `RSS ${figures.fullAll.peakRssMb} MB, ${figures.fullAll.counts.added} added`],
    ['(3b) agent full sync, scope big group (nested)', s(figures.fullGroup.ms), `RSS ${figures.fullGroup.peakRssMb} MB, ${figures.fullGroup.counts.added} added`],
    ['(4) no-change delta', s(figures.deltaNoChange.ms), `${figures.deltaNoChange.mode}, RSS ${figures.deltaNoChange.peakRssMb} MB`],
    ['(5) delta after 1% changed', s(figures.deltaOnePercent.ms), `${figures.deltaOnePercent.mode}, ${figures.deltaOnePercent.counts.updated} updated, RSS ${figures.deltaOnePercent.peakRssMb} MB`],
    ['(6) exe `version`', s(figures.exe?.version.ms), ''],
    ['(6) exe `status`', s(figures.exe?.status.ms), ''],
  ];
  const out = [`Benchmark, ${report.users} users (median of 3; load average at start ${report.host.load}):`, ''];
  for (const [name, value, note] of rows) out.push(`  ${name.padEnd(48)} ${value.padStart(10)}   ${note}`);
  out.push('', '  phases (ms)         ' + PHASES.map((p) => p.padStart(11)).join(''));
  for (const [name, fig] of [['full, scope all', figures.fullAll], ['full, big group', figures.fullGroup], ['no-change delta', figures.deltaNoChange], ['1% delta', figures.deltaOnePercent]]) {
    out.push(`  ${name.padEnd(20)}${PHASES.map((p) => String(fig.phases[p] ?? 'n/a').padStart(11)).join('')}`);
  }
  out.push('', `  ratios: (3)/(1) ${ratios.fullOverLdapsearch}  (3)/(2) ${ratios.fullOverIngest}  (3)/max((1),(2)) ${ratios.fullOverSlowerFloor}  (4)/(3) ${ratios.noChangeOverFull}  (5)/(3) ${ratios.onePercentOverFull}`, '');
  for (const t of targets) out.push(`  [${t.met === null ? ' n/a  ' : t.met ? '  met ' : 'missed'}] ${t.name}: ${t.value ?? 'n/a'} (limit ${t.limit})`);
  process.stdout.write(out.join('\n') + '\n');
}

export function writeReport(benchDir, report) {
  const file = path.join(benchDir, `${report.date.replace(/:/g, '-').replace(/\..*/, '')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
