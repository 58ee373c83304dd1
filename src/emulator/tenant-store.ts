/**
 * The emulator's tenant and what it received: users and groups by objectGuid, removed guids, runs and
 * idempotency records. Holds the API semantics that do not depend on HTTP (soft match, run lifecycle and
 * expiry, idempotent replays) and persists to a JSON state file atomically (write a temp file, then rename).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { photoRejection } from './request-schema.js';
import type {
  CloseRunRequest,
  GroupPayload,
  Run,
  RunStatus,
  RunTotals,
  SyncMode,
  UserPayload,
  UserResult,
} from '../api/types.js';

export interface TenantSettings {
  tenantId: string;
  tenantName: string;
  /** The integration secret agents must present as a bearer token. */
  secret: string;
  /** false: every API call answers 403 INTEGRATION_DISABLED. */
  enabled: boolean;
  /** Email addresses of the tenant's Microsoft 365 users; pushed users soft-match against them case-insensitively. */
  m365Users: string[];
}

/** A run as the emulator keeps it (and shows it in `GET /_emulator/state`). */
export interface RunRecord {
  runId: string;
  mode: SyncMode;
  agentVersion: string;
  status: RunStatus;
  openedAt: string;
  closedAt?: string;
  lastActivityAt: string;
  /** User payloads that reached the emulator for this run: retries, replays, faulted and refused batches included. */
  usersReceived: number;
  /** Users actually applied (not rejected), each batch counted once. */
  usersAccepted: number;
  usersMatched: number;
  usersUnmatched: number;
  usersRejected: number;
  groupsReceived: number;
  groupsAccepted: number;
  removalsReceived: number;
  /** Removal guids that matched a stored user. */
  usersRemoved: number;
  /** Batch requests (users, groups, removals) that reached the run, retries included. */
  batchesReceived: number;
  /** Requests answered from an idempotency record instead of being applied again. */
  replays: number;
  /** As reported by the agent when closing. */
  totals?: RunTotals;
}

export type BatchKind = 'users' | 'groups' | 'removals';

interface IdempotencyRecord {
  bodyHash: string;
  status: number;
  response: unknown;
}

interface PersistedState {
  version: 1;
  users: Record<string, UserPayload>;
  groups: Record<string, GroupPayload>;
  removed: string[];
  runs: RunRecord[];
  idempotency: Record<string, IdempotencyRecord>;
}

/** An API refusal: the server turns it into `{error:{code,message,fields?,details?}}` with this status. */
export class EmulatorProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: { path: string; message: string }[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Checks a tenant document (tenant file or `PUT /_emulator/tenant`), filling defaults. */
export function parseTenant(value: unknown, base?: TenantSettings): TenantSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('tenant must be a JSON object');
  const v = { ...(base ?? {}), ...(value as Record<string, unknown>) } as Record<string, unknown>;
  for (const key of ['tenantId', 'tenantName', 'secret']) {
    if (typeof v[key] !== 'string' || v[key] === '') throw new Error(`tenant ${key} must be a non-empty string`);
  }
  const enabled = v.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new Error('tenant enabled must be a boolean');
  const m365Users = v.m365Users ?? [];
  if (!Array.isArray(m365Users) || !m365Users.every((u) => typeof u === 'string')) {
    throw new Error('tenant m365Users must be an array of strings');
  }
  return {
    tenantId: v.tenantId as string,
    tenantName: v.tenantName as string,
    secret: v.secret as string,
    enabled,
    m365Users: [...(m365Users as string[])],
  };
}

export function loadTenantFile(file: string): TenantSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read tenant file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return parseTenant(JSON.parse(text));
  } catch (error) {
    throw new Error(`invalid tenant file ${file}: ${(error as Error).message}`);
  }
}

/** `<dir>/contoso.json` -> `<dir>/contoso.state.json`. */
export function defaultStateFile(tenantFile: string): string {
  const name = basename(tenantFile).replace(/\.json$/i, '');
  return join(dirname(tenantFile), `${name}.state.json`);
}

function emptyState(): PersistedState {
  return { version: 1, users: {}, groups: {}, removed: [], runs: [], idempotency: {} };
}

const KEPT_RUNS_WITH_IDEMPOTENCY = 20;

export interface TenantStoreOptions {
  tenant: TenantSettings;
  /** JSON state file; null keeps everything in memory. */
  stateFile: string | null;
  /** An open run idle longer than this is closed as `expired`. */
  runIdleTimeoutMs: number;
  /** Clock (ms since epoch); tests inject one to expire runs without waiting. */
  now?: () => number;
}

export class TenantStore {
  tenant: TenantSettings;
  private state: PersistedState;
  private readonly stateFile: string | null;
  private readonly runIdleTimeoutMs: number;
  private readonly now: () => number;
  private saving: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(options: TenantStoreOptions) {
    this.tenant = options.tenant;
    this.stateFile = options.stateFile;
    this.runIdleTimeoutMs = options.runIdleTimeoutMs;
    this.now = options.now ?? Date.now;
    this.state = this.load();
    this.expireIdleRuns();
  }

  private load(): PersistedState {
    if (!this.stateFile || !existsSync(this.stateFile)) return emptyState();
    let parsed: Partial<PersistedState>;
    try {
      parsed = JSON.parse(readFileSync(this.stateFile, 'utf8')) as Partial<PersistedState>;
    } catch (error) {
      throw new Error(`cannot load state file ${this.stateFile}: ${(error as Error).message}`);
    }
    return { ...emptyState(), ...parsed, version: 1 };
  }

  /**
   * Writes the state file (temp file + rename, so a crash never leaves a half-written file). Concurrent calls
   * coalesce: the returned promise resolves once a write that includes every change made so far is on disk.
   */
  persist(): Promise<void> {
    if (!this.stateFile) return Promise.resolve();
    if (this.queued) return this.queued;
    if (!this.saving) return this.startSave();
    this.queued = this.saving.then(() => {
      this.queued = null;
      return this.startSave();
    });
    return this.queued;
  }

  private startSave(): Promise<void> {
    const save = this.writeState(JSON.stringify(this.state));
    // `saving` never rejects (callers get `save` itself); it only tells whether a write is in flight.
    const tracked: Promise<void> = save
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        if (this.saving === tracked) this.saving = null;
      });
    this.saving = tracked;
    return save;
  }

  private async writeState(text: string): Promise<void> {
    const file = this.stateFile as string;
    const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    await mkdir(dirname(file), { recursive: true });
    try {
      await writeFile(temp, text, { encoding: 'utf8', mode: 0o600 });
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Waits for pending writes (used when closing). */
  async flush(): Promise<void> {
    while (this.saving || this.queued) await (this.queued ?? this.saving)?.catch(() => undefined);
  }

  /** Clears users, groups, removals, runs and idempotency records (the tenant stays). */
  reset(): void {
    this.state = emptyState();
  }

  /** Closes, as `expired`, an open run idle for longer than the idle timeout. Returns true when one expired. */
  expireIdleRuns(): boolean {
    let changed = false;
    const now = this.now();
    for (const run of this.state.runs) {
      const last = Date.parse(run.lastActivityAt);
      if (run.status === 'open' && now - last > this.runIdleTimeoutMs) {
        run.status = 'expired';
        run.closedAt = new Date(last + this.runIdleTimeoutMs).toISOString();
        changed = true;
      }
    }
    return changed;
  }

  findRun(runId: string): RunRecord | undefined {
    return this.state.runs.find((r) => r.runId === runId);
  }

  requireRun(runId: string): RunRecord {
    const run = this.findRun(runId);
    if (!run) throw new EmulatorProblem(404, 'RUN_NOT_FOUND', `no run ${runId}`);
    return run;
  }

  requireOpen(run: RunRecord): void {
    if (run.status !== 'open') {
      throw new EmulatorProblem(409, 'RUN_CLOSED', `run ${run.runId} is ${run.status}`, undefined, {
        runId: run.runId,
        status: run.status,
        closedAt: run.closedAt,
      });
    }
  }

  /** Counts a batch that reached an open or closed run, before anything else happens to it. */
  noteReceived(run: RunRecord, kind: BatchKind, count: number): void {
    run.batchesReceived += 1;
    if (kind === 'users') run.usersReceived += count;
    else if (kind === 'groups') run.groupsReceived += count;
    else run.removalsReceived += count;
    this.touch(run);
  }

  private touch(run: RunRecord): void {
    if (run.status === 'open') run.lastActivityAt = new Date(this.now()).toISOString();
  }

  /** The stored answer for (scope, key), or undefined. A key reused with another body is a 422. */
  replay(scope: string, key: string | undefined, bodyHash: string, run?: RunRecord): IdempotencyRecord | undefined {
    if (!key) return undefined;
    const record = this.state.idempotency[`${scope}|${key}`];
    if (!record) return undefined;
    if (record.bodyHash !== bodyHash) {
      throw new EmulatorProblem(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different body');
    }
    if (run) {
      run.replays += 1;
      this.touch(run);
    }
    return record;
  }

  remember(scope: string, key: string | undefined, bodyHash: string, status: number, response: unknown): void {
    if (key) this.state.idempotency[`${scope}|${key}`] = { bodyHash, status, response };
  }

  openRun(mode: SyncMode, agentVersion: string): RunRecord {
    this.expireIdleRuns();
    const open = this.state.runs.find((r) => r.status === 'open');
    if (open) {
      const expiresAt = new Date(Date.parse(open.lastActivityAt) + this.runIdleTimeoutMs).toISOString();
      throw new EmulatorProblem(409, 'RUN_OPEN', `run ${open.runId} is still open`, undefined, {
        openRunId: open.runId,
        lastActivityAt: open.lastActivityAt,
        expiresAt,
      });
    }
    const at = new Date(this.now()).toISOString();
    const run: RunRecord = {
      runId: randomUUID(),
      mode,
      agentVersion,
      status: 'open',
      openedAt: at,
      lastActivityAt: at,
      usersReceived: 0,
      usersAccepted: 0,
      usersMatched: 0,
      usersUnmatched: 0,
      usersRejected: 0,
      groupsReceived: 0,
      groupsAccepted: 0,
      removalsReceived: 0,
      usersRemoved: 0,
      batchesReceived: 0,
      replays: 0,
    };
    this.state.runs.push(run);
    this.pruneIdempotency();
    return run;
  }

  /** Forgets idempotency records of old runs so the state file does not grow forever. */
  private pruneIdempotency(): void {
    const keep = new Set(this.state.runs.slice(-KEPT_RUNS_WITH_IDEMPOTENCY).map((r) => r.runId));
    for (const key of Object.keys(this.state.idempotency)) {
      const runId = key.split('|')[0] ?? '';
      if (runId !== 'open' && !keep.has(runId)) delete this.state.idempotency[key];
    }
    const openKeys = Object.keys(this.state.idempotency).filter((k) => k.startsWith('open|'));
    for (const key of openKeys.slice(0, Math.max(0, openKeys.length - KEPT_RUNS_WITH_IDEMPOTENCY))) {
      delete this.state.idempotency[key];
    }
  }

  closeRun(run: RunRecord, request: CloseRunRequest): void {
    run.status = request.status;
    run.totals = { ...request.totals };
    run.closedAt = new Date(this.now()).toISOString();
    run.lastActivityAt = run.closedAt;
  }

  /** Soft match and upsert: `rejected` users (bad photo) are not stored; others replace any stored version. */
  upsertUsers(run: RunRecord, users: UserPayload[]): UserResult[] {
    const m365 = new Set(this.tenant.m365Users.map((e) => e.toLowerCase()));
    const removed = new Set(this.state.removed);
    const results = users.map((user): UserResult => {
      const reason = user.photo ? photoRejection(user.photo) : undefined;
      if (reason) {
        run.usersRejected += 1;
        return { objectGuid: user.objectGuid, outcome: 'rejected', reason };
      }
      delete this.state.users[user.objectGuid];
      this.state.users[user.objectGuid] = user;
      removed.delete(user.objectGuid);
      run.usersAccepted += 1;
      if (m365.has(user.email.toLowerCase())) {
        run.usersMatched += 1;
        return { objectGuid: user.objectGuid, outcome: 'matched' };
      }
      run.usersUnmatched += 1;
      return { objectGuid: user.objectGuid, outcome: 'unmatched' };
    });
    this.state.removed = [...removed];
    return results;
  }

  upsertGroups(run: RunRecord, groups: GroupPayload[]): number {
    for (const group of groups) {
      delete this.state.groups[group.objectGuid];
      this.state.groups[group.objectGuid] = group;
    }
    run.groupsAccepted += groups.length;
    return groups.length;
  }

  /** Deletes the stored users; every guid is recorded as removed. Returns how many existed. */
  removeUsers(run: RunRecord, guids: string[]): number {
    const removed = new Set(this.state.removed);
    let count = 0;
    for (const guid of guids) {
      if (this.state.users[guid]) {
        delete this.state.users[guid];
        count += 1;
      }
      removed.add(guid);
    }
    this.state.removed = [...removed];
    run.usersRemoved += count;
    return count;
  }

  /** The run as the API returns it. */
  runView(run: RunRecord): Run {
    return {
      runId: run.runId,
      mode: run.mode,
      status: run.status,
      openedAt: run.openedAt,
      ...(run.closedAt ? { closedAt: run.closedAt } : {}),
      ...(run.totals ? { totals: run.totals } : {}),
    };
  }

  /** Everything received, for `GET /_emulator/state`. */
  snapshot(): { users: UserPayload[]; groups: GroupPayload[]; removed: string[]; runs: RunRecord[] } {
    return {
      users: Object.values(this.state.users),
      groups: Object.values(this.state.groups),
      removed: [...this.state.removed],
      runs: this.state.runs.map((r) => ({ ...r })),
    };
  }
}

/** Hash of a raw request body, for idempotency comparisons. */
export function bodyHash(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}
