// One agent's first use of the runtime folder, started with others at the same instant:
//   node assets-contender.js <configDir> <startAtMs>
// Prints {ok, written} or {ok: false, code, message}.
import { prepareRuntime } from '../../../../src/platform/windows/addon-assets.js';
import { fixtureAssets } from './assets-fixture.js';

const [configDir, startAt] = process.argv.slice(2);
const source = fixtureAssets(true);
while (Date.now() < Number(startAt)) {
  // wait for the others
}
try {
  const prepared = prepareRuntime(configDir!, source, { restrict: () => {} });
  process.stdout.write(JSON.stringify({ ok: true, written: prepared.written.length }));
} catch (error) {
  const { code, message } = error as { code?: string; message: string };
  process.stdout.write(JSON.stringify({ ok: false, code, message }));
}
