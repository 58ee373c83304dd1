import { readJsonFile, writeJsonFileAtomic } from '../fs/atomic-file.js';
import { configPath } from '../config/config-dir.js';
import { InternalError } from '../protocol/errors.js';

export const STATE_SCHEMA_VERSION = 1;
/** Run summaries kept in the history. */
export const HISTORY_LIMIT = 50;

/** What Signature 365 last confirmed for one user. */
export interface SyncedUser {
  /** Hash of the last payload Signature 365 accepted (photo by its sha256). */
  hash: string;
  email: string;
  outcome: 'matched' | 'unmatched';
}

export interface RunCounts {
  read: number;
  skippedNoEmail: number;
  inScope: number;
  unchanged: number;
  added: number;
  updated: number;
  removed: number;
  matched: number;
  unmatched: number;
  rejected: number;
}

export interface RunSummary {
  runId?: string;
  mode: 'full' | 'delta';
  /** Why a full sync ran when delta was asked for. */
  fullReason?: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  status: 'succeeded' | 'failed';
  directoryServer?: string;
  failedOver?: { server: string; reason: string }[];
  counts: RunCounts;
  rejections: { objectGuid: string; email: string; reason: string }[];
  error?: { code: string; message: string };
}

export interface SyncState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  /** objectGuid -> what was last confirmed. */
  users: Record<string, SyncedUser>;
  history: RunSummary[];
}

export function emptyState(): SyncState {
  return { schemaVersion: STATE_SCHEMA_VERSION, users: {}, history: [] };
}

/** The sync state in `state.json`, replaced atomically so a crash leaves the old or the new file. */
export class SyncStateStore {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = configPath(configDir, 'state');
  }

  async load(): Promise<SyncState> {
    let raw: unknown;
    try {
      raw = await readJsonFile(this.file);
    } catch (error) {
      throw new InternalError(`State file ${this.file} is unreadable.`, undefined, { cause: error });
    }
    if (raw === undefined) return emptyState();
    const state = raw as SyncState;
    if (state.schemaVersion !== STATE_SCHEMA_VERSION) {
      throw new InternalError(`State file ${this.file} has schemaVersion ${String(state.schemaVersion)}.`);
    }
    return state;
  }

  async save(state: SyncState): Promise<void> {
    await writeJsonFileAtomic(this.file, state, { mode: 0o600 });
  }
}

/** Appends a run summary, keeping the newest HISTORY_LIMIT. */
export function withRun(state: SyncState, summary: RunSummary): SyncState {
  return { ...state, history: [...state.history, summary].slice(-HISTORY_LIMIT) };
}
