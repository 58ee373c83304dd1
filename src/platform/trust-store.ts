/**
 * The certificate authorities every TLS client of the agent trusts (LDAPS, StartTLS, HTTPS to
 * Signature 365): Node's default roots (its bundled Mozilla list, plus NODE_EXTRA_CA_CERTS), the
 * operating system's store, and the PEM given as `caFile`. On every platform, with no switch: the
 * system store is the machine administrator's trust decision (on Windows the ROOT and CA stores,
 * enterprise CAs pushed by Group Policy included, the ones a TLS-inspecting proxy's CA is put in;
 * elsewhere OpenSSL's default file and folder, or SSL_CERT_FILE / SSL_CERT_DIR when set), the one
 * PowerShell, browsers and curl already honour. docs/protocol.md, *TLS trust*.
 */
import tls from 'node:tls';
import { silentLogger, type Logger } from '../log/logger.js';

/** The operating system's certificates as PEM (tests pass their own). */
export type SystemCertificates = () => readonly string[];

/** Node 22's own reader of the system store: read once per process (~40 ms here), cached by Node. */
export const nodeSystemCertificates: SystemCertificates = () => tls.getCACertificates('system');

let systemCache: readonly string[] | undefined;

/**
 * The system store, read once per process. A store that cannot be read is not fatal: one warning,
 * and the agent trusts Node's roots and `caFile` as before.
 */
function systemStore(read: SystemCertificates, logger: Logger): readonly string[] {
  if (read !== nodeSystemCertificates) return safeRead(read, logger);
  systemCache ??= safeRead(read, logger);
  return systemCache;
}

function safeRead(read: SystemCertificates, logger: Logger): readonly string[] {
  try {
    const certificates = read();
    logger.debug('TLS trust: certificates of the system store', { count: certificates.length });
    return certificates;
  } catch (error) {
    logger.warn("TLS trust: the system's certificate store could not be read; trusting Node's roots and caFile only", {
      error: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
}

export interface TrustOptions {
  /** PEM text of `caFile` (one or more certificates), when the setting names one. */
  extraPem?: string;
  /** Where the system's certificates come from. Default Node's reader. */
  systemCertificates?: SystemCertificates;
  logger?: Logger;
}

/**
 * The CA list for a TLS client's `ca` option: Node's defaults, then the system store, then
 * `extraPem`, each certificate once. `ca` replaces Node's defaults, so the list carries them.
 */
export function trustedCertificates(options: TrustOptions = {}): string[] {
  const logger = options.logger ?? silentLogger;
  const list = new Set<string>(tls.getCACertificates('default'));
  for (const pem of systemStore(options.systemCertificates ?? nodeSystemCertificates, logger)) list.add(pem);
  const ordered = [...list];
  if (options.extraPem) ordered.push(options.extraPem);
  return ordered;
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * A secure context holding `trustedCertificates(options)`, for a TLS client's `secureContext`
 * option. Made once per `caFile` content and kept for the process: building one from ~260 CAs
 * costs ~30 ms here, where Node's default context is cached (0.1 ms), and a sync opens several
 * connections. With `systemCertificates` given (tests) a new one every time.
 */
export function trustedSecureContext(options: TrustOptions = {}): tls.SecureContext {
  if (options.systemCertificates) return tls.createSecureContext({ ca: trustedCertificates(options) });
  const key = options.extraPem ?? '';
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: trustedCertificates(options) });
    contexts.set(key, context);
  }
  return context;
}
