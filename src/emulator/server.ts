/**
 * Signature 365 agent API emulator over plain node:http (or node:https with `tls`). Implements the contract
 * of docs/api.md for one tenant, plus emulator-only inspection and fault-injection endpoints under
 * `/_emulator/` (no auth, loopback clients only).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  validateCloseRunRequest,
  validateOpenRunRequest,
  validateRemoveUsersRequest,
  validateUpsertGroupsRequest,
  validateUpsertUsersRequest,
  type FieldError,
} from './request-schema.js';
import { MAX_BATCH_SIZE, MAX_REQUEST_BODY_BYTES } from '../api/types.js';
import type { CloseRunRequest, GroupPayload, OpenRunRequest, UserPayload } from '../api/types.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { FaultSet, parseFaultRules, type FaultRule } from './faults.js';
import {
  EmulatorProblem,
  TenantStore,
  bodyHash,
  defaultStateFile,
  loadTenantFile,
  parseTenant,
  type BatchKind,
  type RunRecord,
  type TenantSettings,
} from './tenant-store.js';

export const DEFAULT_MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
export const DEFAULT_RUN_IDLE_TIMEOUT_SECONDS = 15 * 60;
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Tenant settings given inline (tests). Either this or `tenantFile`. */
  tenant?: TenantSettings;
  /** Tenant JSON file: `{tenantId, tenantName, secret, enabled, m365Users}`. */
  tenantFile?: string;
  /** State file. Default `<tenant>.state.json` next to `tenantFile`; in memory only (null) with an inline tenant. */
  stateFile?: string | null;
  /** Open runs idle longer than this are closed as `expired`. Default 900. */
  runIdleTimeoutSeconds?: number;
  /** Larger request bodies get 413. Default 25 MB. */
  maxBodyBytes?: number;
  /** Entries kept in the request log of `GET /_emulator/state`. Default 1000. */
  requestLogSize?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  logger?: Logger;
  /** Clock in ms since epoch, for run expiry (tests). Default Date.now. */
  now?: () => number;
}

export interface EmulatorHandle {
  /** Base URL to give the agent as `apiUrl`, e.g. `http://127.0.0.1:43123`. */
  url: string;
  port: number;
  stateFile: string | null;
  /** Stops listening, drops open connections, and waits for the state file to be written. */
  close(): Promise<void>;
}

/** One line of the request log (`GET /_emulator/state` -> `requests`). */
export interface RequestLogEntry {
  /** Arrival time, ISO and ms since epoch. */
  at: string;
  t: number;
  method: string;
  path: string;
  /** HTTP status answered; 0 when no answer was sent (dropped, or the client went away first). */
  status: number;
  idempotencyKey?: string;
  /** Time from arrival to answer. */
  ms: number;
  /** The injected fault that hit this request, if any. */
  fault?: FaultRule['kind'];
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Route =
  | { name: 'whoami' }
  | { name: 'openRun' }
  | { name: 'batch'; kind: BatchKind; runId: string }
  | { name: 'close'; runId: string };

const BATCH_FIELD: Record<BatchKind, string> = { users: 'users', groups: 'groups', removals: 'objectGuids' };

function problemReply(p: EmulatorProblem): Reply {
  const error: Record<string, unknown> = { code: p.code, message: p.message };
  if (p.fields) error.fields = p.fields;
  if (p.details) error.details = p.details;
  return { status: p.status, body: { error } };
}

function errorReply(status: number, code: string, message: string, fields?: FieldError[]): Reply {
  return problemReply(new EmulatorProblem(status, code, message, fields));
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function secretMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer +(\S.*)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = createHash('sha256').update(match[1].trim()).digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(given, expected);
}

/** Parses a route; `{allow}` means 405 (with the allowed method), undefined means 404. */
function resolveRoute(method: string, path: string): Route | { allow: string } | undefined {
  if (path === '/v1/whoami') return method === 'GET' ? { name: 'whoami' } : { allow: 'GET' };
  if (path === '/v1/runs') return method === 'POST' ? { name: 'openRun' } : { allow: 'POST' };
  const m = /^\/v1\/runs\/([^/]+)\/(users|groups|removals|close)$/.exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  if (method !== 'POST') return { allow: 'POST' };
  let runId: string;
  try {
    runId = decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
  return m[2] === 'close' ? { name: 'close', runId } : { name: 'batch', kind: m[2] as BatchKind, runId };
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<{ raw: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (size > limit * 4) req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ raw: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
    req.on('close', () => resolve({ raw: Buffer.concat(chunks), tooLarge }));
  });
}

export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
  const logger = options.logger ?? silentLogger;
  let tenant: TenantSettings;
  if (options.tenant) tenant = parseTenant(options.tenant);
  else if (options.tenantFile) tenant = loadTenantFile(options.tenantFile);
  else throw new Error('startEmulator needs tenant or tenantFile');
  const stateFile =
    options.stateFile !== undefined ? options.stateFile : options.tenantFile ? defaultStateFile(options.tenantFile) : null;
  const store = new TenantStore({
    tenant,
    stateFile,
    runIdleTimeoutMs: (options.runIdleTimeoutSeconds ?? DEFAULT_RUN_IDLE_TIMEOUT_SECONDS) * 1000,
    ...(options.now ? { now: options.now } : {}),
  });
  const faults = new FaultSet();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logSize = options.requestLogSize ?? 1000;
  let requests: RequestLogEntry[] = [];
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closing = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      timers.add(entry);
    });

  const persist = async (): Promise<Reply | undefined> => {
    try {
      await store.persist();
      return undefined;
    } catch (error) {
      logger.error('emulator: cannot write state file', { error: (error as Error).message });
      return errorReply(500, 'INTERNAL', 'cannot persist state');
    }
  };
  const persistInBackground = () => {
    store.persist().catch((error: unknown) => logger.error('emulator: cannot write state file', { error: String(error) }));
  };

  /** The API proper: returns the answer instead of writing it, so an `after` fault can replace it. */
  async function dispatch(route: Route, raw: Buffer, key: string | undefined): Promise<Reply> {
    const hash = bodyHash(raw);
    if (route.name === 'whoami') {
      return { status: 200, body: { tenantId: store.tenant.tenantId, tenantName: store.tenant.tenantName, enabled: true } };
    }
    if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      return errorReply(400, 'VALIDATION_FAILED', 'invalid Idempotency-Key', [
        { path: 'Idempotency-Key', message: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` },
      ]);
    }

    if (route.name === 'openRun') {
      const replay = store.replay('open', key, hash);
      if (replay) return { status: replay.status, body: replay.response };
      const body = parseJson(raw);
      if (!body.ok) return errorReply(400, 'INVALID_JSON', 'body is not valid JSON');
      const fields = validateOpenRunRequest(body.value);
      if (fields.length) return errorReply(400, 'VALIDATION_FAILED', 'invalid request body', fields);
      const request = body.value as OpenRunRequest;
      const run = store.openRun(request.mode, request.agentVersion);
      const view = store.runView(run);
      store.remember('open', key, hash, 201, view);
      return (await persist()) ?? { status: 201, body: view };
    }

    const run = store.requireRun(route.runId);
    if (route.name === 'close') {
      const scope = `${run.runId}|close`;
      const replay = store.replay(scope, key, hash, run);
      if (replay) return { status: replay.status, body: replay.response };
      store.requireOpen(run);
      const body = parseJson(raw);
      if (!body.ok) return errorReply(400, 'INVALID_JSON', 'body is not valid JSON');
      const fields = validateCloseRunRequest(body.value);
      if (fields.length) return errorReply(400, 'VALIDATION_FAILED', 'invalid request body', fields);
      store.closeRun(run, body.value as CloseRunRequest);
      const view = store.runView(run);
      store.remember(scope, key, hash, 200, view);
      return (await persist()) ?? { status: 200, body: view };
    }

    if (!key) {
      return errorReply(400, 'VALIDATION_FAILED', 'the Idempotency-Key header is required', [
        { path: 'Idempotency-Key', message: 'header is required' },
      ]);
    }
    const scope = `${run.runId}|${route.kind}`;
    const replay = store.replay(scope, key, hash, run);
    if (replay) return { status: replay.status, body: replay.response };
    store.requireOpen(run);
    const body = parseJson(raw);
    if (!body.ok) return errorReply(400, 'INVALID_JSON', 'body is not valid JSON');
    const list = batchList(body.value, route.kind);
    if (list && list.length > MAX_BATCH_SIZE) {
      return errorReply(413, 'BATCH_TOO_LARGE', `at most ${MAX_BATCH_SIZE} items per batch (got ${list.length})`);
    }
    let reply: Reply;
    if (route.kind === 'users') {
      const fields = validateUpsertUsersRequest(body.value);
      if (fields.length) return errorReply(400, 'VALIDATION_FAILED', 'invalid users batch', fields);
      const results = store.upsertUsers(run, (body.value as { users: UserPayload[] }).users);
      reply = { status: 200, body: { results } };
    } else if (route.kind === 'groups') {
      const fields = validateUpsertGroupsRequest(body.value);
      if (fields.length) return errorReply(400, 'VALIDATION_FAILED', 'invalid groups batch', fields);
      const accepted = store.upsertGroups(run, (body.value as { groups: GroupPayload[] }).groups);
      reply = { status: 200, body: { accepted } };
    } else {
      const fields = validateRemoveUsersRequest(body.value);
      if (fields.length) return errorReply(400, 'VALIDATION_FAILED', 'invalid removals batch', fields);
      const removed = store.removeUsers(run, (body.value as { objectGuids: string[] }).objectGuids);
      reply = { status: 200, body: { removed } };
    }
    store.remember(scope, key, hash, reply.status, reply.body);
    return (await persist()) ?? reply;
  }

  function batchList(body: unknown, kind: BatchKind): unknown[] | undefined {
    if (typeof body !== 'object' || body === null) return undefined;
    const list = (body as Record<string, unknown>)[BATCH_FIELD[kind]];
    return Array.isArray(list) ? list : undefined;
  }

  function faultReply(rule: FaultRule): Reply {
    const status = rule.status ?? 500;
    const headers: Record<string, string> = {};
    if (rule.retryAfterSeconds !== undefined) headers['Retry-After'] = String(rule.retryAfterSeconds);
    const code = STATUS_CODES[status] ?? `HTTP_${status}`;
    return { status, body: { error: { code, message: `injected fault (HTTP ${status})` } }, headers };
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...(reply.headers ?? {}),
    });
    res.end(text);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string, path: string, entry: RequestLogEntry) {
    const { raw, tooLarge } = await readBody(req, maxBodyBytes);
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    if (key !== undefined) entry.idempotencyKey = key;
    if (store.expireIdleRuns()) persistInBackground();

    const route = resolveRoute(method, path);
    const authorized = secretMatches(req.headers.authorization, store.tenant.secret);

    // Count the batch as received before anything else can happen to it (faults, replays, refusals).
    if (authorized && store.tenant.enabled && route && 'name' in route && route.name === 'batch' && !tooLarge) {
      const run = store.findRun(route.runId);
      const body = parseJson(raw);
      const list = run && body.ok ? batchList(body.value, route.kind) : undefined;
      if (run && list) {
        store.noteReceived(run, route.kind, list.length);
        persistInBackground();
      }
    }

    const fault = faults.take(method, path);
    if (fault) entry.fault = fault.kind;
    const before = fault && fault.phase !== 'after' ? fault : undefined;
    const after = fault && fault.phase === 'after' ? fault : undefined;
    if (await playFault(before, req, res)) return;

    let reply: Reply;
    if (tooLarge) reply = errorReply(413, 'PAYLOAD_TOO_LARGE', `request body over ${maxBodyBytes} bytes`);
    else if (!route) reply = errorReply(404, 'NOT_FOUND', `no endpoint ${method} ${path}`);
    else if (!('name' in route)) reply = { ...errorReply(405, 'METHOD_NOT_ALLOWED', `use ${route.allow}`), headers: { Allow: route.allow } };
    else if (!req.headers.authorization) reply = errorReply(401, 'UNAUTHORIZED', 'missing bearer token');
    else if (!authorized) reply = errorReply(401, 'UNAUTHORIZED', 'invalid integration secret');
    else if (!store.tenant.enabled) reply = errorReply(403, 'INTEGRATION_DISABLED', 'the AD integration is disabled for this tenant');
    else if (method === 'POST' && raw.length > 0 && req.headers['content-type'] && !/json/i.test(req.headers['content-type'])) {
      reply = errorReply(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    } else {
      try {
        reply = await dispatch(route, raw, key);
      } catch (error) {
        if (error instanceof EmulatorProblem) reply = problemReply(error);
        else {
          logger.error('emulator: internal error', { error: (error as Error).stack ?? String(error) });
          reply = errorReply(500, 'INTERNAL', 'emulator internal error');
        }
      }
    }

    if (await playFault(after, req, res)) return;
    send(res, reply);
  }

  /**
   * Plays an injected fault before or after the request is handled: drops the connection, answers
   * with the fault's status, or waits. True when nothing more may be sent (answered, dropped, or the
   * client or the emulator went away while it waited).
   */
  async function playFault(fault: FaultRule | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return true;
    }
    if (fault?.kind === 'status') {
      send(res, faultReply(fault));
      return true;
    }
    if (fault?.kind === 'slow') {
      await wait(fault.delayMs ?? 0);
      return res.destroyed || req.socket.destroyed || closing;
    }
    return false;
  }

  async function handleInspection(req: http.IncomingMessage, res: http.ServerResponse, method: string, path: string) {
    const { raw, tooLarge } = await readBody(req, maxBodyBytes);
    if (!isLoopback(req.socket.remoteAddress)) return send(res, errorReply(404, 'NOT_FOUND', 'not found'));
    if (tooLarge) return send(res, errorReply(413, 'PAYLOAD_TOO_LARGE', 'body too large'));
    const json = () => {
      const parsed = parseJson(raw);
      if (!parsed.ok) throw new EmulatorProblem(400, 'INVALID_JSON', 'body is not valid JSON');
      return parsed.value;
    };
    const publicTenant = () => {
      const { secret: _secret, ...rest } = store.tenant;
      return rest;
    };
    const allow = (m: string) => ({ ...errorReply(405, 'METHOD_NOT_ALLOWED', `use ${m}`), headers: { Allow: m } });
    try {
      switch (path) {
        case '/_emulator/state':
          if (method !== 'GET') return send(res, allow('GET'));
          if (store.expireIdleRuns()) persistInBackground();
          return send(res, {
            status: 200,
            body: { tenant: publicTenant(), ...store.snapshot(), requests, faults: faults.list() },
          });
        case '/_emulator/faults':
          if (method === 'GET') return send(res, { status: 200, body: { faults: faults.list() } });
          if (method === 'DELETE') {
            faults.clear();
            return send(res, { status: 200, body: { faults: [] } });
          }
          if (method === 'POST') {
            const { rules, errors } = parseFaultRules(json());
            if (errors.length) return send(res, errorReply(400, 'VALIDATION_FAILED', 'invalid fault rules', errors));
            faults.add(rules);
            return send(res, { status: 200, body: { faults: faults.list() } });
          }
          return send(res, allow('GET, POST, DELETE'));
        case '/_emulator/reset':
          if (method !== 'POST') return send(res, allow('POST'));
          store.reset();
          faults.clear();
          requests = [];
          return send(res, (await persist()) ?? { status: 200, body: { reset: true } });
        case '/_emulator/tenant':
          if (method === 'GET') return send(res, { status: 200, body: publicTenant() });
          if (method !== 'PUT') return send(res, allow('GET, PUT'));
          try {
            store.tenant = parseTenant(json(), store.tenant);
          } catch (error) {
            if (error instanceof EmulatorProblem) throw error;
            return send(res, errorReply(400, 'VALIDATION_FAILED', (error as Error).message));
          }
          return send(res, { status: 200, body: publicTenant() });
        default:
          return send(res, errorReply(404, 'NOT_FOUND', `no emulator endpoint ${path}`));
      }
    } catch (error) {
      if (error instanceof EmulatorProblem) return send(res, problemReply(error));
      throw error;
    }
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://emulator').pathname;
    } catch {
      /* keep '/' */
    }
    if (path.startsWith('/_emulator/')) {
      handleInspection(req, res, method, path).catch((error: unknown) => {
        logger.error('emulator: internal error', { error: String(error) });
        send(res, errorReply(500, 'INTERNAL', 'emulator internal error'));
      });
      return;
    }
    const entry: RequestLogEntry = { at: new Date(started).toISOString(), t: started, method, path, status: 0, ms: 0 };
    requests.push(entry);
    if (requests.length > logSize) requests.splice(0, requests.length - logSize);
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      entry.ms = Date.now() - started;
      logger.debug('emulator request', { method, path, status: entry.status, ms: entry.ms, fault: entry.fault });
    });
    handleApi(req, res, method, path, entry).catch((error: unknown) => {
      logger.error('emulator: internal error', { error: String(error) });
      send(res, errorReply(500, 'INTERNAL', 'emulator internal error'));
    });
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    stateFile,
    close() {
      closed ??= (async () => {
        closing = true;
        for (const t of timers) {
          clearTimeout(t.timer);
          t.resolve();
        }
        timers.clear();
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await done;
        await store.flush();
      })();
      return closed;
    },
  };
}

export type { RunRecord, TenantSettings };
