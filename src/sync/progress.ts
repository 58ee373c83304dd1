/** Receives progress of long phases; the CLI turns it into protocol progress events. */
export interface ProgressSink {
  report(phase: SyncPhase, done: number, total?: number): void;
}

export type SyncPhase = 'connect' | 'scope' | 'read' | 'send-users' | 'send-groups' | 'send-removals';

