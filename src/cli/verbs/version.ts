import { AGENT_COMMIT, AGENT_VERSION } from '../../generated/version.js';
import { PROTOCOL_VERSION } from '../../protocol/messages.js';
import { defineVerb } from '../verb.js';

export const versionVerb = defineVerb({
  name: 'version',
  summary: 'Show the agent version, commit, protocol, Node.js version and the runtime flags it runs with.',
  params: [],
  async run() {
    return {
      version: AGENT_VERSION,
      commit: AGENT_COMMIT,
      protocol: PROTOCOL_VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      // The flags Node.js runs with: the executables' built-in ones (the heap's shape, docs/bench.md).
      runtimeFlags: [...process.execArgv],
    };
  },
  text: (r) => `s365-agent ${r.version} (commit ${r.commit}, protocol ${r.protocol}, Node.js ${r.node}, ${r.platform})`,
});
