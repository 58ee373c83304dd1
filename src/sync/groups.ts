import { createHash } from 'node:crypto';
import type { Signature365Client } from '../api/client.js';
import { isEmail, MAX_DESCRIPTION_LENGTH, MAX_STRING_LENGTH } from '../api/schema.js';
import type { GroupPayload } from '../api/types.js';
import type { DirectoryGroupNode, ResolvedScope } from '../directory/model.js';
import type { GroupGraphReader, UserReader } from '../directory/source.js';
import type { RunCounts } from '../state/run-summary.js';
import type { StateDb } from '../state/state-db.js';
import { chooseEmail, type EmailRule } from './email.js';
import { inBatches } from './batches.js';
import type { ProgressSink } from './progress.js';

/**
 * Groups sync: the groups in scope are sent with their name, email, description and the in-scope
 * users that are their transitive members, so that signature rules can target groups. Only groups
 * whose payload changed since Signature 365 last accepted it are sent; groups that left the scope
 * are dropped from the state (the API has no group removal today).
 */

/** An in-scope user as groups sync needs it: its GUID and its direct groups. */
export interface GroupMember {
  objectGuid: string;
  memberOf: readonly string[];
}

/** The groups part of a plan. */
export interface PlannedGroups {
  /** Payloads whose hash differs from the state's, to send. */
  send: { payload: GroupPayload; hash: string }[];
  /** Groups in scope whose payload did not change. */
  unchanged: number;
  /** GUIDs of groups in the state that are not in scope any more: forgotten after a successful run. */
  dropped: string[];
  /** False when a delta saw nothing that could change a group: nothing computed, state kept. */
  computed: boolean;
}

const key = (dn: string): string => dn.toLowerCase();

function isUnder(dn: string, bases: readonly string[]): boolean {
  const lower = key(dn);
  return bases.some((base) => lower === key(base) || lower.endsWith(`,${key(base)}`));
}

/**
 * Which groups of the graph are sent. Scope `groups`: the scope groups and the groups nested in
 * them. Scope `all`: every group under the search bases except builtin and system ones
 * (isCriticalSystemObject). Excluded groups (and those nested in them) never are.
 */
export function groupsInScope(scope: ResolvedScope, graph: readonly DirectoryGroupNode[]): DirectoryGroupNode[] {
  const excluded = new Set((scope.excludedGroupDns ?? []).map(key));
  if (scope.kind === 'groups') {
    const closure = new Set(scope.groupDns.map(key));
    return graph.filter((group) => closure.has(key(group.dn)) && !excluded.has(key(group.dn)));
  }
  return graph.filter((group) => !group.critical && !excluded.has(key(group.dn)) && isUnder(group.dn, scope.searchBases));
}

/**
 * The groups each user belongs to transitively, over the graph's `memberOf` edges (breadth-first
 * with a visited set: nesting cycles end), memoised per group.
 */
export class GroupAncestry {
  private readonly byDn: Map<string, DirectoryGroupNode>;
  private readonly memo = new Map<string, Set<string>>();

  constructor(graph: readonly DirectoryGroupNode[]) {
    this.byDn = new Map(graph.map((group) => [key(group.dn), group]));
  }

  /** Lower-case DNs of the group and of every graph group it is nested in. */
  ancestorsOf(groupDn: string): Set<string> {
    const start = key(groupDn);
    const known = this.memo.get(start);
    if (known) return known;
    const seen = new Set<string>();
    if (this.byDn.has(start)) {
      seen.add(start);
      const queue = [start];
      for (let index = 0; index < queue.length; index++) {
        for (const parent of this.byDn.get(queue[index]!)?.memberOf ?? []) {
          const parentKey = key(parent);
          if (seen.has(parentKey) || !this.byDn.has(parentKey)) continue;
          seen.add(parentKey);
          queue.push(parentKey);
        }
      }
    }
    this.memo.set(start, seen);
    return seen;
  }

  /** Lower-case DNs of every graph group a user with these direct groups is in, transitively. */
  groupsOf(memberOf: readonly string[]): Set<string> {
    const all = new Set<string>();
    for (const dn of memberOf) for (const group of this.ancestorsOf(dn)) all.add(group);
    return all;
  }
}

function clip(value: string | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

/** The payloads of the groups in scope, each with its transitive in-scope members (sorted GUIDs). */
export function buildGroupPayloads(scope: ResolvedScope, graph: readonly DirectoryGroupNode[], members: Iterable<GroupMember>): GroupPayload[] {
  const sent = groupsInScope(scope, graph);
  const memberGuids = new Map(sent.map((group) => [key(group.dn), new Set<string>()]));
  const ancestry = new GroupAncestry(graph);
  for (const member of members) {
    for (const dn of ancestry.groupsOf(member.memberOf)) memberGuids.get(dn)?.add(member.objectGuid);
  }
  return sent.map((group) => {
    const email = chooseEmail({ proxyaddresses: group.proxyAddresses, mail: group.mail ? [group.mail] : undefined })?.email;
    const description = clip(group.description, MAX_DESCRIPTION_LENGTH);
    return {
      objectGuid: group.objectGuid,
      name: clip(group.name, MAX_STRING_LENGTH) ?? group.objectGuid,
      ...(email && isEmail(email) ? { email } : {}),
      ...(description ? { description } : {}),
      memberGuids: [...(memberGuids.get(key(group.dn)) ?? [])].sort(),
    };
  });
}

/** Stable hash of a group payload (members sorted already). */
export function hashGroup(payload: GroupPayload): string {
  const ordered = {
    objectGuid: payload.objectGuid,
    name: payload.name,
    email: payload.email ?? null,
    description: payload.description ?? null,
    memberGuids: payload.memberGuids,
  };
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

/** Diffs the payloads against the state: what to send, what is unchanged, what to forget. */
export function planGroups(payloads: readonly GroupPayload[], state: Pick<StateDb, 'groupHash' | 'groupGuids'>): PlannedGroups {
  const send: PlannedGroups['send'] = [];
  let unchanged = 0;
  const inScope = new Set<string>();
  for (const payload of payloads) {
    inScope.add(payload.objectGuid);
    const hash = hashGroup(payload);
    if (state.groupHash(payload.objectGuid) === hash) unchanged += 1;
    else send.push({ payload, hash });
  }
  const dropped = state.groupGuids().filter((guid) => !inScope.has(guid));
  return { send, unchanged, dropped, computed: true };
}

/**
 * The groups part of a plan. Full: from the in-scope users just read. Delta: only the changed users
 * were read, so when anything could have changed a group (a group of the graph changed after the
 * watermark, users entered or left the scope, the set of groups differs from the state's) the
 * membership of the whole scope is read again, cheaply (GUID, email attributes, memberOf);
 * otherwise nothing is computed and the state is kept.
 */
export async function planGroupsFor(inputs: {
  directory: GroupGraphReader & UserReader;
  state: StateDb;
  scope: ResolvedScope;
  mapping: EmailRule;
  /** Full: the in-scope users just read (delta reads them again when needed). */
  members: Iterable<GroupMember>;
  /** Users not sent in this run (email conflicts): left out of memberGuids. */
  heldBack?: ReadonlySet<string>;
  delta?: { watermarkUsn: string; usersChanged: boolean };
}): Promise<PlannedGroups> {
  const { directory, state, scope, delta } = inputs;
  const heldBack = inputs.heldBack ?? new Set<string>();
  const graph = await directory.readGroupGraph(scope);
  if (!delta) return planGroups(buildGroupPayloads(scope, graph, without(inputs.members, heldBack)), state);
  const inScope = groupsInScope(scope, graph);
  const known = new Set(state.groupGuids());
  const watermark = BigInt(delta.watermarkUsn);
  const changed =
    delta.usersChanged ||
    known.size !== inScope.length ||
    inScope.some((group) => !known.has(group.objectGuid)) ||
    graph.some((group) => group.usnChanged !== undefined && BigInt(group.usnChanged) > watermark);
  if (!changed) return groupsNotComputed();
  const members: GroupMember[] = [];
  for await (const page of directory.readUsers(scope, { membershipOnly: true })) {
    for (const user of page) {
      if (user.inScope && !heldBack.has(user.objectGuid) && chooseEmail(user.attributes, inputs.mapping)) members.push({ objectGuid: user.objectGuid, memberOf: user.attributes.memberof ?? [] });
    }
  }
  return planGroups(buildGroupPayloads(scope, graph, members), state);
}

function* without(members: Iterable<GroupMember>, excluded: ReadonlySet<string>): Iterable<GroupMember> {
  for (const member of members) if (!excluded.has(member.objectGuid)) yield member;
}

/** Groups sync planned nothing (a delta where no group and no in-scope user set changed). */
export function groupsNotComputed(): PlannedGroups {
  return { send: [], unchanged: 0, dropped: [], computed: false };
}

/**
 * Sends the planned groups in batches (by count and bytes), confirming each batch in the state,
 * then forgets the groups that left the scope. Idempotency key `${runId}:groups:${n}`.
 */
export async function sendGroups(
  groups: PlannedGroups,
  runId: string,
  inputs: { client: Signature365Client; state: StateDb; progress: ProgressSink },
  counts: RunCounts,
): Promise<void> {
  let index = 0;
  for await (const batch of inBatches(groups.send, (item) => Buffer.byteLength(JSON.stringify(item.payload)) + 1)) {
    await inputs.client.upsertGroups(runId, batch.map((item) => item.payload), `${runId}:groups:${index++}`);
    inputs.state.confirmGroups(batch.map((item) => ({ objectGuid: item.payload.objectGuid, hash: item.hash, name: item.payload.name })));
    counts.groupsSent += batch.length;
    inputs.progress.report('send-groups', counts.groupsSent, groups.send.length);
  }
  if (groups.dropped.length > 0) inputs.state.forgetGroups(groups.dropped);
}
