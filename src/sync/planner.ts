import { createHash } from 'node:crypto';
import type { UserPayload } from '../api/types.js';
import type { DirectoryUser, ResolvedScope } from '../directory/model.js';
import type { DepartureReader, GroupGraphReader, UserReader, UsersByDnReader } from '../directory/source.js';
import { emptyCounts, type RunCounts, type RunWarning } from '../state/run-summary.js';
import type { StateDb } from '../state/state-db.js';
import { conflictParties, EmailConflicts } from './email-conflicts.js';
import { planGroupsFor, type PlannedGroups } from './groups.js';
import { ManagerResolver } from './manager-resolver.js';
import { hashPayload } from './payload-hash.js';
import { ReportsToReplan } from './report-replan.js';
import type { ProgressSink } from './progress.js';
import type { ModeDecision } from './sync-mode.js';
import type { Logger } from '../log/logger.js';
import { outsideMessage } from '../log/outside.js';
import { DirectoryError, DirectoryUnreachableError } from '../protocol/errors.js';
import { EmailCensus } from './email-census.js';
import { ScratchMap, ScratchSet, type RunScratch } from './run-scratch.js';
import { Spool, type SpooledUser } from './spool.js';
import { UserLedger, type UserDecision } from './user-ledger.js';
import type { UserUploads } from './user-uploads.js';
import { DEFAULT_MAPPING, mapUser, type EffectiveMapping } from './user-mapping.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Everything a run would do, computed before anything is sent. */
export interface Plan {
  decision: ModeDecision;
  /** The upserts, on disk. */
  spool: Spool;
  /** With `detail` only (empty otherwise): the users added. */
  adds: { objectGuid: string; email: string; displayName?: string }[];
  /** With `detail` only (empty otherwise): the updates with their field changes. */
  updates: { objectGuid: string; email: string; changes: FieldChange[] }[];
  removals: { objectGuid: string; email: string }[];
  counts: RunCounts;
  /** Per-user problems (oversize photo, manager not found, email conflicts). */
  warnings: RunWarning[];
  /**
   * Delta only: a user of an email conflict of the last run changed, so the users held back with
   * it must be judged again: the caller plans a full run instead.
   */
  conflictsChanged?: boolean;
  /** Groups sync: the group payloads that changed, and the groups that left the scope. */
  groups: PlannedGroups;
  /** The state generation the plan was computed against. */
  stateGeneration: number;
  /** With `detail` only ('' otherwise): identifies the plan's operations; the same directory and state give the same hash. */
  planHash: string;
}

export interface PlanInputs {
  directory: UserReader & DepartureReader & UsersByDnReader & GroupGraphReader;
  state: StateDb;
  scope: ResolvedScope;
  decision: ModeDecision;
  /** For delta: the watermark USN to read above. */
  watermarkUsn?: string;
  spoolDir: string;
  /** The run's working set on disk (the ledger of decisions, the census, the managers' emails). */
  scratch: RunScratch;
  progress: ProgressSink;
  /** Absent: the default mapping. */
  mapping?: EffectiveMapping;
  /** For what the plan works around (a census that failed, a first page read again). */
  logger?: Logger;
  /** Delta: the EMAIL_CONFLICT warnings of the last successful run (still standing unless a party changed). */
  previousConflicts?: RunWarning[];
  /**
   * A full run that sends while it reads (engine.ts): a changed user whose email an EmailCensus
   * shows as its own goes to these uploads at once; the others wait in the spool for the end of
   * the read, when every email conflict is known.
   */
  sendWhileReading?: UserUploads;
  /**
   * Keep what only a plan file needs: each update's field changes and the operations behind
   * planHash (a dry run writes them; applying a plan file compares planHash). A sync that sends
   * keeps counts only, which saves a field-by-field comparison and a list entry per changed user.
   */
  detail: boolean;
}

/** The payload as it is kept in the state and compared in plans: the photo without its bytes. */
export function storedForm(payload: UserPayload): Record<string, unknown> {
  const { photo, ...rest } = payload;
  return photo ? { ...rest, photo: { contentType: photo.contentType, sha256: photo.sha256 } } : rest;
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * Reads the directory (all of the scope, or what changed since the watermark), maps and hashes
 * each user, and diffs against the state: changed users go to the spool, users gone from the scope
 * become removals. Sends nothing.
 */
export async function buildPlan(inputs: PlanInputs): Promise<Plan> {
  const { directory, state, scope, decision, progress, scratch } = inputs;
  const counts = emptyCounts();
  const ledger = new UserLedger(scratch);
  const spool = await Spool.create(inputs.spoolDir, new ScratchSet(scratch));
  const updates: Plan['updates'] = [];
  const operations: string[] = [];
  const mapping = inputs.mapping ?? DEFAULT_MAPPING;
  const managers = new ManagerResolver(directory, mapping, new ScratchMap(scratch));
  const warnings: RunWarning[] = [];
  const delta = decision.mode === 'delta';

  /** Delta: the users read (lower-case DNs), and the reports of managers whose email changed. */
  const readDns = new Set<string>();
  const reports = new ReportsToReplan(state);
  const uploads = delta ? undefined : inputs.sendWhileReading;

  try {
    // The census is read beside the full read (the DC works on both at once): until it is
    // complete, changed users wait in the spool; from then on, a user alone with its email is sent.
    // It only lets users go early: a census that fails costs that, not the run (logged).
    let census: EmailCensus | undefined;
    let censusRead: Promise<void> | undefined;
    const startCensus = (): void => {
      if (!uploads || censusRead) return;
      censusRead = EmailCensus.read(directory, scope, mapping, scratch).then(
        (read) => {
          census = read;
        },
        (error: unknown) => {
          inputs.logger?.warn('The email census failed: the users not sent yet wait for the end of the read', { reason: outsideMessage(error) });
        },
      );
    };
    /** Sends the changed user now or spools it; true when it went to the uploads. */
    const send = async (user: SpooledUser): Promise<boolean> => {
      if (census?.alone(user.payload.objectGuid, user.payload.email)) {
        await uploads!.add(user);
        return true;
      }
      await spool.add(user);
      return false;
    };
    const planPage = async (page: DirectoryUser[]): Promise<void> => {
      counts.read += page.length;
      const mapped = page.map((user) => ({ user, result: mapUser(user, mapping) }));
      for (const { user, result } of mapped) {
        const email = result.kind === 'payload' ? result.payload.email : undefined;
        managers.remember(user.dn, email);
        if (delta) {
          readDns.add(user.dn.toLowerCase());
          reports.note(user, email);
        }
      }
      await managers.prefetch(
        mapped.flatMap(({ user, result }) => (user.inScope && result.kind === 'payload' && result.managerDn ? [result.managerDn] : [])),
      );
      for (const { user, result } of mapped) {
        if (ledger.has(user.objectGuid)) continue;
        if (!user.inScope || result.kind === 'skipped') {
          ledger.record({ objectGuid: user.objectGuid, decision: user.inScope ? 'no-email' : 'out-of-scope' });
          continue;
        }
        const payload = result.payload;
        const manager = result.managerDn ? managers.lookup(result.managerDn) : undefined;
        if (manager && 'email' in manager) payload.managerEmail = manager.email;
        else if (manager) warnings.push(managerWarning(user.dn, payload, result.managerDn!, manager.missing));
        warnings.push(...result.warnings);
        const hash = hashPayload(payload);
        const previousHash = state.userHash(payload.objectGuid);
        const owner = { objectGuid: payload.objectGuid, email: payload.email, dn: user.dn, memberOf: user.attributes.memberof ?? [], ...(payload.displayName ? { displayName: payload.displayName } : {}) };
        if (previousHash === hash) {
          // Sent by this run before a DC was lost (and read again from the next): counted by the uploads.
          ledger.record({ ...owner, decision: uploads?.has(payload.objectGuid) ? 'confirmed-earlier' : 'unchanged' });
          continue;
        }
        const changed: UserDecision = previousHash === undefined ? 'add' : 'update';
        const sent = await send({ payload, hash, isNew: previousHash === undefined });
        ledger.record({ ...owner, decision: changed, sent });
        if (inputs.detail) {
          operations.push(`U ${payload.objectGuid} ${hash}`);
          if (changed === 'update') updates.push({ objectGuid: payload.objectGuid, email: payload.email, changes: fieldChanges(state.user(payload.objectGuid)!.payload, storedForm(payload)) });
        }
      }
      progress.report('read', counts.read, undefined, uploads?.sentCount());
    };
    if (delta) {
      for await (const page of directory.readUsers(scope, { changedAfterUsn: inputs.watermarkUsn! })) await planPage(page);
    } else {
      startCensus();
      let pages = 0;
      try {
        for await (const page of directory.readUsers(scope)) {
          pages += 1;
          await planPage(page);
        }
      } catch (error) {
        // A DC builds a paged search's whole result before its first page; Samba, asked to build
        // two at once (this read and the census, 100,000 users), can fail both. Nothing was read
        // yet: read again alone, and take the census once the first page is in.
        if (!uploads || pages > 0 || !(error instanceof DirectoryError) || error instanceof DirectoryUnreachableError) throw error;
        inputs.logger?.warn('The DC refused the first page of the read while it also built the email census; reading again, the census after', {
          reason: outsideMessage(error),
        });
        await censusRead;
        if (!census) censusRead = undefined;
        for await (const page of directory.readUsers(scope)) {
          await planPage(page);
          startCensus();
        }
      }
    }
    await censusRead;
    // Their uSNChanged did not move, but their managerEmail did (report-replan.ts).
    const reportDns = delta ? reports.dnsNotIn(readDns) : [];
    if (reportDns.length > 0) for await (const page of directory.readUsers(scope, { dns: reportDns })) await planPage(page);
    await spool.finish();

    // Who has gone: on full, everyone synced and not read; on delta, the tombstones, or, when the
    // account may not read them, everyone synced who is no longer among the scope's GUIDs. Both
    // also lose the synced users read out of scope or without an email.
    let deleted: Set<string> | undefined;
    let present: ScratchSet | undefined;
    if (delta) {
      const tombstones = await directory.readDeletedUserGuids(inputs.watermarkUsn!);
      if (tombstones) deleted = new Set(tombstones);
      else {
        present = new ScratchSet(scratch);
        for await (const guids of directory.readScopeGuids(scope)) for (const guid of guids) present.add(guid);
      }
    }
    const removals: Plan['removals'] = [];
    /** Delta: synced users this run did not read that stay synced and keep their email, when a user read chose it. */
    const staying: { objectGuid: string; email: string }[] = [];
    for (const key of state.eachUserKey()) {
      const read = ledger.decision(key.objectGuid);
      const gone =
        read === 'no-email' ||
        read === 'out-of-scope' ||
        (!delta && read === undefined) ||
        deleted?.has(key.objectGuid) === true ||
        (present !== undefined && !present.has(key.objectGuid));
      if (gone) removals.push(key);
      else if (delta && read === undefined && ledger.ownersOf(key.email).length > 0) staying.push(key);
    }
    const removed = new Set(removals.map((key) => key.objectGuid));

    // Email conflicts (docs/mapping.md): every user sharing an email is held back.
    const conflicts = new EmailConflicts();
    const owners = new Set<string>();
    const addOwner = (owner: { objectGuid: string; email: string; dn?: string }) => {
      if (owners.has(owner.objectGuid)) return;
      owners.add(owner.objectGuid);
      conflicts.add(owner.objectGuid, owner.email, owner.dn);
    };
    for (const owner of ledger.sharedEmailOwners()) addOwner(owner);
    for (const other of staying) for (const owner of ledger.ownersOf(other.email)) addOwner(owner);
    const { held, heldOfRun, warnings: conflictWarnings } = conflicts.resolve(staying);
    warnings.push(...conflictWarnings);
    spool.exclude(held);

    // The counts, from the decisions.
    const decided = ledger.counts(held);
    counts.inScope = decided.add + decided.update + decided.unchanged + decided['confirmed-earlier'];
    counts.unchanged = decided.unchanged;
    counts.skippedNoEmail = decided['no-email'];
    counts.emailConflicts = heldOfRun.length;

    // Conflicts of the last run whose users this delta did not read still stand; if it read one, they must be judged again.
    const parties = delta ? conflictParties(inputs.previousConflicts ?? []) : new Set<string>();
    const conflictsChanged = [...parties].some((guid) => ledger.has(guid) || removed.has(guid));
    if (parties.size > 0 && !conflictsChanged) {
      const standing = (inputs.previousConflicts ?? []).filter((warning) => warning.code === 'EMAIL_CONFLICT');
      warnings.push(...standing);
      counts.emailConflicts += standing.length;
    }
    const adds = inputs.detail ? [...ledger.added(held)] : [];
    if (inputs.detail) {
      filterInPlace(updates, (update) => !held.has(update.objectGuid));
      filterInPlace(operations, (operation) => !held.has(operation.split(' ')[1] ?? ''));
      for (const removal of removals) operations.push(`R ${removal.objectGuid}`);
    }
    const groups = await planGroupsFor({
      directory,
      state,
      scope,
      mapping,
      members: ledger.groupMembers(held),
      // Users held back for an email conflict are not members of the groups sent.
      heldBack: new Set(warnings.filter((warning) => warning.code === 'EMAIL_CONFLICT').map((warning) => warning.objectGuid)),
      ...(delta ? { delta: { watermarkUsn: inputs.watermarkUsn!, usersChanged: decided.add + removals.length > 0 } } : {}),
    });
    counts.groupsSent = groups.send.length;
    if (inputs.detail) for (const group of groups.send) operations.push(`G ${group.payload.objectGuid} ${group.hash}`);
    const stateGeneration = state.generation();
    const planHash = inputs.detail
      ? createHash('sha256').update(`${decision.mode}\n${stateGeneration}\n${operations.sort().join('\n')}`).digest('hex')
      : '';
    return { decision, spool, adds, updates, removals, counts, warnings, ...(conflictsChanged ? { conflictsChanged } : {}), groups, stateGeneration, planHash };
  } catch (error) {
    await spool.remove();
    throw error;
  }
}

function managerWarning(dn: string, payload: UserPayload, managerDn: string, missing: 'not-found' | 'no-email'): RunWarning {
  return {
    objectGuid: payload.objectGuid,
    email: payload.email,
    code: missing === 'not-found' ? 'MANAGER_NOT_FOUND' : 'MANAGER_NO_EMAIL',
    message:
      missing === 'not-found'
        ? `The manager ${managerDn} is not a user or contact the agent can read: sent without managerEmail.`
        : `The manager ${managerDn} has no email: sent without managerEmail.`,
    dn,
  };
}

/** Keeps the items that pass, in order, in the same array (no spread: lists can be long). */
function filterInPlace<T>(list: T[], keep: (item: T) => boolean): void {
  let next = 0;
  for (const item of list) if (keep(item)) list[next++] = item;
  list.length = next;
}
