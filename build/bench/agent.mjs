// Drives the built agent through its real CLI (node dist/cli.js, flag mode, --output json), one
// config directory per setup, and turns a sync's output and log into a phase breakdown.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { check, run } from './measure.mjs';
import { AGENT_NODE_FLAGS } from '../package/config.mjs';

export class Agent {
  constructor({ repo, configDir, workDir }) {
    this.cli = path.join(repo, 'dist/cli.js');
    this.configDir = configDir;
    this.workDir = workDir;
  }

  /** A fresh config dir connected to the emulator and the bench DC, with the scope given as flags. */
  static async setUp({ repo, configDir, workDir, apiUrl, secret, dc, scopeFlags }) {
    rmSync(configDir, { recursive: true, force: true });
    mkdirSync(configDir, { recursive: true });
    const agent = new Agent({ repo, configDir, workDir });
    await agent.verb(['connect', '--api-url', apiUrl, '--secret', '-'], secret);
    await agent.verb(['set-directory', '--servers', dc.S365_TEST_LDAPS_URL, '--bind-dn', dc.S365_TEST_BIND_DN, '--bind-password', '-', '--ca-file', dc.S365_TEST_CA_FILE], dc.S365_TEST_BIND_PASSWORD);
    await agent.verb(['set-scope', ...scopeFlags]);
    return agent;
  }

  /** One verb; resolves its result's data. */
  async verb(args, stdin) {
    const result = check(await run(process.execPath, [this.cli, '--config-dir', this.configDir, ...args, '--output', 'json'], { stdin }), `s365-agent ${args[0]}`);
    const last = JSON.parse(result.stdout.trim().split('\n').pop());
    if (!last.ok) throw new Error(`s365-agent ${args[0]}: ${JSON.stringify(last.error)}`);
    return last.data;
  }

  /**
   * One sync, timed from spawn to exit, under GNU time for the peak RSS. Resolves {ms, peakRssKb,
   * summary, phases}: phases from the arrival times of the progress events and the info lines of
   * logs/agent.log (docs/bench.md, "Phases").
   */
  async sync(extraArgs = []) {
    const events = [];
    const spawnedAt = Date.now();
    const result = check(
      await run(process.execPath, [...AGENT_NODE_FLAGS, this.cli, '--config-dir', this.configDir, 'sync', ...extraArgs, '--output', 'json'], {
        timeFile: path.join(this.workDir, 'time.txt'),
        onLine: (line, at) => line.startsWith('{') && events.push({ at, ...JSON.parse(line) }),
      }),
      's365-agent sync',
    );
    const exitedAt = spawnedAt + result.ms;
    const summary = events.find((e) => e.type === 'result')?.data;
    if (!summary) throw new Error('s365-agent sync printed no result');
    return { ms: result.ms, peakRssKb: result.peakRssKb, summary, phases: phasesOf({ spawnedAt, exitedAt, events, log: this.logSince(spawnedAt), summary }) };
  }

  logSince(at) {
    const text = readFileSync(path.join(this.configDir, 'logs/agent.log'), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .map((entry) => ({ ...entry, at: Date.parse(entry.time) }))
      .filter((entry) => entry.at >= at);
  }
}

/**
 * The phases a sync reports, in ms; null where the agent does not report the boundary.
 * start: spawn -> "Verb started" (node start, module load); connect: -> the first read event, less
 * the scope's resolveMs; read (read+map+hash+diff, page by page; in a full run the email census is
 * read beside it and the upserts of users whose email is their own go out meanwhile, docs/protocol.md
 * "Sending while reading"): first ->
 * last read event; plan groups (removals, conflicts, groups, guards): -> the first send-users
 * event; send users (what was left to send once the read was over): -> the last send-users event;
 * send groups: -> last send-groups event; close: -> exit.
 */
export function phasesOf({ spawnedAt, exitedAt, events, log, summary }) {
  const progress = events.filter((e) => e.type === 'progress');
  const first = (phase) => progress.find((e) => e.phase === phase)?.at;
  const last = (phase) => progress.filter((e) => e.phase === phase).pop()?.at;
  const logAt = (message) => log.find((e) => e.message === message && (e.verb === undefined || e.verb === 'sync'))?.at;
  const verbStarted = logAt('Verb started');
  const readStarted = first('read');
  const readEnded = last('read');
  const sendStarted = first('send-users') ?? readEnded;
  const usersSent = last('send-users') ?? sendStarted;
  const groupsSent = last('send-groups') ?? usersSent;
  const sendEnd = last('send-removals') ?? groupsSent;
  const span = (a, b) => (a !== undefined && b !== undefined ? Math.max(0, b - a) : null);
  const scopeMs = summary.scope?.resolveMs ?? null;
  const connectAndScope = span(verbStarted, readStarted);
  return {
    start: span(spawnedAt, verbStarted),
    connect: connectAndScope !== null && scopeMs !== null ? Math.max(0, connectAndScope - scopeMs) : connectAndScope,
    scope: scopeMs,
    read: span(readStarted, readEnded),
    mapHash: null,
    planGroups: span(readEnded, sendStarted),
    sendUsers: span(sendStarted, usersSent),
    sendGroups: span(usersSent, groupsSent),
    commit: null,
    close: span(sendEnd, exitedAt),
  };
}
