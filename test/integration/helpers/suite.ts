import { TestEmulator } from './emulator.js';
import { SuiteFigures } from './outcome.js';
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

/** What a fault suite gets from faultSuite(), set once its `before` hook has run. */
export interface FaultSuiteFixtures {
  dc: TestDc;
  emulator: TestEmulator;
  /** The suite's figures, printed after its last test. */
  figures: SuiteFigures;
}

/** The hooks of the fault suites, called inside `describe`: the test DC (skipped without it), an emulator, the figures. */
export function faultSuite(): Readonly<FaultSuiteFixtures> {
  const fixtures = { figures: new SuiteFigures() } as FaultSuiteFixtures;
  before(async function () {
    fixtures.dc = requireTestDc(this);
    fixtures.emulator = await TestEmulator.start();
  });
  after(async () => {
    await fixtures.emulator?.close();
    fixtures.figures.print();
  });
  return fixtures;
}
