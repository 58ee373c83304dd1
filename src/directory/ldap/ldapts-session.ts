import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, Control, InvalidCredentialsError, type SearchOptions } from 'ldapts';
import type { DirectorySettings } from '../../config/config.js';
import type { Logger } from '../../log/logger.js';
import { trustedSecureContext, type SystemCertificates } from '../../platform/trust-store.js';
import { DirectoryError } from '../../protocol/errors.js';
import type { LdapSession, SessionControl, SessionEntry, SessionOpener, SessionSearch } from './session.js';

/** The search calls of ldapts's Client that the session uses (the unit tests fake just these). */
export type LdaptsSearcher = Pick<Client, 'search' | 'searchPaginated'>;

/**
 * LdapSession over ldapts. ldapts does not surface response controls, so a page's cookie is not
 * ours to carry: searchPages is ldapts's own searchPaginated, which carries it.
 */
export class LdaptsSession implements LdapSession {
  /**
   * The operation timeout that dropped the connection. ldapts rejects the request that timed out
   * with "Operation timed out" and every other request in flight (the next page asked ahead, a
   * manager lookup) with "Connection closed"; whichever the caller meets first, it is told the cause.
   */
  private timedOut: Error | undefined;

  constructor(
    private readonly client: LdaptsSearcher,
    private readonly unbind: () => Promise<void> = async () => undefined,
  ) {}

  async search(request: SessionSearch): Promise<SessionEntry[]> {
    const [options, controls] = ldaptsOptions(request);
    try {
      return (await this.client.search(request.base, options, controls)).searchEntries;
    } catch (error) {
      throw this.cause(error);
    }
  }

  async *searchPages(request: SessionSearch, pageSize: number): AsyncIterable<SessionEntry[]> {
    const [options, controls] = ldaptsOptions(request);
    try {
      for await (const page of this.client.searchPaginated(request.base, { ...options, paged: { pageSize } }, controls)) yield page.searchEntries;
    } catch (error) {
      throw this.cause(error);
    }
  }

  private cause(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    if (/Operation timed out/i.test(error.message)) this.timedOut ??= error;
    else if (this.timedOut && /Connection closed/i.test(error.message)) return this.timedOut;
    return error;
  }

  async close(): Promise<void> {
    await this.unbind().catch(() => undefined);
  }
}

function ldaptsOptions(request: SessionSearch): [SearchOptions, Control[] | undefined] {
  const options: SearchOptions = {
    scope: request.scope,
    filter: request.filter,
    attributes: [...request.attributes],
    ...(request.binaryAttributes ? { explicitBufferAttributes: [...request.binaryAttributes] } : {}),
    ...(request.timeLimitSeconds ? { timeLimit: request.timeLimitSeconds } : {}),
  };
  return [options, request.controls?.map(toControl)];
}

function toControl(control: SessionControl): Control {
  return new Control(control.oid, { critical: control.critical });
}

export interface SimpleBindOptions {
  settings: DirectorySettings;
  bindPassword?: string;
  logger: Logger;
  /** The system store's certificates. Default Node's reader (tests inject their own). */
  systemCertificates?: SystemCertificates;
}

/** Opens an ldapts connection (LDAPS, or ldap:// with StartTLS or plain when allowed) and simple-binds with bindDn when there is one. */
export function simpleBindOpener({ settings, bindPassword, logger, systemCertificates }: SimpleBindOptions): SessionOpener {
  return async (server) => {
    const tlsOptions = tlsOptionsOf(settings, logger, systemCertificates);
    const secure = server.toLowerCase().startsWith('ldaps:');
    const client = new Client({
      url: server,
      timeout: settings.timeoutMs,
      connectTimeout: settings.connectTimeoutMs,
      strictDN: false,
      // ldapts applies tlsOptions to ldaps:// only; passing them for ldap:// breaks the plain socket.
      ...(secure ? { tlsOptions } : {}),
    });
    try {
      if (!secure && settings.startTls) await client.startTLS(tlsOptions);
      if (settings.bindDn) {
        await client.bind(settings.bindDn, bindPassword ?? '');
      }
      return new LdaptsSession(client, () => client.unbind());
    } catch (error) {
      await client.unbind().catch(() => undefined);
      if (error instanceof InvalidCredentialsError) {
        throw new DirectoryError(`The directory refused the bind credentials for '${settings.bindDn ?? ''}' on ${server}.`, {
          server,
          ldapCode: error.code,
        });
      }
      throw error;
    }
  };
}

/** The DC certificate is checked against Node's roots, the system's store and `caFile` (src/platform/trust-store.ts). */
function tlsOptionsOf(settings: DirectorySettings, logger: Logger, systemCertificates: SystemCertificates | undefined): ConnectionOptions {
  if (settings.tlsInsecure) {
    logger.warn('TLS certificate verification is OFF for the directory (tlsInsecure). Do not use this in production.');
    return { rejectUnauthorized: false };
  }
  const secureContext = trustedSecureContext({
    ...(settings.caFile ? { extraPem: readFileSync(settings.caFile, 'utf8') } : {}),
    ...(systemCertificates ? { systemCertificates } : {}),
    logger,
  });
  return { secureContext };
}
