/** Receives progress of long phases; the CLI turns it into protocol progress events. */
export interface ProgressSink {
  /** `sent`: the `read` of a full run, users Signature 365 confirmed meanwhile (sending while reading). */
  report(phase: SyncPhase, done: number, total?: number, sent?: number): void;
}

export type SyncPhase = 'connect' | 'scope' | 'read' | 'send-users' | 'send-groups' | 'send-removals';

