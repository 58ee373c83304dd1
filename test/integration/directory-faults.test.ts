import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configuredAgent, runAgent, type AgentRun } from './helpers/agent.js';
import { LdapFaultProxy, LdapOp, withCorruptCookie, type LdapAction, type LdapRequest } from './helpers/ldap-fault-proxy.js';
import { compareStateWithApi, compareWithDirectory, expectExactlySynced } from './helpers/outcome.js';
import { faultSuite } from './helpers/suite.js';

const IN_CHAIN_RULE = '1.2.840.113556.1.4.1941';
/** LDAP result code timeLimitExceeded (RFC 4511). */
const TIME_LIMIT_EXCEEDED = 3;
const OPERATIONS_ERROR = 1;

/** A page after the first of the users read (it carries the cookie of the page before). */
const laterUserPage = (request: LdapRequest): boolean =>
  request.op === LdapOp.searchRequest && (request.pagedCookie?.length ?? 0) > 0 && request.holds('person');
/** A later page of the full read itself (its attributes include the photo; the email census's do not). */
const laterFullReadPage = (request: LdapRequest): boolean => laterUserPage(request) && request.holds('thumbnailPhoto');
/** A later page of the email census read beside the full read. */
const laterCensusPage = (request: LdapRequest): boolean => laterUserPage(request) && !request.holds('thumbnailPhoto');
const inChainSearch = (request: LdapRequest): boolean => request.op === LdapOp.searchRequest && request.holds(IN_CHAIN_RULE);

/** Corrupts the paged-search cookie of the first request that `matches`, and of no other. */
const corruptCookieOnce =
  (matches: (request: LdapRequest) => boolean): Scenario['rule'] =>
  (request, state) => {
    if (state.struck > 0 || !matches(request)) return undefined;
    state.struck += 1;
    return { forward: withCorruptCookie(request) };
  };

interface Scenario {
  name: string;
  scope: Record<string, unknown>;
  /** The scope group the final comparison judges against (undefined: all users). */
  group?: string;
  directory?: Record<string, unknown>;
  /** The proxy's rule for the faulted run; `state` counts how often it struck. */
  rule: (request: LdapRequest, state: { struck: number }) => LdapAction | undefined;
  exitCode: number;
  errorCode?: string;
  /** Checks of the faulted run beyond its exit code. */
  check?: (run: AgentRun, log: string) => void;
}

const scenarios: Scenario[] = [
  {
    name: 'the paged-search cookie refused once, mid-read: the read starts again and the sync completes',
    scope: { all: true },
    rule: corruptCookieOnce(laterFullReadPage),
    exitCode: 0,
    check: (_run, log) => expect(log).to.match(/cut a paged search off.*reading everything again, once/),
  },
  {
    name: "the email census's paged-search cookie refused: the early sends end, the read goes on and the sync completes",
    scope: { all: true },
    rule: corruptCookieOnce(laterCensusPage),
    exitCode: 0,
    check: (_run, log) => {
      expect(log).to.match(/The email census failed/);
      expect(log).to.not.match(/reading everything again/);
    },
  },
  {
    name: 'the paged-search cookie refused on every read: DIRECTORY_ERROR, nothing sent',
    scope: { all: true },
    rule: (request, state) => {
      if (!laterUserPage(request)) return undefined;
      state.struck += 1;
      return { forward: withCorruptCookie(request) };
    },
    exitCode: 4,
    errorCode: 'DIRECTORY_ERROR',
    check: (run) => expect(run.result.ok ? '' : run.result.error.message).to.match(/cut off by the DC after 1 page/),
  },
  {
    name: 'auto: the in-chain search ends with timeLimitExceeded: the walk resolves the scope and the sync completes',
    scope: { groups: ['Signature Users'] },
    group: 'Signature Users',
    rule: (request, state) => {
      if (!inChainSearch(request)) return undefined;
      state.struck += 1;
      return { answer: { resultCode: TIME_LIMIT_EXCEEDED, message: 'time limit exceeded (injected by the test proxy)' } };
    },
    exitCode: 0,
    check: (run, log) => {
      expect(run.result.ok && run.result.data.scope.strategy).to.equal('walk');
      expect(log).to.match(/In-chain membership search gave up; walking member lists instead/);
    },
  },
  {
    name: 'auto: the in-chain search ends with operationsError (Samba, out of time on a loaded DC): the walk resolves the scope',
    scope: { groups: ['Signature Users'] },
    group: 'Signature Users',
    rule: (request, state) => {
      if (!inChainSearch(request)) return undefined;
      state.struck += 1;
      return { answer: { resultCode: OPERATIONS_ERROR, message: 'Operations error (injected by the test proxy)' } };
    },
    exitCode: 0,
    check: (run) => expect(run.result.ok && run.result.data.scope.strategy).to.equal('walk'),
  },
  {
    name: 'in-chain forced: the in-chain search ends with timeLimitExceeded: DIRECTORY_ERROR, nothing sent',
    scope: { groups: ['Signature Users'] },
    group: 'Signature Users',
    directory: { membershipStrategy: 'in-chain' },
    rule: (request, state) => {
      if (!inChainSearch(request)) return undefined;
      state.struck += 1;
      return { answer: { resultCode: TIME_LIMIT_EXCEEDED, message: 'time limit exceeded (injected by the test proxy)' } };
    },
    exitCode: 4,
    errorCode: 'DIRECTORY_ERROR',
  },
  {
    name: 'the in-chain search never answered (past the client timeout): DIRECTORY_UNREACHABLE, nothing sent',
    scope: { groups: ['Signature Users'] },
    group: 'Signature Users',
    directory: { timeoutMs: 4000 },
    rule: (request, state) => {
      if (!inChainSearch(request)) return undefined;
      state.struck += 1;
      return 'swallow';
    },
    exitCode: 4,
    errorCode: 'DIRECTORY_UNREACHABLE',
  },
];

/**
 * The directory side of the fault suite (issue 11) that the real DC will not produce on demand:
 * a plain-LDAP proxy in front of the test DC rewrites the client's paged-search cookie (the DC
 * itself then refuses it) or answers an in-chain search with timeLimitExceeded, or never. Each
 * scenario checks its exit and error code, that nothing was sent when the run failed, the state,
 * and that the next run, straight to the DC, leaves Signature 365 holding exactly the scope.
 * (A DC stopped mid-page and mid-resolution: connection.test.ts, with a real second DC; a
 * certificate that does not verify: sync.test.ts.)
 */
describe('fault suite, directory side: a refused paged-search cookie, in-chain out of time @integration', function () {
  this.timeout(300_000);
  const suite = faultSuite();

  for (const scenario of scenarios) {
    it(`${scenario.name}: exit ${scenario.exitCode}${scenario.errorCode ? ` ${scenario.errorCode}` : ''}`, async () => {
      const { dc, emulator, figures } = suite;
      await emulator.reset();
      const struck = { struck: 0 };
      const proxy = await LdapFaultProxy.start(dc, (request) => scenario.rule(request, struck));
      let configDir: string;
      try {
        configDir = await configuredAgent(emulator, dc, {
          scope: scenario.scope,
          directory: { servers: [proxy.url], allowPlainLdap: true, ...scenario.directory },
        });
        const run = await runAgent(configDir, 'sync', { mode: 'full' });
        figures.runs += 1;
        expect(struck.struck, 'the fault struck').to.be.greaterThan(0);
        expect(run.exitCode, `${JSON.stringify(run.result)} ${run.stderr}`).to.equal(scenario.exitCode);
        if (scenario.errorCode) expect(run.result.ok ? undefined : run.result.error.code).to.equal(scenario.errorCode);
        expect(run.stderr, 'no stack trace').to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
        scenario.check?.(run, readFileSync(path.join(configDir, 'logs', 'agent.log'), 'utf8'));
      } finally {
        await proxy.close();
      }
      const afterFault = await emulator.state();
      expect(compareStateWithApi(configDir, afterFault)).to.deep.include({ integrity: 'ok', notHeldAsRecorded: 0 });
      if (scenario.exitCode !== 0) {
        expect(afterFault.users, 'nothing is sent before the read is complete').to.deep.equal([]);
      } else {
        const outcome = compareWithDirectory(afterFault.users, scenario.group);
        expect(outcome, outcome.examples.join(', ')).to.deep.include({ lost: 0, duplicated: 0, outOfScope: 0 });
      }

      // The next run, straight to the DC with the default timeouts (a short one gives a loaded Samba
      // too little time for in-chain): complete.
      const { timeoutMs: _faultTimeout, ...directory } = scenario.directory ?? {};
      await configuredAgent(emulator, dc, { configDir, scope: scenario.scope, directory: { servers: [dc.ldapsUrl], allowPlainLdap: false, ...directory } });
      const next = await runAgent(configDir, 'sync');
      figures.runs += 1;
      expect(next.exitCode, `${JSON.stringify(next.result.ok ? '' : next.result.error)} ${next.stderr}`).to.equal(0);
      figures.add(expectExactlySynced(configDir, await emulator.state(), scenario.group));
    });
  }
});
