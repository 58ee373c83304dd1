import { expect } from 'chai';
import { runFailedEvents, runStartedEvent, runSucceededEvent } from '../../../src/cli/run-events.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import type { AgentEvent } from '../../../src/platform/event-sink.js';
import { EVENT_SOURCE, EventIds } from '../../../src/platform/events.js';
import { LogFileEventSink } from '../../../src/platform/log-event-sink.js';
import type { EventLogEntry, WindowsBridge } from '../../../src/platform/windows/edge-bridge.js';
import { EventLogSink } from '../../../src/platform/windows/event-log-sink.js';
import {
  ApiUnreachableError,
  AuthRefusedError,
  BadRequestError,
  ConfigCorruptError,
  DirectoryError,
  DirectoryUnreachableError,
  GuardTrippedError,
  InternalError,
  LockedError,
  type AgentError,
} from '../../../src/protocol/errors.js';
import { emptyCounts, type RunSummary } from '../../../src/state/run-summary.js';


describe('run events', () => {
  describe('the table of event IDs', () => {
    it('should be the documented one (docs/protocol.md#events), never renumbered', () => {
      expect(EventIds).to.deep.equal({
        'run-started': 1000,
        'run-succeeded': 1001,
        'run-failed': 1100,
        'guard-tripped': 1201,
        'authentication-refused': 1202,
        'directory-unreachable': 1203,
        'secret-unreadable': 1204,
        'config-dir-exposed': 1205,
      });
      expect(EVENT_SOURCE).to.equal('S365 AD Connector');
    });
  });

  describe('#runFailedEvents()', () => {
    const ids = (error: AgentError) => runFailedEvents(error, false).map((e) => [e.id, e.name]);

    it('should give one run-failed ID per exit code, 1100 + the exit code', () => {
      const byExit: [AgentError, number][] = [
        [new InternalError('bug'), 1101],
        [new BadRequestError('bad'), 1102],
        [new AuthRefusedError('no'), 1103],
        [new DirectoryError('search failed'), 1104],
        [new ApiUnreachableError('down'), 1105],
        [new GuardTrippedError('stop'), 1106],
        [new LockedError('busy', { pid: 1, host: 'h', startedAt: '' }), 1107],
      ];
      for (const [error, id] of byExit) expect(ids(error).at(-1), error.code).to.deep.equal([id, 'run-failed']);
    });

    it('should put the cause first: guard, authentication (Signature 365 or the directory bind), DC unreachable, secret unreadable', () => {
      expect(ids(new GuardTrippedError('stop', { removals: 9 }))).to.deep.equal([[1201, 'guard-tripped'], [1106, 'run-failed']]);
      expect(ids(new AuthRefusedError('no'))).to.deep.equal([[1202, 'authentication-refused'], [1103, 'run-failed']]);
      expect(ids(new DirectoryError('refused', { server: 'ldaps://dc', ldapCode: 49 }))).to.deep.equal([[1202, 'authentication-refused'], [1104, 'run-failed']]);
      expect(ids(new DirectoryError('bad base DN'))).to.deep.equal([[1104, 'run-failed']]);
      expect(ids(new DirectoryUnreachableError('none', { servers: [] } as never))).to.deep.equal([[1203, 'directory-unreachable'], [1104, 'run-failed']]);
      expect(ids(new ConfigCorruptError('/x/secrets.json', 'unreadable', { details: { problem: 'secret-unreadable', secret: 'apiSecret' } }))).to.deep.equal([
        [1204, 'secret-unreadable'],
        [1102, 'run-failed'],
      ]);
      // A secrets file refused because others may read it: the run has no secret either.
      expect(ids(new ConfigCorruptError('/x/secrets.json', 'exposed', { details: { problem: 'secrets-exposed', mode: '0644' } }))).to.deep.equal([
        [1204, 'secret-unreadable'],
        [1102, 'run-failed'],
      ]);
      expect(ids(new ConfigCorruptError('/x/state.db', 'damaged'))).to.deep.equal([[1102, 'run-failed']]);
    });

    it('should give levels: the guard a warning, failures errors', () => {
      const [guard, failed] = runFailedEvents(new GuardTrippedError('stop'), false);
      expect([guard!.level, failed!.level]).to.deep.equal(['warning', 'error']);
    });
  });

  it('run-started and run-succeeded should carry the mode and the counts', () => {
    expect(runStartedEvent({ verb: 'sync', dryRun: false, configDir: '/c' })).to.deep.include({ id: 1000, level: 'information', data: { verb: 'sync', mode: 'default', dryRun: false, configDir: '/c' } });
    const summary: RunSummary = {
      runId: 'r1', mode: 'delta', dryRun: false, startedAt: '', finishedAt: '', durationMs: 1500, status: 'succeeded',
      counts: { ...emptyCounts(), read: 3, inScope: 3, added: 1, updated: 1, unchanged: 1 }, rejections: [], warnings: [],
    };
    const event = runSucceededEvent(summary);
    expect(event).to.deep.include({ id: 1001, name: 'run-succeeded' });
    expect(event.data.counts).to.deep.equal(summary.counts);
    expect(event.message).to.equal('Signature 365 sync succeeded in 1.5 s (delta, run r1): read 3, in scope 3, added 1, updated 1, unchanged 1, removed 0, rejected 0, groups 0.');
  });

  describe('the sinks', () => {
    const sample: AgentEvent = { id: 1203, name: 'directory-unreachable', level: 'error', message: 'No DC.', data: { code: 'DIRECTORY_UNREACHABLE' } };

    it('LogFileEventSink should write one info line with the event ID, name, level and data', async () => {
      const logger = recordingLogger();
      await new LogFileEventSink(logger).emit(sample);
      expect(logger.lines).to.deep.equal([{ level: 'info', message: 'No DC.', fields: { eventId: 1203, event: 'directory-unreachable', eventLevel: 'error', code: 'DIRECTORY_UNREACHABLE' } }]);
    });

    it('EventLogSink should write the Event Log under the source, and the log file', async () => {
      const logger = recordingLogger();
      const written: EventLogEntry[] = [];
      const bridge = { eventLog: { write: async (entry: EventLogEntry) => void written.push(entry) } } as unknown as WindowsBridge;
      await new EventLogSink(() => bridge, new LogFileEventSink(logger), logger).emit(sample);
      expect(written).to.deep.equal([{ source: 'S365 AD Connector', eventId: 1203, level: 'error', message: 'No DC.' }]);
      expect(logger.lines.map((l) => l.fields?.eventId)).to.deep.equal([1203]);
    });

    it('EventLogSink should keep the log line and warn once when the Event Log cannot be written', async () => {
      const logger = recordingLogger();
      const sink = new EventLogSink(() => { throw new Error('source not registered'); }, new LogFileEventSink(logger), logger);
      await sink.emit(sample);
      await sink.emit(sample);
      expect(logger.lines.filter((l) => l.level === 'info')).to.have.length(2);
      const warnings = logger.lines.filter((l) => l.level === 'warn');
      expect(warnings).to.have.length(1);
      expect(warnings[0]!.fields).to.deep.include({ reason: 'source not registered' });
    });
  });
});
