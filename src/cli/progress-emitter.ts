import type { ProgressEvent } from '../protocol/messages.js';
import type { ProgressSink, SyncPhase } from '../sync/progress.js';

/** Least time between two events of the same phase, so fast loops do not flood the pipe. */
const MIN_INTERVAL_MS = 200;
/** While a phase runs, its latest state is repeated at least this often, so callers see life. */
const HEARTBEAT_MS = 1000;
/**
 * A rate is given only once its phase has run this long: measured over less, one batch done in
 * the instant before the phase's first event read as millions a second ('20 (4,231,013/s)').
 */
export const MIN_RATE_MS = 1000;

/**
 * Turns engine progress into protocol events: throttled, with rate, and repeated every second
 * while a phase is running. The rate is the items done since the phase's first event over the
 * time since then, given from MIN_RATE_MS on. `stop()` must be called when the verb ends.
 */
export class ProgressEmitter implements ProgressSink {
  private last: { phase: SyncPhase; done: number; total?: number; sent?: number } | undefined;
  private lastSentAt = 0;
  private phaseStartedAt = 0;
  private doneAtPhaseStart = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly verb: string,
    private readonly emit: (event: ProgressEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  report(phase: SyncPhase, done: number, total?: number, sent?: number): void {
    const phaseChanged = this.last?.phase !== phase;
    if (phaseChanged) {
      this.phaseStartedAt = this.now();
      this.doneAtPhaseStart = done;
    }
    this.last = { phase, done, ...(total !== undefined ? { total } : {}), ...(sent !== undefined ? { sent } : {}) };
    const finished = total !== undefined && done >= total;
    if (phaseChanged || finished || this.now() - this.lastSentAt >= MIN_INTERVAL_MS) this.send();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private heartbeat(): void {
    if (this.last && this.now() - this.lastSentAt >= HEARTBEAT_MS) this.send();
  }

  private send(): void {
    if (!this.last) return;
    const elapsedMs = this.now() - this.phaseStartedAt;
    const rate = elapsedMs >= MIN_RATE_MS ? Math.round(((this.last.done - this.doneAtPhaseStart) / (elapsedMs / 1000)) * 10) / 10 : undefined;
    this.lastSentAt = this.now();
    this.emit({ type: 'progress', verb: this.verb, ...this.last, ...(rate !== undefined ? { rate } : {}) });
  }
}
