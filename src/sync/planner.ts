import { createHash } from 'node:crypto';
import type { UserPayload } from '../api/types.js';
import type { DirectoryUser, ResolvedScope } from '../directory/model.js';
import type { DepartureReader, GroupGraphReader, UserReader, UsersByDnReader } from '../directory/source.js';
import { emptyCounts, type RunCounts, type RunWarning } from '../state/run-summary.js';
import type { StateDb } from '../state/state-db.js';
import { conflictParties, EmailConflicts } from './email-conflicts.js';
import { planGroupsFor, type GroupMember, type PlannedGroups } from './groups.js';
import { ManagerResolver } from './manager-resolver.js';
import { hashPayload } from './payload-hash.js';
import { ReportsToReplan } from './report-replan.js';
import type { ProgressSink } from './progress.js';
import type { ModeDecision } from './sync-mode.js';
import { EmailCensus } from './email-census.js';
import { Spool, type SpooledUser } from './spool.js';
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
  progress: ProgressSink;
  /** Absent: the default mapping. */
  mapping?: EffectiveMapping;
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
  const { directory, state, scope, decision, progress } = inputs;
  const counts = emptyCounts();
  const spool = await Spool.create(inputs.spoolDir);
  const adds: Plan['adds'] = [];
  const updates: Plan['updates'] = [];
  const leaving = new Set<string>();
  const seen = new Set<string>();
  const operations: string[] = [];
  const mapping = inputs.mapping ?? DEFAULT_MAPPING;
  const managers = new ManagerResolver(directory, mapping);
  const warnings: RunWarning[] = [];
  const conflicts = new EmailConflicts();
  const delta = decision.mode === 'delta';
  /** In-scope users with their direct groups: the members of the group payloads. */
  const groupMembers: GroupMember[] = [];
  /** One string per group DN, however many users' memberOf name it (100,000 users, a few hundred groups). */
  const dns = new Map<string, string>();
  const internDn = (dn: string): string => {
    const known = dns.get(dn);
    if (known !== undefined) return known;
    dns.set(dn, dn);
    return dn;
  };

  /** Delta: the users read (lower-case DNs), and the reports of managers whose email changed. */
  const readDns = new Set<string>();
  const reports = new ReportsToReplan(state);
  const uploads = delta ? undefined : inputs.sendWhileReading;

  try {
    // The census is read beside the full read (the DC works on both at once): until it is
    // complete, changed users wait in the spool; from then on, a user alone with its email is sent.
    let census: EmailCensus | undefined;
    const censusRead = uploads
      ? EmailCensus.read(directory, scope, mapping).then((read) => {
          census = read;
        })
      : undefined;
    // Awaited after the read (its error, e.g. a lost DC, then fails the plan); until then, a read
    // that fails first must not leave it unhandled.
    censusRead?.catch(() => undefined);
    const send = async (user: SpooledUser): Promise<void> => {
      if (census?.alone(user.payload.objectGuid, user.payload.email)) await uploads!.add(user);
      else await spool.add(user);
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
        if (seen.has(user.objectGuid)) continue;
        seen.add(user.objectGuid);
        if (!user.inScope || result.kind === 'skipped') {
          if (user.inScope) counts.skippedNoEmail += 1;
          if (state.userHash(user.objectGuid) !== undefined) leaving.add(user.objectGuid);
          continue;
        }
        const payload = result.payload;
        const manager = result.managerDn ? managers.lookup(result.managerDn) : undefined;
        if (manager && 'email' in manager) payload.managerEmail = manager.email;
        else if (manager) warnings.push(managerWarning(user.dn, payload, result.managerDn!, manager.missing));
        warnings.push(...result.warnings);
        conflicts.add(payload.objectGuid, payload.email, user.dn);
        counts.inScope += 1;
        groupMembers.push({ objectGuid: payload.objectGuid, memberOf: (user.attributes.memberof ?? []).map(internDn) });
        const hash = hashPayload(payload);
        const previousHash = state.userHash(payload.objectGuid);
        if (previousHash === hash) {
          // Sent by this run before a DC was lost (and read again from the next): counted by the uploads.
          if (!uploads?.has(payload.objectGuid)) counts.unchanged += 1;
          continue;
        }
        await send({ payload, hash, isNew: previousHash === undefined });
        if (inputs.detail) operations.push(`U ${payload.objectGuid} ${hash}`);
        if (previousHash !== undefined && inputs.detail) {
          updates.push({ objectGuid: payload.objectGuid, email: payload.email, changes: fieldChanges(state.user(payload.objectGuid)!.payload, storedForm(payload)) });
        } else if (previousHash === undefined) adds.push({ objectGuid: payload.objectGuid, email: payload.email, ...(payload.displayName ? { displayName: payload.displayName } : {}) });
      }
      progress.report('read', counts.read, undefined, uploads?.sentCount());
    };
    const reads = delta ? directory.readUsers(scope, { changedAfterUsn: inputs.watermarkUsn! }) : directory.readUsers(scope);
    for await (const page of reads) await planPage(page);
    await censusRead;
    // Their uSNChanged did not move, but their managerEmail did (report-replan.ts).
    const reportDns = delta ? reports.dnsNotIn(readDns) : [];
    if (reportDns.length > 0) for await (const page of directory.readUsers(scope, { dns: reportDns })) await planPage(page);
    await spool.finish();

    // Who has gone: on full, everyone synced and not seen; on delta, the tombstones, or, when the
    // account may not read them, everyone synced who is no longer among the scope's GUIDs.
    let present: Set<string> | undefined = delta ? undefined : seen;
    if (delta) {
      const deleted = await directory.readDeletedUserGuids(inputs.watermarkUsn!);
      if (deleted) {
        for (const guid of deleted) if (state.userHash(guid) !== undefined) leaving.add(guid);
      } else {
        present = new Set<string>();
        for await (const guids of directory.readScopeGuids(scope)) for (const guid of guids) present.add(guid);
      }
    }
    const keys = state.userKeys();
    const removals = keys.filter((key) => leaving.has(key.objectGuid) || (present !== undefined && !present.has(key.objectGuid)));
    // A delta's unread synced users keep their email: a changed user may not take it.
    const removed = new Set(removals.map((key) => key.objectGuid));
    const staying = delta ? keys.filter((key) => !seen.has(key.objectGuid) && !removed.has(key.objectGuid)) : [];
    holdBackEmailConflicts(conflicts, staying, { spool, adds, updates, operations, warnings, counts, groupMembers, ...(uploads ? { uploads } : {}) });
    // Conflicts of the last run whose users this delta did not read still stand; if it read one, they must be judged again.
    const parties = delta ? conflictParties(inputs.previousConflicts ?? []) : new Set<string>();
    const conflictsChanged = [...parties].some((guid) => seen.has(guid) || removed.has(guid));
    if (parties.size > 0 && !conflictsChanged) {
      const standing = (inputs.previousConflicts ?? []).filter((warning) => warning.code === 'EMAIL_CONFLICT');
      warnings.push(...standing);
      counts.emailConflicts += standing.length;
    }
    if (inputs.detail) for (const removal of removals) operations.push(`R ${removal.objectGuid}`);
    const groups = await planGroupsFor({
      directory,
      state,
      scope,
      mapping,
      members: groupMembers,
      // Users held back for an email conflict are not members of the groups sent.
      heldBack: new Set(warnings.filter((warning) => warning.code === 'EMAIL_CONFLICT').map((warning) => warning.objectGuid)),
      ...(delta ? { delta: { watermarkUsn: inputs.watermarkUsn!, usersChanged: adds.length + removals.length > 0 } } : {}),
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

/**
 * Email conflicts (docs/mapping.md): users sharing an email are taken out of the plan (the spool,
 * adds, updates, the plan hash's operations, the counts; and, unless synced before, the group
 * members) and reported. They were marked seen, so they are not removed either: users synced
 * before stay as they were.
 */
function holdBackEmailConflicts(
  conflicts: EmailConflicts,
  others: { objectGuid: string; email: string }[],
  plan: {
    spool: Spool;
    adds: Plan['adds'];
    updates: Plan['updates'];
    operations: string[];
    warnings: RunWarning[];
    counts: RunCounts;
    groupMembers: GroupMember[];
    /** A run that sent while it read: a held user already sent (its email changed during the read) is neither dropped nor unchanged. */
    uploads?: UserUploads;
  },
): void {
  const { held, heldOfRun, warnings } = conflicts.resolve(others);
  if (held.size === 0) return;
  plan.warnings.push(...warnings);
  const dropped = plan.spool.exclude(held);
  const sent = heldOfRun.filter((owner) => plan.uploads?.has(owner.objectGuid)).length;
  plan.counts.inScope -= heldOfRun.length;
  plan.counts.unchanged -= heldOfRun.length - dropped - sent;
  plan.counts.emailConflicts += heldOfRun.length;
  const added = new Set(plan.adds.map((add) => add.objectGuid));
  filterInPlace(plan.groupMembers, (member) => !(held.has(member.objectGuid) && added.has(member.objectGuid)));
  filterInPlace(plan.adds, (add) => !held.has(add.objectGuid));
  filterInPlace(plan.updates, (update) => !held.has(update.objectGuid));
  filterInPlace(plan.operations, (operation) => !held.has(operation.split(' ')[1] ?? ''));
}

/** Keeps the items that pass, in order, in the same array (no spread: lists can be long). */
function filterInPlace<T>(list: T[], keep: (item: T) => boolean): void {
  let next = 0;
  for (const item of list) if (keep(item)) list[next++] = item;
  list.length = next;
}
