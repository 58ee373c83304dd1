/**
 * Runs in a child process (node <this> < request.json): loads the Windows bridge (edge-js +
 * S365.Windows on CoreCLR), does what the request asks, prints one JSON answer. A child, because a
 * process holds one CLR for good, and because the Kerberos tests run it in a private mount
 * namespace (unshare -m) where the test DC's name resolves, with a private KRB5CCNAME/KRB5_CONFIG.
 */
import { loadWindowsBridge, searchPages, WindowsBridgeError, type WindowsBridgeLocation } from '../../../src/platform/windows/edge-bridge.js';
import { guidFromBytes } from '../../../src/directory/guid.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { FileSecretStore } from '../../../src/platform/file-secret-store.js';
import { WindowsConfigDirAcl } from '../../../src/platform/windows/config-dir-acl.js';
import { DpapiSealer } from '../../../src/platform/windows/dpapi-sealer.js';
import { AgentError } from '../../../src/protocol/errors.js';
import type { Logger } from '../../../src/log/logger.js';
import { LogFileEventSink } from '../../../src/platform/log-event-sink.js';
import { EventLogSink } from '../../../src/platform/windows/event-log-sink.js';
import { WindowsDcLocator } from '../../../src/platform/windows/windows-dc-locator.js';

export type ChildRequest =
  | { what: 'describe'; location: WindowsBridgeLocation }
  | { what: 'read-users'; location: WindowsBridgeLocation; server: string; base: string; filter: string; pageSize: number; attributes?: string[] }
  | { what: 'windows-only'; location: WindowsBridgeLocation }
  | { what: 'secret-store'; location: WindowsBridgeLocation; configDir: string; secret: string }
  /** The start-up check of the config dir's ACL (WindowsConfigDirAcl.verify), before and after the folder is widened by hand. */
  | { what: 'acl-check'; location: WindowsBridgeLocation; configDir: string }
  /** With `register`, the source is registered first (as Register-S365SyncTask does, as an administrator). */
  | { what: 'event-sink'; location: WindowsBridgeLocation; register?: boolean }
  /** The Windows DC locator as services.ts builds it on win32, over the real bridge; the LDAP ping stood in for by a recorder. */
  | { what: 'dc-locator'; location: WindowsBridgeLocation; domain: string };

export interface ChildError {
  message: string;
  kind: string;
  resultCode?: number;
  /** An AgentError's details (its kind is then the protocol code). */
  details?: object;
}

function errorOf(error: unknown): ChildError {
  if (error instanceof AgentError) return { message: error.message, kind: error.code, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof WindowsBridgeError) return { message: error.message, kind: error.kind, ...(error.resultCode !== undefined ? { resultCode: error.resultCode } : {}) };
  return { message: String(error), kind: 'Unknown' };
}

async function settle(work: () => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: ChildError }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: errorOf(error) };
  }
}

async function main(): Promise<unknown> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const request = JSON.parse(text) as ChildRequest;
  const bridge = loadWindowsBridge(request.location);
  switch (request.what) {
    case 'describe':
      return { node: process.versions.node, platform: await bridge.describe() };
    case 'read-users': {
      const opened = await settle(() => bridge.ldap.open({ server: request.server, port: 389 }));
      if (!opened.ok) return { bind: opened };
      const { session, identity } = opened.value as { session: number; identity: string | null };
      const users: { dn: string; objectGuid: string; attributes: Record<string, string[]> }[] = [];
      let pages = 0;
      const started = Date.now();
      for await (const entries of searchPages(bridge, {
        session,
        base: request.base,
        scope: 'sub',
        filter: request.filter,
        attributes: ['objectGUID', ...(request.attributes ?? [])],
        binaryAttributes: ['objectGUID'],
        pageSize: request.pageSize,
      })) {
        pages++;
        for (const { dn, attributes } of entries) {
          const { objectguid, ...rest } = Object.fromEntries(Object.entries(attributes).map(([name, values]) => [name.toLowerCase(), values]));
          users.push({ dn, objectGuid: guidFromBytes(Buffer.from(objectguid?.[0] ?? '', 'base64')), attributes: rest });
        }
      }
      const readMs = Date.now() - started;
      return { bind: { ok: true }, identity, pages, readMs, users, closed: await bridge.ldap.close(session) };
    }
    case 'windows-only': {
      const entropy = Buffer.from('s365-test');
      return {
        protect: await settle(() => bridge.dpapi.protect(Buffer.from('secret'), entropy)),
        unprotect: await settle(() => bridge.dpapi.unprotect(Buffer.from('sealed'), entropy)),
        sourceExists: await settle(() => bridge.eventLog.sourceExists('S365 AD Connector')),
        write: await settle(() => bridge.eventLog.write({ source: 'S365 AD Connector', eventId: 1000, level: 'information', message: 'test' })),
        locate: await settle(() => bridge.dcLocator.locate()),
        // An empty path: refused off Windows before it is read, and on Windows by the folder check, so nothing is created.
        restrictAcl: await settle(() => bridge.configDirAcl.restrict('')),
      };
    }
    case 'dc-locator': {
      const pinged: { domain: string; hosts: readonly string[] }[] = [];
      const lines: { level: string; message: string }[] = [];
      const at = (level: string) => (message: string) => void lines.push({ level, message });
      const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
      const locator = new WindowsDcLocator(() => bridge, async (domain, hosts) => (pinged.push({ domain, hosts }), 'Pinged-Site'), logger);
      return {
        domain: await settle(() => locator.locateDomain()),
        site: await settle(() => locator.locateSite(request.domain, ['dc1.' + request.domain])),
        pinged,
        lines,
      };
    }
    case 'secret-store': {
      // The Windows secret store as services.ts builds it on win32, over the real bridge.
      const store = new FileSecretStore(request.configDir, { sealer: new DpapiSealer(() => bridge), guard: new WindowsConfigDirAcl(() => bridge) });
      const file = path.join(request.configDir, 'secrets.json');
      const set = await settle(() => store.set('apiSecret', request.secret));
      const files = await readdir(request.configDir);
      const text = files.includes('secrets.json') ? await readFile(file, 'utf8') : null;
      const get = await settle(() => store.get('apiSecret'));
      const acl = await settle(() => bridge.configDirAcl.describe(request.configDir));
      // The apiSecret blob moved to bindPassword: sealed with another name's entropy, it must not unseal.
      let swapped: unknown = null;
      if (text !== null) {
        const sealed = JSON.parse(text) as Record<string, unknown>;
        await writeFile(file, JSON.stringify({ bindPassword: sealed.apiSecret }));
        swapped = await settle(() => store.get('bindPassword'));
      }
      return { set, files, text, get, acl, swapped };
    }
    case 'acl-check': {
      const guard = new WindowsConfigDirAcl(() => bridge);
      const secured = await settle(() => guard.secure(request.configDir));
      const closed = await settle(() => guard.verify(request.configDir));
      // Widened as an admin might by hand: inheritance from ProgramData back on, local Users read.
      const widened = process.platform === 'win32' ? spawnSync('icacls', [request.configDir, '/inheritance:e', '/grant', '*S-1-5-32-545:(OI)(CI)R'], { encoding: 'utf8' }).status : null;
      const reopened = await settle(() => guard.verify(request.configDir));
      const after = await settle(() => guard.verify(request.configDir));
      const acl = await settle(() => bridge.configDirAcl.describe(request.configDir));
      return { secured, closed, widened, reopened, after, acl };
    }
    case 'event-sink': {
      // The Windows event sink as services.ts builds it on win32, over the real bridge, logging to a list.
      const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
      const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
      const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
      const registration = request.register ? await settle(() => bridge.eventLog.registerSource('S365 AD Connector')) : null;
      const sink = new EventLogSink(() => bridge, new LogFileEventSink(logger), logger);
      const emitted = await settle(() => sink.emit({ id: 1000, name: 'run-started', level: 'information', message: 'Signature 365 sync started (test).', data: { verb: 'sync' } }));
      const registered = await settle(() => bridge.eventLog.sourceExists('S365 AD Connector'));
      return { registration, emitted, registered, lines };
    }
  }
}

main().then(
  // Exit only once the answer is written: to a pipe, stdout is asynchronous, and the CLR that
  // edge-js started would keep the process alive otherwise.
  (answer) => process.stdout.write(JSON.stringify(answer) + '\n', () => process.exit(0)),
  (error: unknown) => process.stdout.write(JSON.stringify({ crashed: errorOf(error) }) + '\n', () => process.exit(1)),
);
