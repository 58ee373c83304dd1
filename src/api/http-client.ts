/**
 * The Signature 365 agent API over HTTPS, with axios (docs/api.md).
 *
 * Every failure leaves as an AgentError built here from non-secret facts: axios errors (which carry the
 * request config, Authorization header included) are never thrown, attached as `cause`, or logged.
 * Retries (429, 408, 5xx, transient network errors) follow src/api/retry.ts; the same Idempotency-Key is
 * sent on every attempt of a call.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance, AxiosResponse, CreateAxiosDefaults } from 'axios';
import type { Signature365Client } from './client.js';
import type * as dto from './types.js';
import { DEFAULT_API_URL } from './types.js';
import { describeProxy, resolveProxy, type ProxyOrigin, type ProxySettings, type SystemProxySource } from './proxy.js';
import { DEFAULT_RETRY_POLICY, withRetry, parseRetryAfter, type AttemptOutcome, type RetryPolicy } from './retry.js';
import {
  AgentError,
  ApiError,
  ApiUnreachableError,
  AuthRefusedError,
  IntegrationDisabledError,
} from '../protocol/errors.js';
import { ApiSettingsError } from './errors.js';
import type { ApiErrorDetails } from '../protocol/error-details.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { mapStrings } from '../log/map-strings.js';
import { Redactor } from '../log/redactor.js';
import { trustedSecureContext, type SystemCertificates } from '../platform/trust-store.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Overall deadline of one attempt, however the server trickles its answer. */
export const DEFAULT_DEADLINE_MS = 120_000;

export interface HttpClientOptions {
  /** Base URL of the agent API; endpoint paths (`/v1/...`) are appended. Default DEFAULT_API_URL. */
  apiUrl?: string;
  /** The integration secret, sent as `Authorization: Bearer <secret>`. Never logged nor put in errors. */
  secret: string;
  /**
   * Outbound proxy URL, `http://[user:pass@]host:port` (or https://). When absent, https_proxy/HTTPS_PROXY
   * (then http_proxy/HTTP_PROXY) apply unless the API host is loopback or NO_PROXY exempts it (src/api/proxy.ts).
   */
  proxy?: string;
  /**
   * A PEM file of extra CA certificates, trusted in addition to Node's roots and the system's store
   * (src/platform/trust-store.ts), e.g. a TLS-inspecting proxy's CA that is not in the system store.
   */
  caFile?: string;
  /** The system store's certificates. Default Node's reader (tests inject their own). */
  systemCertificates?: SystemCertificates;
  /** Disables TLS certificate verification. Dangerous: logs a warning when the client is created. */
  tlsInsecure?: boolean;
  /** Per-attempt timeout in ms (connect, and then inactivity while waiting for the answer). Default 30000. */
  timeoutMs?: number;
  /**
   * Overall deadline of each attempt in ms, from sending to the last byte of the answer: a server trickling
   * bytes never trips `timeoutMs`, this ends it. A missed deadline is a network timeout (retried, then
   * API_UNREACHABLE). Default 120000.
   */
  deadlineMs?: number;
  /** Retry policy; missing fields take DEFAULT_RETRY_POLICY (6 attempts, 500 ms base, 30 s cap). */
  retry?: Partial<RetryPolicy>;
  /** Diagnostics (request lines at debug, retries at warn). Default: silent. */
  logger?: Logger;
  /** User-Agent header. Default `s365-ad-connector`. */
  userAgent?: string;
  /** Environment read for proxy variables. Default process.env (tests inject their own). */
  env?: NodeJS.ProcessEnv;
  /** The machine's proxy (WinHTTP on Windows), used when neither `proxy` nor a variable names one. Default none. */
  systemProxy?: SystemProxySource;
  /** Random source in [0, 1) for backoff jitter. Default Math.random (tests inject their own). */
  random?: () => number;
  /** How to wait between attempts. Default setTimeout-based. */
  sleep?: (ms: number) => Promise<void>;
}

/** Network error codes worth another attempt; anything else (DNS NXDOMAIN, TLS verification...) fails at once. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

type Method = 'GET' | 'POST';

/** How the client reaches Signature 365: through which proxy (without credentials) and why, or direct. */
export interface ProxyRoute {
  origin: ProxyOrigin | 'none';
  /** `http://host:port`, never with credentials. */
  proxy?: string;
  /** `option`, the variable's name, or `WinHTTP`. */
  source?: string;
}

export class HttpSignature365Client implements Signature365Client {
  private readonly baseUrl: string;
  /** Holds proxy credentials: private, like the secret. */
  readonly #httpDefaults: CreateAxiosDefaults;
  /**
   * The axios instance, made at the first call: loading axios costs about 70 ms and 35 MB, which
   * the verbs that never reach Signature 365 (version, status, get-config, report) do not pay.
   */
  #http: Promise<AxiosInstance> | undefined;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly policy: RetryPolicy;
  private readonly logger: Logger;
  private readonly userAgent: string;
  private readonly random: (() => number) | undefined;
  private readonly sleep: ((ms: number) => Promise<void>) | undefined;
  private readonly deadlineMs: number;
  /** The proxy decision, for the log and test-auth. */
  readonly proxyRoute: ProxyRoute;
  /** Private fields are invisible to util.inspect / JSON.stringify of the client. */
  readonly #secret: string;
  /** Masks the secret and the proxy credentials in text that came from the network. */
  readonly #redactor = new Redactor();

  constructor(options: HttpClientOptions) {
    this.#secret = options.secret;
    this.userAgent = options.userAgent ?? 's365-ad-connector';
    this.random = options.random;
    this.sleep = options.sleep;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.logger = options.logger ?? silentLogger;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options.retry ?? {}) };
    let base: URL;
    try {
      base = new URL(options.apiUrl ?? DEFAULT_API_URL);
    } catch {
      throw new ApiSettingsError('apiUrl is not a valid URL', { param: 'apiUrl' });
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new ApiSettingsError('apiUrl must be http(s)', { param: 'apiUrl' });
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    this.baseUrl = base.toString().replace(/\/+$/, '');

    let proxy: ProxySettings | undefined;
    try {
      proxy = resolveProxy(this.baseUrl, options.proxy, options.env ?? process.env, options.systemProxy);
    } catch (error) {
      throw new ApiSettingsError(error instanceof Error ? error.message : 'invalid proxy', { param: 'proxy' });
    }
    for (const secret of [options.secret, proxy?.password, proxy?.username]) this.#redactor.register(secret);

    let pem: string | undefined;
    if (options.caFile) {
      try {
        pem = readFileSync(options.caFile, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new ApiSettingsError(`cannot read caFile ${options.caFile}: ${code}`, { param: 'caFile' });
      }
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ApiSettingsError(`caFile ${options.caFile} holds no PEM certificate`, { param: 'caFile' });
    }
    const secureContext = trustedSecureContext({
      ...(pem ? { extraPem: pem } : {}),
      ...(options.systemCertificates ? { systemCertificates: options.systemCertificates } : {}),
      logger: this.logger,
    });
    if (options.tlsInsecure) {
      this.logger.warn(
        '!!! TLS CERTIFICATE VERIFICATION IS DISABLED (tlsInsecure): the connection to Signature 365 can be intercepted. ' +
          'Use caFile with your proxy CA instead. !!!',
        { apiUrl: this.baseUrl },
      );
    }
    this.httpAgent = new http.Agent({ keepAlive: true });
    this.httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: !options.tlsInsecure, secureContext });
    this.proxyRoute = proxy ? { origin: proxy.origin ?? 'config', proxy: describeProxy(proxy), source: proxy.source } : { origin: 'none' };
    if (proxy) this.logger.info('using proxy for Signature 365 API', { proxy: describeProxy(proxy), source: proxy.source, origin: this.proxyRoute.origin });
    else this.logger.debug('no proxy for Signature 365 API', { origin: 'none' });

    this.#httpDefaults = {
      adapter: 'http',
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: 64 * 1024 * 1024,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      proxy: proxy
        ? {
            protocol: proxy.protocol,
            host: proxy.host,
            port: proxy.port,
            ...(proxy.username !== undefined
              ? { auth: { username: proxy.username, password: proxy.password ?? '' } }
              : {}),
          }
        : false,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
      validateStatus: () => true,
    };
  }

  private http(): Promise<AxiosInstance> {
    this.#http ??= import('axios').then(({ default: axios }) => axios.create(this.#httpDefaults));
    return this.#http;
  }

  whoami(): Promise<dto.WhoAmI> {
    return this.call<dto.WhoAmI>('GET', '/v1/whoami');
  }

  /** Sends an Idempotency-Key too, so a retry after a lost answer gets the same run instead of 409 RUN_OPEN. */
  openRun(request: dto.OpenRunRequest, idempotencyKey: string = randomUUID()): Promise<dto.Run> {
    return this.call<dto.Run>('POST', '/v1/runs', request, idempotencyKey);
  }

  upsertUsers(runId: string, users: dto.UserPayload[], idempotencyKey: string): Promise<dto.UpsertUsersResponse> {
    return this.call<dto.UpsertUsersResponse>('POST', `${runPath(runId)}/users`, { users }, idempotencyKey);
  }

  upsertGroups(runId: string, groups: dto.GroupPayload[], idempotencyKey: string): Promise<dto.UpsertGroupsResponse> {
    return this.call<dto.UpsertGroupsResponse>('POST', `${runPath(runId)}/groups`, { groups }, idempotencyKey);
  }

  removeUsers(runId: string, objectGuids: string[], idempotencyKey: string): Promise<dto.RemoveUsersResponse> {
    return this.call<dto.RemoveUsersResponse>('POST', `${runPath(runId)}/removals`, { objectGuids }, idempotencyKey);
  }

  /** Sends an Idempotency-Key too, so a retry after a lost answer does not get 409 for closing twice. */
  closeRun(runId: string, request: dto.CloseRunRequest): Promise<dto.Run> {
    return this.call<dto.Run>('POST', `${runPath(runId)}/close`, request, randomUUID());
  }

  /** Frees pooled keep-alive sockets. The client must not be used afterwards. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private call<T>(method: Method, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#secret}`,
      Accept: 'application/json',
      'User-Agent': this.userAgent,
    };
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    let data: string | undefined;
    if (body !== undefined) {
      data = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    return withRetry((n) => this.attempt<T>(method, path, data, headers, n), this.policy, {
      ...(this.random ? { random: this.random } : {}),
      ...(this.sleep ? { sleep: this.sleep } : {}),
      onRetry: ({ attempt, delayMs, reason }) =>
        this.logger.warn('Signature 365 API call failed, retrying', {
          method,
          path,
          attempt,
          maxAttempts: this.policy.maxAttempts,
          delayMs,
          reason,
        }),
    });
  }

  private async attempt<T>(
    method: Method,
    path: string,
    data: string | undefined,
    headers: Record<string, string>,
    attempt: number,
  ): Promise<AttemptOutcome<T>> {
    const started = Date.now();
    let response: AxiosResponse<unknown>;
    const deadline = AbortSignal.timeout(this.deadlineMs);
    try {
      response = await (await this.http()).request({ method, url: this.baseUrl + path, data, headers, signal: deadline });
    } catch (error) {
      // Read only code and message: the axios error itself (config, headers) must not travel further.
      const { code, message } = deadline.aborted ? { code: 'ETIMEDOUT', message: `no complete answer within the ${this.deadlineMs} ms deadline` } : networkFacts(error);
      const retryable = TRANSIENT_NETWORK_CODES.has(code) || /socket hang up|timeout/i.test(message);
      this.logger.debug('Signature 365 API request failed', { method, path, attempt, code, ms: Date.now() - started });
      const details: ApiErrorDetails = { method, path, attempts: attempt, code };
      const text = `Signature 365 API unreachable: ${method} ${path}: ${this.scrub(message)} (${code})${suffix(attempt)}`;
      return { ok: false, retryable, reason: code, error: new ApiUnreachableError(text, details) };
    }

    const status = response.status;
    const raw = typeof response.data === 'string' ? response.data : '';
    this.logger.debug('Signature 365 API request', { method, path, status, attempt, ms: Date.now() - started });
    if (status >= 200 && status < 300) {
      try {
        return { ok: true, value: JSON.parse(raw) as T };
      } catch {
        const details: ApiErrorDetails = { method, path, attempts: attempt, status, code: 'INVALID_RESPONSE' };
        return {
          ok: false,
          retryable: false,
          reason: 'invalid response',
          error: new ApiError(`Signature 365 API ${method} ${path}: HTTP ${status} with a body that is not JSON`, details),
        };
      }
    }

    const details = this.errorDetails(method, path, attempt, status, raw);
    const what = `HTTP ${status}${details.code ? ` ${details.code}` : ''}${details.serverMessage ? `: ${details.serverMessage}` : ''}`;
    let error: AgentError<ApiErrorDetails>;
    if (status === 401) error = new AuthRefusedError(`Signature 365 refused the integration secret (${what})`, details);
    else if (status === 403) error = new IntegrationDisabledError(`The Signature 365 AD integration is disabled (${what})`, details);
    else error = new ApiError(`Signature 365 API ${method} ${path} failed: ${what}${suffix(attempt)}`, details);
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = retryable ? parseRetryAfter(headerValue(response.headers['retry-after'])) : undefined;
    return { ok: false, retryable, reason: `HTTP ${status}`, error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }

  private errorDetails(method: string, path: string, attempts: number, status: number, raw: string): ApiErrorDetails {
    const details: ApiErrorDetails = { method, path, attempts, status };
    let body: Partial<dto.ApiErrorBody> | undefined;
    try {
      body = JSON.parse(raw) as Partial<dto.ApiErrorBody>;
    } catch {
      body = undefined;
    }
    const error = body && typeof body === 'object' ? body.error : undefined;
    if (error && typeof error === 'object') {
      if (typeof error.code === 'string') details.code = this.scrub(error.code);
      if (typeof error.message === 'string') details.serverMessage = this.scrub(error.message);
      if (Array.isArray(error.fields)) {
        details.fields = error.fields
          .filter((f) => f && typeof f === 'object')
          .map((f) => ({ path: this.scrub(String(f.path)), message: this.scrub(String(f.message)) }));
      }
      const extra = (error as { details?: unknown }).details;
      if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
        details.serverDetails = this.scrubDeep(extra) as Record<string, unknown>;
      }
    } else if (raw.trim()) {
      details.serverMessage = this.scrub(raw.trim()).slice(0, 200); // cut after masking: a cut secret is no longer known
    }
    return details;
  }

  /**
   * Masks the secret and proxy credentials (in every serialised form), then any other bearer token, in
   * text that came from the network. Known secrets go first: the token pattern stops at a quote, comma,
   * semicolon or space, and masking a secret's first part would leave its rest unknown to the redactor.
   */
  private scrub(text: string): string {
    return this.#redactor.redact(text).replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer ***');
  }

  /** `scrub` over every string of a parsed value, at any depth. */
  private scrubDeep(value: unknown): unknown {
    return mapStrings(value, (text) => this.scrub(text));
  }
}

function runPath(runId: string): string {
  return `/v1/runs/${encodeURIComponent(runId)}`;
}

function suffix(attempt: number): string {
  return attempt > 1 ? ` (after ${attempt} attempts)` : '';
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function networkFacts(error: unknown): { code: string; message: string } {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
    const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : 'ENETWORK';
    const message = typeof e.message === 'string' && e.message ? e.message : code;
    return { code, message };
  }
  return { code: 'ENETWORK', message: String(error) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
