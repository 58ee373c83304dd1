/**
 * Where the agent's run events go, for monitoring: the Windows Application Event Log (with the log
 * file), or the log file alone elsewhere. The events and their IDs are a fixed table
 * (src/platform/events.ts, docs/protocol.md#events).
 */
export type EventLevel = 'information' | 'warning' | 'error';

export interface AgentEvent {
  /** The event ID of the table: never renumbered. */
  id: number;
  /** The event's name in the table: `run-started`, `run-failed`... */
  name: string;
  level: EventLevel;
  /** One sentence for people (Event Viewer's text), built by the agent: it holds no secret. */
  message: string;
  /** The facts behind the message, for tools reading the log file. */
  data: Record<string, unknown>;
}

export interface EventSink {
  /** Never rejects: an event that cannot be written is logged as a warning, and the run goes on. */
  emit(event: AgentEvent): Promise<void>;
}
