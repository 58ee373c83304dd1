import { TestEmulator } from './emulator.js';
import { ScratchDirectory } from './scratch-directory.js';
import { requireTestDc, type TestDc } from './test-dc.js';

/** What a suite gets from integrationSuite(), set once its `before` hook has run. */
export interface SuiteFixtures {
  dc: TestDc;
  emulator: TestEmulator;
  scratch: ScratchDirectory;
}

/**
 * The hooks most directory suites share, called inside `describe`: the test DC (the suite is
 * skipped without it), an emulator for the suite, reset before each test, and a scratch OU that
 * is deleted with everything in it afterwards.
 */
export function integrationSuite(): Readonly<SuiteFixtures> {
  const fixtures = {} as SuiteFixtures;
  before(async function () {
    fixtures.dc = requireTestDc(this);
    fixtures.emulator = await TestEmulator.start();
    fixtures.scratch = await ScratchDirectory.create(fixtures.dc);
  });
  after(async () => {
    await fixtures.scratch?.dispose();
    await fixtures.emulator?.close();
  });
  beforeEach(() => fixtures.emulator.reset());
  return fixtures;
}
