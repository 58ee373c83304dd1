import type { Logger } from '../log/logger.js';
import type { ConfigDirCheck, ConfigDirGuard } from '../platform/config-dir-guard.js';
import type { AgentEvent, EventSink } from '../platform/event-sink.js';
import { EventIds, EventLevels } from '../platform/events.js';
import { ROTATE_ADVICE } from '../platform/secrets-exposed.js';

/** Event 1205: the config directory was open to other accounts and is restricted again. */
export function configDirExposedEvent(configDir: string, openings: Extract<ConfigDirCheck, { state: 'restored' }>): AgentEvent {
  return {
    id: EventIds['config-dir-exposed'],
    name: 'config-dir-exposed',
    level: EventLevels['config-dir-exposed'],
    message: `The configuration directory ${configDir} was open to other accounts than the agent's (${openings.what}); the agent restricted it again to SYSTEM and Administrators. ${ROTATE_ADVICE}`,
    data: { configDir, inherits: openings.inherits, accounts: openings.accounts },
  };
}

/**
 * The check before the verb's secrets are first used (src/platform/verified-secret-store.ts): the
 * guard looks at the config directory and closes it again when it is open; that is a warning on
 * stderr and event 1205, since the secrets may have been read. Rejects when it cannot be closed.
 */
export async function checkConfigDir(guard: ConfigDirGuard, configDir: string, logger: Logger, events: EventSink): Promise<void> {
  const check = await guard.verify(configDir);
  if (check.state === 'unchecked') {
    logger.warn('The ACL of the configuration directory could not be checked before its secrets were used', { configDir, reason: check.reason });
  } else if (check.state === 'restored') {
    const event = configDirExposedEvent(configDir, check);
    logger.warn(event.message, { configDir, inherits: check.inherits, accounts: check.accounts });
    await events.emit(event);
  }
}
