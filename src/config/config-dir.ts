import path from 'node:path';

/** Environment variable naming the config directory when no --config-dir flag is given. */
export const CONFIG_DIR_ENV = 'S365_CONFIG_DIR';

/**
 * The directory holding config, secrets, state, lock and logs: the flag, else $S365_CONFIG_DIR,
 * else %ProgramData%\Signature365\ADConnector on Windows and /var/lib/s365-agent elsewhere.
 */
export function resolveConfigDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (flag) return path.resolve(flag);
  const fromEnv = env[CONFIG_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return path.win32.join(programData, 'Signature365', 'ADConnector');
  }
  return '/var/lib/s365-agent';
}

/** Names of the files inside the config directory. */
export const ConfigFiles = {
  config: 'config.json',
  secrets: 'secrets.json',
  state: 'state.db',
  spoolDir: 'spool',
  plansDir: 'plans',
  lock: 'sync.lock',
  configLock: 'config.lock',
  logDir: 'logs',
  logFile: 'agent.log',
} as const;

export function configPath(configDir: string, name: keyof typeof ConfigFiles): string {
  return path.join(configDir, ConfigFiles[name]);
}
