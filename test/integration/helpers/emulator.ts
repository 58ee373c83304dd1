import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GroupPayload, UserPayload } from '../../../src/api/types.js';
import { startEmulator, type EmulatorHandle, type RequestLogEntry, type RunRecord } from '../../../src/emulator/server.js';
import type { TenantSettings } from '../../../src/emulator/tenant-store.js';
import { REPO_ROOT } from './test-dc.js';

export interface EmulatorState {
  users: UserPayload[];
  groups: GroupPayload[];
  removed: string[];
  runs: RunRecord[];
  requests: RequestLogEntry[];
}

/** The demo tenant (test/fixtures/demo-tenant.json): its secret and Microsoft 365 user list. */
export function demoTenant(): TenantSettings {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/demo-tenant.json'), 'utf8')) as TenantSettings;
}

/**
 * Every user batch answered `delayMs` late, for tests that act once the first batch is confirmed:
 * with batches in flight at once (apiConcurrency) the emulator would answer them all within a few
 * milliseconds, before the progress event saying the first one was confirmed reaches the test.
 * Paced, whatever the test does then lands while most batches are still to be sent.
 */
export function pacedUserBatches(delayMs = 300): unknown[] {
  return [{ match: '/users', method: 'POST', kind: 'slow', delayMs, times: 1000 }];
}

/** A real emulator on a free loopback port, holding its state in memory. */
export class TestEmulator {
  private constructor(
    readonly handle: EmulatorHandle,
    readonly tenant: TenantSettings,
  ) {}

  static async start(tenant: TenantSettings = demoTenant()): Promise<TestEmulator> {
    return new TestEmulator(await startEmulator({ tenant, port: 0, stateFile: null }), tenant);
  }

  get url(): string {
    return this.handle.url;
  }

  async state(): Promise<EmulatorState> {
    return (await this.call('GET', '/_emulator/state')) as EmulatorState;
  }

  async reset(): Promise<void> {
    await this.call('POST', '/_emulator/reset');
  }

  async faults(rules: unknown[]): Promise<void> {
    await this.call('POST', '/_emulator/faults', rules);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/_emulator/faults');
  }

  async setTenant(changes: Partial<TenantSettings>): Promise<void> {
    await this.call('PUT', '/_emulator/tenant', changes);
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  private async call(method: string, route: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.json();
  }
}
