import type { Logger } from '../../log/logger.js';
import { outsideMessage } from '../../log/outside.js';
import type { AgentEvent, EventSink } from '../event-sink.js';
import { EVENT_SOURCE } from '../events.js';
import type { WindowsBridge } from './edge-bridge.js';

/**
 * The Windows Application Event Log under the registered source, through the bridge's
 * `EventLogWriter.Write`, and the log file as on Linux. The source is registered once by an
 * administrator (Register-S365SyncTask); the agent never registers it. A write that fails (source
 * not registered, bridge not loadable) is a warning in the log, once per process; the run goes on.
 */
export class EventLogSink implements EventSink {
  private warned = false;

  constructor(
    private readonly bridge: () => WindowsBridge,
    private readonly logFile: EventSink,
    private readonly logger: Logger,
  ) {}

  async emit(event: AgentEvent): Promise<void> {
    await this.logFile.emit(event);
    try {
      await this.bridge().eventLog.write({ source: EVENT_SOURCE, eventId: event.id, level: event.level, message: event.message });
    } catch (error) {
      if (this.warned) return;
      this.warned = true;
      this.logger.warn(`Could not write to the Event Log under the source '${EVENT_SOURCE}' (an administrator registers it with Register-S365SyncTask); events go to the log file only`, {
        eventId: event.id,
        reason: outsideMessage(error),
      });
    }
  }
}
