/**
 * One of two real processes contending for sync.lock (lock-race.test.ts): for each trial directory
 * under argv[2], it says it is ready, waits until the other one is too, then tries to acquire.
 * Prints one JSON line: the outcome of every trial, in order.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SyncLock } from '../../../../src/state/lock.js';

const [base, name, other, trialsText] = process.argv.slice(2) as [string, string, string, string];
const outcomes: string[] = [];
for (let trial = 0; trial < Number(trialsText); trial += 1) {
  const dir = path.join(base, String(trial));
  writeFileSync(path.join(dir, `ready-${name}`), '');
  while (!existsSync(path.join(dir, `ready-${other}`))) {
    // spin: both start the acquire within microseconds of each other
  }
  try {
    await new SyncLock(dir).acquire();
    outcomes.push('acquired');
  } catch (error) {
    outcomes.push((error as { code?: string }).code ?? String(error));
  }
}
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
