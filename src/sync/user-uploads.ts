import type { Signature365Client } from '../api/client.js';
import { emptyCounts, type RunCounts, type RunSummary } from '../state/run-summary.js';
import type { StateDb, SyncedUser } from '../state/state-db.js';
import type { ApiRun } from './api-run.js';
import { REQUEST_BATCH_LIMITS, type BatchLimits } from './batches.js';
import { storedForm } from './planner.js';
import type { ProgressSink } from './progress.js';
import type { SpooledUser } from './spool.js';

export interface UserUploadInputs {
  client: Signature365Client;
  state: StateDb;
  progress: ProgressSink;
  /** At most this many upsert requests in flight. */
  concurrency: number;
  limits?: BatchLimits;
  /** Where the GUIDs handed to requests are kept: a sync keeps them in its scratch database (a first full sync hands every user). */
  handed?: HandedGuids;
}

/** A set of objectGUIDs (a Set, or a ScratchSet on disk). */
export interface HandedGuids {
  add(objectGuid: string): unknown;
  has(objectGuid: string): boolean;
  delete(objectGuid: string): boolean;
  readonly size: number;
}

/** What the uploads of one run did: the counts they own, and the users Signature 365 refused. */
export interface UploadTally {
  counts: RunCounts;
  rejections: RunSummary['rejections'];
  /** Set when the groups started to be sent: from then on counts.groupsSent is what was sent. */
  groupsSendStarted?: boolean;
}

/**
 * The user upserts of one sync: users are added one at a time (while the directory is still read,
 * or from the spool), cut into batches by count and bytes, and sent with up to `concurrency`
 * requests in flight; `add` waits while that many are, so a fast reader is held to the API's pace
 * (bounded memory). Each batch is confirmed in the state as soon as Signature 365 accepts it, so a
 * run killed half-way leaves exactly what was confirmed. The first failed request stops the
 * uploads: the next `add` or `finish` throws its error.
 */
export class UserUploads {
  readonly tally: UploadTally = { counts: emptyCounts(), rejections: [] };
  /** objectGUIDs handed to a request (confirmed, refused or still in flight). */
  private readonly handed: HandedGuids;
  private batch: SpooledUser[] = [];
  private batchBytes = 0;
  private batchIndex = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private readonly limits: BatchLimits;
  /** At least 1, whatever a hand-edited config.json holds. */
  private readonly concurrency: number;
  /** Set once the read is over: how many users the run sends in all, for the progress of `send-users`. */
  private progressTotal: number | undefined;

  constructor(
    private readonly run: ApiRun,
    private readonly inputs: UserUploadInputs,
  ) {
    this.limits = inputs.limits ?? REQUEST_BATCH_LIMITS;
    this.handed = inputs.handed ?? new Set<string>();
    this.concurrency = Math.max(1, Math.floor(inputs.concurrency) || 1);
  }

  /** Whether this user was handed to a request in this run. */
  has(objectGuid: string): boolean {
    return this.handed.has(objectGuid);
  }

  /** How many users were handed to requests. */
  get count(): number {
    return this.handed.size;
  }

  /**
   * From now on, report `send-users` progress against this total. Not while the directory is still
   * read: the read's progress is the one shown then, and the total is not known yet.
   */
  reportProgress(total: number): void {
    this.progressTotal = total;
    this.inputs.progress.report('send-users', this.sentCount(), total);
  }

  async add(user: SpooledUser): Promise<void> {
    this.throwIfFailed();
    // Measured as the request carries it: its JSON (the comma between items aside).
    const size = Buffer.byteLength(JSON.stringify(user.payload)) + 1;
    if (this.batch.length > 0 && (this.batch.length >= this.limits.maxItems || this.batchBytes + size > this.limits.maxBytes)) await this.dispatch();
    this.batch.push(user);
    this.batchBytes += size;
    this.handed.add(user.payload.objectGuid);
  }

  /** Sends what is left and waits for every request; throws the first failure. */
  async finish(): Promise<void> {
    this.throwIfFailed();
    if (this.batch.length > 0) await this.dispatch();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  /**
   * Waits for the requests in flight and drops the users not handed to one yet (a run that failed,
   * or a read that starts again: those users are read and planned again); never throws. A request
   * that failed still fails the next `add` or `finish`.
   */
  async settle(): Promise<void> {
    for (const user of this.batch) this.handed.delete(user.payload.objectGuid);
    this.batch = [];
    this.batchBytes = 0;
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private async dispatch(): Promise<void> {
    const batch = this.batch;
    const index = this.batchIndex++;
    this.batch = [];
    this.batchBytes = 0;
    const request: Promise<void> = this.send(batch, index).then(
      () => {
        this.inFlight.delete(request);
      },
      (error: unknown) => {
        this.inFlight.delete(request);
        this.failure ??= { error };
      },
    );
    this.inFlight.add(request);
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  private async send(batch: SpooledUser[], index: number): Promise<void> {
    const { client, state, progress } = this.inputs;
    const { counts, rejections } = this.tally;
    const runId = await this.run.id();
    const response = await client.upsertUsers(runId, batch.map((item) => item.payload), `${runId}:users:${index}`);
    const confirmed: SyncedUser[] = [];
    response.results.forEach((result, position) => {
      const item = batch[position];
      if (!item) return;
      if (result.outcome === 'rejected') {
        counts.rejected += 1;
        rejections.push({ objectGuid: item.payload.objectGuid, email: item.payload.email, reason: result.reason ?? 'rejected' });
        return;
      }
      counts[result.outcome] += 1;
      counts[item.isNew ? 'added' : 'updated'] += 1;
      confirmed.push({ objectGuid: item.payload.objectGuid, hash: item.hash, email: item.payload.email, outcome: result.outcome, payload: storedForm(item.payload) });
    });
    state.confirmUsers(confirmed);
    if (this.progressTotal !== undefined) progress.report('send-users', this.sentCount(), this.progressTotal);
  }

  /** Users Signature 365 answered for so far (accepted or rejected). */
  sentCount(): number {
    const { counts } = this.tally;
    return counts.added + counts.updated + counts.rejected;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
