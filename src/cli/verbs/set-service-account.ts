import { loadConfig, updateConfig } from '../../config/config.js';
import { isServiceAccountSid } from '../../config/service-account.js';
import { BadRequestError } from '../../protocol/errors.js';
import { defineVerb } from '../verb.js';

/**
 * The account the scheduled task runs as when it is not SYSTEM (Register-S365SyncTask
 * -GroupManagedServiceAccount), by SID: the config directory's ACL (and the runtime folder's) admit
 * it beside SYSTEM and Administrators, set again at once, so the task can read its secrets and write
 * its state while no one else can. Run as an administrator (it sets the ACL).
 */
export const setServiceAccountVerb = defineVerb({
  name: 'set-service-account',
  summary: 'Admit the scheduled task\'s service account (a gMSA, by SID) to the configuration directory beside SYSTEM and Administrators, or no longer (clear).',
  params: [
    { name: 'sid', type: 'string', description: 'The SID of the account (S-1-5-21-...-<RID of 1000 or more>), not its name.' },
    { name: 'clear', type: 'boolean', description: 'Admit no service account any more (the task runs as SYSTEM).' },
  ],
  async run(context, params) {
    if ((params.sid === undefined) === (params.clear !== true)) {
      throw new BadRequestError('Give either sid (the service account\'s SID) or clear: true.', { param: params.sid === undefined ? 'sid' : 'clear' });
    }
    const sid = params.sid?.trim().toUpperCase();
    if (sid !== undefined && !isServiceAccountSid(sid)) {
      throw new BadRequestError(
        'sid must be the SID of one account of a domain or of this machine, S-1-5-21-<domain>-<RID of 1000 or more> (a group such as Domain Users, or a built-in account, would open the folder).',
        { param: 'sid' },
      );
    }
    await loadConfig(context.configDir); // a damaged config.json is reported before anything changes
    const config = await updateConfig(context.configDir, ({ windows, ...rest }) => {
      const { serviceAccountSid: _old, ...others } = windows ?? {};
      const next = sid !== undefined ? { ...others, serviceAccountSid: sid } : others;
      return Object.keys(next).length > 0 ? { ...rest, windows: next } : rest;
    });
    // Set now (Windows), with the SIDs just stored; elsewhere there is no ACL to set.
    await context.configDirGuard?.secure(context.configDir);
    return { serviceAccountSid: config.windows?.serviceAccountSid ?? null, aclSet: context.configDirGuard !== undefined };
  },
  text: (r) =>
    (r.serviceAccountSid ? `The configuration directory admits the service account ${r.serviceAccountSid} beside SYSTEM and Administrators.` : 'The configuration directory admits SYSTEM and Administrators only.') +
    (r.aclSet ? '' : ' (Its ACL is set on Windows only.)'),
});
