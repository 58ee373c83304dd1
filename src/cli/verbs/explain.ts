import { existsSync } from 'node:fs';
import path from 'node:path';
import type { UserPayload } from '../../api/types.js';
import { ConfigFiles } from '../../config/config-dir.js';
import { loadConfig } from '../../config/config.js';
import { membershipPath } from '../../directory/membership.js';
import type { DirectoryUser, ResolvedScope } from '../../directory/model.js';
import { BadRequestError } from '../../protocol/errors.js';
import { StateDb } from '../../state/state-db.js';
import { chooseEmail } from '../../sync/email.js';
import { ManagerResolver } from '../../sync/manager-resolver.js';
import { hashPayload } from '../../sync/payload-hash.js';
import { resolveScope } from '../../sync/scope.js';
import { effectiveMapping, mapUser } from '../../sync/user-mapping.js';
import { createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';

const UAC_ACCOUNTDISABLE = 0x2;

/** Why a user is not in scope (several may apply). */
export type NotInScopeCode = 'DISABLED' | 'OUTSIDE_SEARCH_BASES' | 'NOT_A_MEMBER' | 'EXCLUDED' | 'NO_EMAIL';

export interface ExplainResult {
  user: { dn: string; objectGuid: string; samAccountName?: string; userPrincipalName?: string; enabled: boolean };
  inScope: boolean;
  /** Empty when in scope. */
  reasons: { code: NotInScopeCode; message: string; path?: string[] }[];
  scope: {
    all: boolean;
    strategy?: 'in-chain' | 'walk';
    /** The search base the user is under, if any. */
    searchBase?: string;
    /** Scope groups: the group names from the scope group down to the user's own group. */
    groupPath?: string[];
    /** Excluded: the same, from the excluded group. */
    excludedPath?: string[];
    includeDisabled: boolean;
  };
  email?: { address: string; source: 'proxyAddresses' | 'mail' | 'userPrincipalName'; why: string };
  /** The payload a sync would send (photo data elided to its sha256 and size); absent without an email. */
  payload?: Record<string, unknown>;
  /** What Signature 365 last confirmed for the user, from the state. */
  state: { synced: false } | { synced: true; email: string; outcome: string; hashEqual: boolean };
  /** In scope and the payload differs from the confirmed one: the next sync sends it. */
  wouldSend: boolean;
}

function under(dn: string, base: string): boolean {
  const lower = dn.toLowerCase();
  const b = base.toLowerCase();
  return lower === b || lower.endsWith(`,${b}`);
}

function whyEmail(source: 'proxyAddresses' | 'mail' | 'userPrincipalName'): string {
  switch (source) {
    case 'proxyAddresses':
      return "the primary SMTP address: the proxyAddresses entry with the upper-case 'SMTP:' prefix";
    case 'mail':
      return "no primary 'SMTP:' entry in proxyAddresses, so the mail attribute";
    case 'userPrincipalName':
      return 'neither a primary SMTP address nor mail, and the mapping allows userPrincipalName';
  }
}

/** The payload as explain shows it: the photo's bytes replaced by their size. */
function shownPayload(payload: UserPayload): Record<string, unknown> {
  const { photo, ...rest } = payload;
  if (!photo) return rest;
  return { ...rest, photo: { contentType: photo.contentType, sha256: photo.sha256, size: Buffer.from(photo.data, 'base64').length, data: '(elided)' } };
}

/** The scope judged for one user, with the reasons it is out. */
function judge(user: DirectoryUser, scope: ResolvedScope): { reasons: ExplainResult['reasons']; searchBase?: string; groupPath?: string[]; excludedPath?: string[] } {
  const reasons: ExplainResult['reasons'] = [];
  const uac = Number.parseInt(user.attributes.useraccountcontrol?.[0] ?? '0', 10);
  if ((uac & UAC_ACCOUNTDISABLE) !== 0 && !scope.includeDisabled) {
    reasons.push({ code: 'DISABLED', message: 'The account is disabled and the scope does not include disabled accounts (includeDisabled).' });
  }
  const searchBase = scope.searchBases.find((base) => under(user.dn, base));
  if (!searchBase) {
    reasons.push({ code: 'OUTSIDE_SEARCH_BASES', message: `The user is not under any search base (${scope.searchBases.join('; ')}).` });
  }
  const memberOf = user.attributes.memberof ?? [];
  let groupPath: string[] | undefined;
  if (scope.kind === 'groups') {
    const closure = scope.membership?.included;
    groupPath = closure ? membershipPath(closure, memberOf) : undefined;
    const groups = new Set(scope.groupDns.map((dn) => dn.toLowerCase()));
    const viaWalk = closure?.strategy === 'walk' ? closure.memberDns?.includes(user.dn.toLowerCase()) : undefined;
    const member = viaWalk ?? memberOf.some((dn) => groups.has(dn.toLowerCase()));
    if (!member) {
      const roots = (closure?.groups ?? []).filter((group) => group.depth === 0).map((group) => group.name);
      reasons.push({ code: 'NOT_A_MEMBER', message: `The user is not a member, directly or through nested groups, of ${roots.map((name) => `'${name}'`).join(', ') || 'the scope groups'}.` });
      groupPath = undefined;
    }
  }
  const excludedClosure = scope.membership?.excluded;
  const excludedPath = excludedClosure ? membershipPath(excludedClosure, memberOf) : undefined;
  if (excludedPath) {
    reasons.push({ code: 'EXCLUDED', message: `The user is excluded through the group '${excludedPath[0]}'${excludedPath.length > 1 ? ` (via ${excludedPath.slice(1).join(' > ')})` : ''}.`, path: excludedPath });
  }
  return { reasons, ...(searchBase ? { searchBase } : {}), ...(groupPath ? { groupPath } : {}), ...(excludedPath ? { excludedPath } : {}) };
}

export const explainVerb = defineVerb({
  name: 'explain',
  summary: 'Explain one user: in scope or not and why, through which groups, which email is used, the payload a sync would send and what Signature 365 last confirmed.',
  params: [
    { name: 'identity', type: 'string', required: true, nonEmpty: true, description: 'The user: sAMAccountName (or DOMAIN\\sam), userPrincipalName, mail or SMTP proxy address, DN or objectGUID.' },
  ],
  async run(context, params): Promise<ExplainResult> {
    const identity = params.identity.trim();
    const config = await loadConfig(context.configDir);
    const settings = requireDirectory(config);
    const mapping = effectiveMapping(config.mapping);
    const directory = await createDirectory(context, settings, undefined, config.mapping);
    try {
      const server = await directory.connect();
      const baseDn = settings.baseDn ?? server.defaultNamingContext;
      const found = await directory.findUsers(identity, server.defaultNamingContext);
      if (found.length === 0) throw new BadRequestError(`No user '${identity}' was found in the directory.`, { identity, candidates: [] });
      if (found.length > 1) {
        throw new BadRequestError(`'${identity}' matches ${found.length} users; give the DN or objectGUID.`, {
          identity,
          candidates: found.map((user) => ({ dn: user.dn, objectGuid: user.objectGuid, samAccountName: user.attributes.samaccountname?.[0] })),
        });
      }
      const user = found[0]!;
      const scope = await resolveScope(directory, config.scope, baseDn);
      const judged = judge(user, scope);
      const reasons = judged.reasons;

      const choice = chooseEmail(user.attributes, mapping);
      const result = mapUser(user, mapping);
      let payload: UserPayload | undefined;
      if (result.kind === 'payload') {
        payload = result.payload;
        if (result.managerDn) {
          const managers = new ManagerResolver(directory, mapping);
          await managers.prefetch([result.managerDn]);
          const managerEmail = managers.emailOf(result.managerDn);
          if (managerEmail) payload.managerEmail = managerEmail;
        }
      } else {
        reasons.push({ code: 'NO_EMAIL', message: 'The user has no primary SMTP address in proxyAddresses and no mail: there is nothing to match a Microsoft 365 user with.' });
      }

      const stateFile = path.join(context.configDir, ConfigFiles.state);
      let state: ExplainResult['state'] = { synced: false };
      if (existsSync(stateFile)) {
        const db = StateDb.open(context.configDir);
        try {
          const synced = db.user(user.objectGuid);
          if (synced) {
            state = { synced: true, email: synced.email, outcome: synced.outcome, hashEqual: payload !== undefined && synced.hash === hashPayload(payload) };
          }
        } finally {
          db.close();
        }
      }
      const uac = Number.parseInt(user.attributes.useraccountcontrol?.[0] ?? '0', 10);
      const inScope = reasons.length === 0;
      return {
        user: {
          dn: user.dn,
          objectGuid: user.objectGuid,
          ...(user.attributes.samaccountname?.[0] ? { samAccountName: user.attributes.samaccountname[0] } : {}),
          ...(user.attributes.userprincipalname?.[0] ? { userPrincipalName: user.attributes.userprincipalname[0] } : {}),
          enabled: (uac & UAC_ACCOUNTDISABLE) === 0,
        },
        inScope,
        reasons,
        scope: {
          all: scope.kind === 'all',
          ...(scope.membership ? { strategy: scope.membership.strategy } : {}),
          ...(judged.searchBase ? { searchBase: judged.searchBase } : {}),
          ...(judged.groupPath ? { groupPath: judged.groupPath } : {}),
          ...(judged.excludedPath ? { excludedPath: judged.excludedPath } : {}),
          includeDisabled: scope.includeDisabled === true,
        },
        ...(choice ? { email: { address: choice.email, source: choice.source, why: whyEmail(choice.source) } } : {}),
        ...(payload ? { payload: shownPayload(payload) } : {}),
        state,
        wouldSend: inScope && !(state.synced && state.hashEqual),
      };
    } finally {
      await directory.close();
    }
  },
  text: (r) =>
    [
      `${r.user.samAccountName ?? r.user.dn} (${r.user.objectGuid}): ${r.inScope ? 'IN SCOPE' : 'NOT in scope'}`,
      ...r.reasons.map((reason) => `  - ${reason.message}`),
      ...(r.scope.groupPath ? [`  via groups: ${r.scope.groupPath.join(' > ')}`] : []),
      ...(r.email ? [`  email: ${r.email.address} (${r.email.why})`] : []),
      `  state: ${r.state.synced ? `synced as ${r.state.email} (${r.state.outcome}), ${r.state.hashEqual ? 'unchanged' : 'changed since'}` : 'never synced'}`,
      `  next sync: ${r.wouldSend ? 'sends it' : 'sends nothing for it'}`,
    ].join('\n'),
});
