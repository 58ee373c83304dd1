/**
 * Which outbound proxy the API client uses: an explicit proxy URL, else the HTTPS_PROXY / HTTP_PROXY
 * environment variables filtered by NO_PROXY. NO_PROXY matching is ours (not axios's) so it is unit-tested
 * and behaves the same whatever axios version is installed. Proxy credentials never leave this module
 * except as the axios proxy config: `describeProxy` gives a loggable form without them.
 */
import { BlockList, isIP } from 'node:net';

export interface ProxySettings {
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Where it came from: `option`, the environment variable's name, or the system's (`WinHTTP`). */
  source: string;
  /** Which rule chose it (set by `resolveProxy`). */
  origin?: ProxyOrigin;
}

/** Where the proxy of the API came from: the config, a variable of the environment, the machine's own setting. */
export type ProxyOrigin = 'config' | 'environment' | 'system';

/** Parses `http://user:pass@host:port`. Throws an Error whose message carries no credentials. */
export function parseProxyUrl(text: string, source = 'option'): ProxySettings {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    throw new Error(`invalid proxy URL from ${source} (expected http://[user:pass@]host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported proxy protocol ${url.protocol} from ${source} (use http:// or https://)`);
  }
  if (!url.hostname) throw new Error(`proxy URL from ${source} has no host`);
  const settings: ProxySettings = {
    protocol: url.protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    source,
  };
  if (url.username) settings.username = safeDecode(url.username);
  if (url.password) settings.password = safeDecode(url.password);
  return settings;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The proxy as `http://host:port`, never with credentials: the only form that may be logged. */
export function describeProxy(proxy: ProxySettings): string {
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  return `${proxy.protocol}//${host}:${proxy.port}${proxy.username ? ' (with credentials)' : ''}`;
}

function envValue(env: NodeJS.ProcessEnv, name: string): { name: string; value: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return { name: key, value };
  }
  return undefined;
}

function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  if (isIP(h) === 6) {
    try {
      h = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    } catch {
      /* keep as written */
    }
  }
  return h;
}

/** Splits `host:port` / `[v6]:port` / `host` into host and port (0 when absent). */
function splitHostPort(entry: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ? Number(bracketed[2]) : 0 };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { host: withPort[1] ?? '', port: Number(withPort[2]) };
  return { host: entry, port: 0 };
}

/**
 * Whether NO_PROXY (`noProxy`) exempts `targetUrl` from the proxy. Entries are separated by commas or spaces:
 * - `*` exempts everything;
 * - `example.com`, `.example.com` and `*.example.com` all exempt example.com and every subdomain (curl's rule);
 * - an IP literal (`10.1.2.3`, `::1` or `[::1]`) exempts exactly that address;
 * - a CIDR block (`10.0.0.0/8`, `fd00::/8`) exempts the IP literals inside it (no DNS resolution is done);
 * - `host:port` (or `[v6]:port`) restricts the entry to that port (default ports: 80 http, 443 https);
 * - `<local>` exempts host names without a dot (WinHTTP's and Internet Options' "local" names);
 * - a `*` elsewhere than a leading `*.` is a wildcard over the whole host (`10.*`, `*corp*`), as in a
 *   WinHTTP bypass list.
 * Matching is case-insensitive and ignores trailing dots.
 */
export function noProxyMatches(targetUrl: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return false;
  }
  const host = normalizeHost(url.hostname);
  const hostIpVersion = isIP(host);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;

  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry === '<local>') {
      if (!hostIpVersion && !host.includes('.')) return true;
      continue;
    }

    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const base = normalizeHost(cidr[1] ?? '');
      const prefix = Number(cidr[2]);
      const version = isIP(base);
      if (!hostIpVersion || version !== hostIpVersion) continue;
      if (prefix > (version === 4 ? 32 : 128)) continue;
      const family = version === 4 ? 'ipv4' : 'ipv6';
      const list = new BlockList();
      list.addSubnet(base, prefix, family);
      if (list.check(host, family)) return true;
      continue;
    }

    const split = splitHostPort(entry);
    if (split.port && split.port !== port) continue;
    let entryHost = normalizeHost(split.host);
    if (/\*/.test(entryHost.replace(/^\*\./, ''))) {
      if (wildcardPattern(entryHost).test(host)) return true;
      continue;
    }
    if (isIP(entryHost)) {
      if (entryHost === host) return true;
      continue;
    }
    entryHost = entryHost.replace(/^\*?\.+/, '').replace(/^\*$/, '');
    if (!entryHost || hostIpVersion) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/** `10.*` -> /^10\..*$/: only `*` is special. */
function wildcardPattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** localhost, 127.0.0.0/8 or ::1: never sent to an environment proxy (like Go's ProxyFromEnvironment). */
export function isLoopbackTarget(targetUrl: string): boolean {
  let host: string;
  try {
    host = normalizeHost(new URL(targetUrl).hostname);
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return false;
}

/**
 * The machine's own proxy setting (on Windows the WinHTTP proxy, src/platform/windows/winhttp-reader.ts),
 * consulted only when neither the config nor a proxy variable names one.
 */
export interface SystemProxy {
  /** The proxy URL for `http` or `https` targets; undefined: that scheme goes direct. */
  urlFor(scheme: 'http' | 'https'): string | undefined;
  /** Hosts that go direct, in NO_PROXY syntax (`noProxyMatches`). */
  noProxy: string;
  /** Where it came from, e.g. `WinHTTP`. */
  source: string;
}

/** Reads the machine's proxy setting; undefined when it has none (or it cannot be read). */
export type SystemProxySource = () => SystemProxy | undefined;

/**
 * The proxy for a request to `targetUrl`: the explicit one when given (NO_PROXY does not apply to it);
 * otherwise none for a loopback target (so a machine-wide HTTP_PROXY cannot break a local emulator), and,
 * unless NO_PROXY/no_proxy exempts the target, https_proxy/HTTPS_PROXY for an https target
 * (falling back to http_proxy/HTTP_PROXY, as the agent's API is always https in production and many hosts
 * only set HTTP_PROXY), and http_proxy/HTTP_PROXY for an http target. Lower-case variables win.
 * With no variable, the machine's proxy (`system`, WinHTTP on Windows) unless its bypass list exempts the target.
 */
export function resolveProxy(
  targetUrl: string,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  system?: SystemProxySource,
): ProxySettings | undefined {
  if (explicit) return { ...parseProxyUrl(explicit, 'option'), origin: 'config' };
  if (isLoopbackTarget(targetUrl)) return undefined;
  const noProxy = envValue(env, 'NO_PROXY');
  if (noProxy && noProxyMatches(targetUrl, noProxy.value)) return undefined;
  const isHttps = targetUrl.toLowerCase().startsWith('https:');
  const variable = (isHttps ? envValue(env, 'HTTPS_PROXY') : undefined) ?? envValue(env, 'HTTP_PROXY');
  if (variable) return { ...parseProxyUrl(variable.value, variable.name), origin: 'environment' };
  const machine = system?.();
  if (!machine || noProxyMatches(targetUrl, machine.noProxy)) return undefined;
  const url = machine.urlFor(isHttps ? 'https' : 'http');
  return url ? { ...parseProxyUrl(url, machine.source), origin: 'system' } : undefined;
}
