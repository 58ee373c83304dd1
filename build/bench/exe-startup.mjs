// Start-up time of the built Linux executable (out/exe/s365-agent, npm run build:exe): spawn to
// exit of `version`, and of `status` on a config dir that holds the synced state.
import { check, median, repeat, run } from './measure.mjs';

export async function exeStartup({ exe, configDir, times }) {
  const timed = async (args) => {
    const runs = await repeat(times, async () => check(await run(exe, ['--config-dir', configDir, ...args, '--output', 'json']), `${exe} ${args[0]}`).ms);
    return { ms: median(runs), runs };
  };
  return { version: await timed(['version']), status: await timed(['status']) };
}
