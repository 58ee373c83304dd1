/**
 * Reads the machine's WinHTTP proxy (`netsh winhttp set proxy`, or `netsh winhttp import proxy
 * source=ie`) through `%SystemRoot%\System32\reg.exe`, not the .NET bridge: reg.exe is on every
 * Windows, needs no CLR (a server without the .NET Framework still gets its proxy) and costs one
 * short process only when neither the config nor the environment names a proxy. A value that is
 * absent is "direct"; one that cannot be read or parsed is one warning and "direct", never a failure.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseProxyUrl, type SystemProxy, type SystemProxySource } from '../../api/proxy.js';
import type { Logger } from '../../log/logger.js';
import { parseRegQueryBinary, parseWinHttpSettings, winHttpBypassAsNoProxy, winHttpProxyFor } from './winhttp-settings.js';

export const WINHTTP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
export const WINHTTP_VALUE = 'WinHttpSettings';
export const WINHTTP_SOURCE = 'WinHTTP';

/** Runs reg.exe with `args` and gives its stdout; throws with `status` 1 when the value is absent. */
export type RegQuery = (regExe: string, args: string[]) => string;

const runReg: RegQuery = (regExe, args) =>
  execFileSync(regExe, args, { encoding: 'latin1', timeout: 10_000, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });

export interface WinHttpReaderOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Default: reg.exe through execFileSync (tests pass their own). */
  query?: RegQuery;
}

/** The WinHTTP proxy as a SystemProxySource, read at most once per call of the returned function's first use. */
export function winHttpProxySource({ env, logger, query = runReg }: WinHttpReaderOptions): SystemProxySource {
  let read = false;
  let answer: SystemProxy | undefined;
  return () => {
    if (!read) {
      read = true;
      answer = readWinHttpProxy(env, logger, query);
    }
    return answer;
  };
}

function readWinHttpProxy(env: NodeJS.ProcessEnv, logger: Logger, query: RegQuery): SystemProxy | undefined {
  const regExe = path.win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32', 'reg.exe');
  let output: string;
  try {
    output = query(regExe, ['query', WINHTTP_KEY, '/v', WINHTTP_VALUE]);
  } catch (error) {
    if ((error as { status?: unknown }).status === 1) {
      logger.debug('WinHTTP proxy: no WinHttpSettings value (direct)');
      return undefined;
    }
    logger.warn('WinHTTP proxy: reg.exe could not read WinHttpSettings; going direct', { error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    return undefined;
  }
  try {
    const blob = parseRegQueryBinary(output, WINHTTP_VALUE);
    if (!blob) {
      logger.debug('WinHTTP proxy: no WinHttpSettings value (direct)');
      return undefined;
    }
    const settings = parseWinHttpSettings(blob);
    if (settings.kind === 'direct') {
      logger.debug('WinHTTP proxy: direct access');
      return undefined;
    }
    const http = winHttpProxyFor(settings.proxy, 'http');
    const https = winHttpProxyFor(settings.proxy, 'https');
    for (const url of [http, https]) if (url) parseProxyUrl(url, WINHTTP_SOURCE);
    return { urlFor: (scheme) => (scheme === 'https' ? https : http), noProxy: winHttpBypassAsNoProxy(settings.bypass), source: WINHTTP_SOURCE };
  } catch (error) {
    logger.warn('WinHTTP proxy: WinHttpSettings is not usable; going direct', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
