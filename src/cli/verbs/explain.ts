import type { UserPayload } from '../../api/types.js';
import { loadConfig } from '../../config/config.js';
import { isAccountDisabled } from '../../directory/account-control.js';
import { judgeScope, NO_EMAIL_MESSAGE, type NotInScopeReason } from '../../directory/scope-rule.js';
import { BadRequestError } from '../../protocol/errors.js';
import { chooseEmail } from '../../sync/email.js';
import { ManagerResolver } from '../../sync/manager-resolver.js';
import { hashPayload } from '../../sync/payload-hash.js';
import { resolveScope } from '../../sync/scope.js';
import { effectiveMapping, mapUser } from '../../sync/user-mapping.js';
import { confirmedUser, createDirectory, requireDirectory } from '../services.js';
import { defineVerb } from '../verb.js';
import { cutInput, quoteInput } from '../../protocol/quote-input.js';

export interface ExplainResult {
  user: { dn: string; objectGuid: string; samAccountName?: string; userPrincipalName?: string; enabled: boolean };
  inScope: boolean;
  /** Empty when in scope. */
  reasons: NotInScopeReason[];
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
      if (found.length === 0) throw new BadRequestError(`No user ${quoteInput(identity)} was found in the directory.`, { identity: cutInput(identity), candidates: [] });
      if (found.length > 1) {
        throw new BadRequestError(`${quoteInput(identity)} matches ${found.length} users; give the DN or objectGUID.`, {
          identity,
          candidates: found.map((user) => ({ dn: user.dn, objectGuid: user.objectGuid, samAccountName: user.attributes.samaccountname?.[0] })),
        });
      }
      const user = found[0]!;
      const scope = await resolveScope(directory, config.scope, baseDn);
      const judged = judgeScope(user, scope);
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
      } else if (!reasons.some((reason) => reason.code === 'NO_EMAIL')) {
        // An email source the mapping does not take (userPrincipalName, not allowed).
        reasons.push({ code: 'NO_EMAIL', message: NO_EMAIL_MESSAGE });
      }

      const synced = confirmedUser(context.configDir, user.objectGuid);
      const state: ExplainResult['state'] = synced
        ? { synced: true, email: synced.email, outcome: synced.outcome, hashEqual: payload !== undefined && synced.hash === hashPayload(payload) }
        : { synced: false };
      const inScope = reasons.length === 0;
      return {
        user: {
          dn: user.dn,
          objectGuid: user.objectGuid,
          ...(user.attributes.samaccountname?.[0] ? { samAccountName: user.attributes.samaccountname[0] } : {}),
          ...(user.attributes.userprincipalname?.[0] ? { userPrincipalName: user.attributes.userprincipalname[0] } : {}),
          enabled: !isAccountDisabled(user.attributes),
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
