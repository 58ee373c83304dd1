import type { ParamSpec } from '../../protocol/params.js';
import type { Verb } from '../verb.js';
import { connectVerb } from './connect.js';
import { disconnectVerb } from './disconnect.js';
import { discoverVerb } from './discover.js';
import { explainVerb } from './explain.js';
import { getConfigVerb } from './get-config.js';
import { getScopeVerb } from './get-scope.js';
import { listGroupsVerb } from './list-groups.js';
import { setDirectoryVerb } from './set-directory.js';
import { getMappingVerb, setMappingVerb } from './set-mapping.js';
import { setScopeVerb } from './set-scope.js';
import { setServiceAccountVerb } from './set-service-account.js';
import { reportVerb } from './report.js';
import { statusVerb } from './status.js';
import { planVerb, syncVerb } from './sync.js';
import { setSyncSettingsVerb } from './set-sync-settings.js';
import { testAuthVerb } from './test-auth.js';
import { versionVerb } from './version.js';

/** Every verb of the protocol, in the order help lists them. */
export const VERBS: readonly Verb<any, readonly ParamSpec[]>[] = [
  versionVerb,
  connectVerb,
  disconnectVerb,
  testAuthVerb,
  setDirectoryVerb,
  discoverVerb,
  setScopeVerb,
  getScopeVerb,
  getConfigVerb,
  setMappingVerb,
  getMappingVerb,
  listGroupsVerb,
  explainVerb,
  setSyncSettingsVerb,
  setServiceAccountVerb,
  syncVerb,
  planVerb,
  statusVerb,
  reportVerb,
];

export function findVerb(name: string): Verb<any, readonly ParamSpec[]> | undefined {
  return VERBS.find((verb) => verb.name === name);
}
