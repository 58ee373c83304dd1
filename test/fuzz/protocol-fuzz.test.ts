import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { paramsOf } from '../../src/cli/verb.js';
import { findVerb, VERBS } from '../../src/cli/verbs/index.js';
import { BadRequestError } from '../../src/protocol/errors.js';
import { validateParams } from '../../src/protocol/params.js';
import { parseRequest } from '../../src/protocol/request.js';
import { runAgentRaw } from '../integration/helpers/agent.js';
import { hostileRequest, seededRandom, type HostileRequest } from './request-generator.js';

/**
 * Property: whatever invalid request arrives on stdin, the real agent answers with exactly one
 * `ok:false` BAD_REQUEST result, exits 2, prints no stack trace and writes nothing but its log.
 * Cases are drawn from the verbs' own ParamSpecs; S365_FUZZ_SEED and S365_FUZZ_CASES replay or
 * widen a run (the seed of a failing case is in its message).
 */
const SEED = Number(process.env.S365_FUZZ_SEED ?? 20261201);
const CASES = Number(process.env.S365_FUZZ_CASES ?? 160);
/** Two agents at a time: the machine has two cores. */
const PARALLEL = 2;

const grammar = VERBS.map((verb) => ({ name: verb.name, params: paramsOf(verb) }));

/** What a config directory may hold after a refused request: the log and nothing else. */
async function filesWritten(configDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${name}/`);
      else out.push(name);
    }
  };
  await walk(configDir, '');
  return out.filter((name) => name !== 'logs/agent.log');
}

async function judge(request: HostileRequest, caseSeed: number): Promise<string[]> {
  const configDir = await mkdtemp(path.join(os.tmpdir(), 's365-fuzz-'));
  const problems: string[] = [];
  try {
    const run = await runAgentRaw(['--json', '--config-dir', configDir], request.stdin);
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    const parsed: { type?: string; ok?: boolean; error?: { code?: string } }[] = [];
    for (const line of lines) {
      try {
        parsed.push(JSON.parse(line));
      } catch {
        problems.push(`a stdout line is not JSON: ${line.slice(0, 120)}`);
      }
    }
    const results = parsed.filter((line) => line.type === 'result');
    if (results.length !== 1) problems.push(`${results.length} result lines`);
    else if (results[0]!.ok !== false || results[0]!.error?.code !== 'BAD_REQUEST') problems.push(`result ${JSON.stringify(results[0]).slice(0, 200)}`);
    if (run.exitCode !== 2) problems.push(`exit ${run.exitCode}`);
    if (/^\s+at .+:\d+:\d+\)?$/m.test(run.stderr)) problems.push(`a stack trace on stderr: ${run.stderr.slice(0, 200)}`);
    if (run.stdout.length > 64 * 1024) problems.push(`${run.stdout.length} characters of stdout`);
    const written = await filesWritten(configDir);
    if (written.length > 0) problems.push(`wrote ${written.join(', ')}`);
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
  return problems.map((problem) => `case seed ${caseSeed} (${request.defect}): ${problem}`);
}

describe('protocol fuzz: hostile requests on stdin', function () {
  this.timeout(CASES * 5000);

  it(`answers each of ${CASES} generated invalid requests (seed ${SEED}) with one BAD_REQUEST, exit 2, no stack, nothing written`, async () => {
    const failures: string[] = [];
    const defects = new Map<string, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < CASES) {
        const caseSeed = SEED + next;
        next += 1;
        const request = hostileRequest(grammar, seededRandom(caseSeed));
        defects.set(request.kind, (defects.get(request.kind) ?? 0) + 1);
        failures.push(...(await judge(request, caseSeed)));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    console.log(`      (${CASES} cases; defects drawn: ${[...defects].map(([kind, n]) => `${kind} ${n}`).join(', ')})`);
    expect(failures, failures.slice(0, 10).join('\n')).to.deep.equal([]);
  });

  it('the generator is deterministic per seed, and each case is refused by the grammar itself (in process)', () => {
    expect(hostileRequest(grammar, seededRandom(42))).to.deep.equal(hostileRequest(grammar, seededRandom(42)));
    for (let seed = SEED; seed < SEED + CASES * 4; seed += 1) {
      const { stdin, defect } = hostileRequest(grammar, seededRandom(seed));
      const judgeInProcess = () => {
        const request = parseRequest(stdin);
        const verb = findVerb(request.verb);
        if (!verb) throw new BadRequestError('unknown verb');
        validateParams(verb.name, paramsOf(verb), request.params);
      };
      expect(judgeInProcess, `seed ${seed} (${defect})`).to.throw(BadRequestError);
    }
  });
});
