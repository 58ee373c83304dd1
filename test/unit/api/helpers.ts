/** Shared helpers of the API client and emulator tests (not a test file itself). */
import { createHash } from 'node:crypto';
import type { Logger } from '../../../src/log/logger.js';
import type { UserPayload, UserPhoto } from '../../../src/api/types.js';
import type { FaultRule } from '../../../src/emulator/faults.js';
import type { RequestLogEntry, RunRecord } from '../../../src/emulator/server.js';

export const SECRET = 'sk_test_9f2c7e1ab34d4d0f8c61-DO-NOT-LEAK';

export const TENANT = {
  tenantId: '7d6c1a2e-0000-4000-8000-000000000001',
  tenantName: 'Contoso',
  secret: SECRET,
  enabled: true,
  m365Users: ['alice@contoso.com', 'Bob@Contoso.com'],
};

export function guid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

export function user(i: number, overrides: Partial<UserPayload> = {}): UserPayload {
  return { objectGuid: guid(i), email: `user${i}@contoso.com`, displayName: `User ${i}`, enabled: true, ...overrides };
}

export function photo(bytes: Buffer, contentType: UserPhoto['contentType'] = 'image/jpeg'): UserPhoto {
  return { contentType, sha256: createHash('sha256').update(bytes).digest('hex'), data: bytes.toString('base64') };
}

export interface CapturedLog {
  logger: Logger;
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
  /** Everything logged, serialized, to search for leaks. */
  text(): string;
}

export function captureLogger(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(fields ? { level, message, fields } : { level, message });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    text: () => JSON.stringify(lines),
  };
}

export interface EmulatorState {
  tenant: Record<string, unknown>;
  users: UserPayload[];
  groups: { objectGuid: string; name: string; memberGuids: string[] }[];
  removed: string[];
  runs: RunRecord[];
  requests: RequestLogEntry[];
  faults: FaultRule[];
}

export async function getState(url: string): Promise<EmulatorState> {
  const response = await fetch(`${url}/_emulator/state`);
  if (response.status !== 200) throw new Error(`state: HTTP ${response.status}`);
  return (await response.json()) as EmulatorState;
}

export async function setFaults(url: string, rules: Partial<FaultRule>[]): Promise<void> {
  const response = await fetch(`${url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rules),
  });
  if (response.status !== 200) throw new Error(`faults: HTTP ${response.status} ${await response.text()}`);
}

export async function putTenant(url: string, tenant: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/_emulator/tenant`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tenant),
  });
  if (response.status !== 200) throw new Error(`tenant: HTTP ${response.status}`);
}

export async function reset(url: string): Promise<void> {
  const response = await fetch(`${url}/_emulator/reset`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`reset: HTTP ${response.status}`);
}

/** Calls the API directly (no client), for emulator tests. */
export async function api(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${SECRET}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Resolves with the rejection of `promise`, failing if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
