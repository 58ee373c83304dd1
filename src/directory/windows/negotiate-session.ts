import os from 'node:os';
import type { DirectorySettings } from '../../config/config.js';
import { DirectoryError } from '../../protocol/errors.js';
import { WindowsBridgeError, type BridgeEntry, type WindowsBridge } from '../../platform/windows/edge-bridge.js';
import { LdapResultCode, LdapResultError, type LdapSession, type SessionEntry, type SessionOpener, type SessionSearch } from '../ldap/session.js';

/**
 * LdapSession over the .NET Negotiate session (S365.Windows through edge-js): integrated auth, the
 * identity of the process (on Windows the computer account or a gMSA, signed and sealed; on Linux
 * SASL GSSAPI with the Kerberos ticket in KRB5CCNAME). The paging loop carries the RFC 2696 cookie
 * here, one bridge call a page.
 */
export class NegotiateSession implements LdapSession {
  constructor(
    private readonly bridge: WindowsBridge,
    private readonly session: number,
    /** The bound identity (Who am I?), or null where the server does not offer it. */
    readonly identity: string | null,
  ) {}

  async search(request: SessionSearch): Promise<SessionEntry[]> {
    const page = await this.call(request);
    return page.entries;
  }

  async *searchPages(request: SessionSearch, pageSize: number): AsyncIterable<SessionEntry[]> {
    let cookie: string | null = null;
    do {
      const page: { entries: SessionEntry[]; cookie: string | null } = await this.call(request, pageSize, cookie);
      yield page.entries;
      cookie = page.cookie;
    } while (cookie !== null);
  }

  async close(): Promise<void> {
    await this.bridge.ldap.close(this.session).catch(() => undefined);
  }

  private async call(request: SessionSearch, pageSize?: number, cookie?: string | null): Promise<{ entries: SessionEntry[]; cookie: string | null }> {
    try {
      const page = await this.bridge.ldap.search({
        session: this.session,
        base: request.base,
        scope: request.scope,
        filter: request.filter.toString(),
        attributes: [...request.attributes],
        ...(request.binaryAttributes ? { binaryAttributes: [...request.binaryAttributes] } : {}),
        ...(request.timeLimitSeconds ? { timeLimitSeconds: request.timeLimitSeconds } : {}),
        ...(request.controls ? { controls: request.controls.map((control) => ({ oid: control.oid, critical: control.critical })) } : {}),
        ...(pageSize !== undefined ? { pageSize, cookie: cookie ?? null } : {}),
      });
      return { entries: page.entries.map((entry) => toSessionEntry(entry, request)), cookie: page.cookie };
    } catch (error) {
      throw asResultError(error);
    }
  }
}

/**
 * The entry as ldapts gives it: attributes under the requested spelling (the LDAP library on Linux
 * gives lower case), binary ones (base64 on the bridge) as Buffers. A ranged attribute keeps the
 * server's name (`member;range=0-1499`); binary-ness is of its base name.
 */
function toSessionEntry(entry: BridgeEntry, request: SessionSearch): SessionEntry {
  const spelled = new Map([...request.attributes, ...(request.binaryAttributes ?? [])].map((name) => [name.toLowerCase(), name]));
  const binary = new Set((request.binaryAttributes ?? []).map((name) => name.toLowerCase()));
  const result: SessionEntry = { dn: entry.dn };
  for (const [name, values] of Object.entries(entry.attributes)) {
    const baseName = name.split(';')[0]!.toLowerCase();
    result[spelled.get(name.toLowerCase()) ?? name] = binary.has(baseName) ? values.map((value) => Buffer.from(value, 'base64')) : values;
  }
  return result;
}

/** An LDAP result from the bridge as LdapResultError (the logic tells results apart by code); anything else as it is. */
function asResultError(error: unknown): unknown {
  if (error instanceof WindowsBridgeError && error.kind === 'LdapBridgeException' && error.resultCode !== undefined && error.resultCode >= 0) {
    return new LdapResultError(error.message, error.resultCode, error.serverMessage);
  }
  return error;
}

/** Bind results that mean "this identity is not accepted" rather than "this DC is not there". */
const REFUSED: readonly number[] = [LdapResultCode.invalidCredentials, LdapResultCode.localError, 48, 50];

/**
 * Who the process is, for a refused bind. Windows: the process token's account from the bridge
 * (WindowsIdentity.GetCurrent), with the computer account SYSTEM binds as; where the bridge gives
 * none (off Windows, or it fails), the account by name and, off Windows, where its Kerberos ticket
 * is looked for.
 */
export async function describeProcessIdentity(bridge: Pick<WindowsBridge, 'describe'>): Promise<string> {
  const identity = await bridge.describe().then((info) => info.identity ?? undefined, () => undefined);
  if (!identity) return processIdentity();
  const network = identity.networkAccount ? ` (on the network the computer account ${identity.networkAccount}${identity.networkDomain ? ` of ${identity.networkDomain}` : ''})` : '';
  return `the process account ${identity.name}${identity.sid ? ` [${identity.sid}]` : ''}${network}`;
}

/** Who the process is by name, without the bridge: the account, and where its Kerberos ticket is looked for off Windows. */
export function processIdentity(): string {
  const user = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return 'unknown';
    }
  })();
  if (process.platform === 'win32') return `the process account ${process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\` : ''}${user} (as SYSTEM: the computer account)`;
  return `the process account ${user}, with the Kerberos ticket of ${process.env.KRB5CCNAME ? `KRB5CCNAME=${process.env.KRB5CCNAME}` : 'the default credentials cache'}`;
}

/** Opens a Negotiate session to one DC given as an ldap:// or ldaps:// URL: Kerberos asks for ldap/<its host name>. */
export function negotiateOpener(bridge: WindowsBridge, settings: Pick<DirectorySettings, 'timeoutMs'>): SessionOpener {
  return async (server) => {
    const url = new URL(server);
    const ssl = url.protocol === 'ldaps:';
    const port = url.port ? Number(url.port) : ssl ? 636 : 389;
    try {
      const opened = await bridge.ldap.open({ server: url.hostname, port, ssl, timeoutSeconds: Math.max(1, Math.ceil(settings.timeoutMs / 1000)) });
      return new NegotiateSession(bridge, opened.session, opened.identity);
    } catch (error) {
      if (error instanceof WindowsBridgeError && error.kind !== 'LdapBridgeException') {
        throw new DirectoryError(`The Windows bridge could not open an LDAP session to ${server}: ${error.kind}: ${error.message}`, {
          server,
          problem: 'integrated-unavailable',
          auth: 'integrated',
        });
      }
      const failed = asResultError(error);
      if (failed instanceof LdapResultError && REFUSED.includes(failed.resultCode)) {
        throw new DirectoryError(
          `The directory refused the integrated (Negotiate) bind of ${await describeProcessIdentity(bridge)} on ${server}: ${failed.serverMessage || failed.message}. ` +
            'Give this account read access to the directory, or (off Windows) get a ticket with kinit first.',
          { server, ldapCode: failed.resultCode, auth: 'integrated' },
        );
      }
      throw failed;
    }
  };
}
