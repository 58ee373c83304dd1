import { readFileSync } from 'node:fs';
import { configPath } from './config-dir.js';

/**
 * The Windows service account the scheduled task runs as when it is not SYSTEM (a gMSA), kept in
 * config.json by `set-service-account` as its SID (never its name: Windows localises and renames
 * accounts, a SID stays). The agent's ACLs (the config directory, the runtime folder) admit it
 * beside SYSTEM and Administrators.
 *
 * A SID of an account of a domain or of the machine: `S-1-5-21-<3 sub-authorities>-<RID>`, the RID
 * 1000 or more. Lower RIDs are the built-in accounts and groups (500 Administrator, 513 Domain Users,
 * 515 Domain Computers...): letting a group like Domain Users into the folder would open it.
 */
const ACCOUNT_SID = /^S-1-5-21-\d{1,10}-\d{1,10}-\d{1,10}-(\d{1,10})$/i;

export function isServiceAccountSid(value: string): boolean {
  const match = ACCOUNT_SID.exec(value);
  return match !== null && Number(match[1]) >= 1000;
}

/**
 * The SIDs config.json admits besides SYSTEM and Administrators: none, or the service account's.
 * Read leniently and synchronously (the ACL code and the runtime folder need it before anything
 * else; a damaged config.json is the verb's own error to report): anything not a valid SID is none.
 */
export function admittedServiceSids(configDir: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configPath(configDir, 'config'), 'utf8'));
  } catch {
    return [];
  }
  const sid = (raw as { windows?: { serviceAccountSid?: unknown } } | null)?.windows?.serviceAccountSid;
  return typeof sid === 'string' && isServiceAccountSid(sid) ? [sid.toUpperCase()] : [];
}
