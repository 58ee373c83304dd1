import type { Logger } from '../log/logger.js';
import type { AgentEvent, EventSink } from './event-sink.js';

/**
 * The events as lines of the agent's log file (the Linux twin of the Event Log, and the copy kept
 * beside it on Windows): `{"message": <the event's text>, "eventId", "event", "eventLevel", ...data}`.
 * At info level whatever the event's level, so that events change nothing on stderr.
 */
export class LogFileEventSink implements EventSink {
  constructor(private readonly logger: Logger) {}

  async emit(event: AgentEvent): Promise<void> {
    this.logger.info(event.message, { eventId: event.id, event: event.name, eventLevel: event.level, ...event.data });
  }
}
