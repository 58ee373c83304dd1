import { AGENT_COMMIT, AGENT_VERSION } from '../../generated/version.js';
import { PROTOCOL_VERSION } from '../../protocol/messages.js';
import { defineVerb } from '../verb.js';

export const versionVerb = defineVerb({
  name: 'version',
  summary: 'Show the agent version, commit, protocol and Node.js version.',
  params: [],
  async run() {
    return {
      version: AGENT_VERSION,
      commit: AGENT_COMMIT,
      protocol: PROTOCOL_VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    };
  },
  text: (r) => `s365-agent ${r.version} (commit ${r.commit}, protocol ${r.protocol}, Node.js ${r.node}, ${r.platform})`,
});
