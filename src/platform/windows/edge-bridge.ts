/**
 * The agent's side of the Windows-only .NET code (src/windows/S365.Windows), reached in process
 * through edge-js: typed calls over the assembly's `Func<object, Task<object>>` entry points.
 * Nothing here is Windows-only itself: on Linux the same calls run on CoreCLR (the LDAP session
 * for real; DPAPI, the Event Log and the DC locator answer with a WindowsBridgeError, kind
 * PlatformNotSupportedException). See docs/windows.md.
 *
 * edge-js is not a dependency of the agent's package: outside the single executable the caller says
 * where it is (the tests use build/windows/setup-edge.sh's prefix); the Windows executable carries it
 * and the assembly as assets and loads them from its verified runtime folder (addon-assets.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { resolveConfigDir } from '../../config/config-dir.js';
import { admittedServiceSids } from '../../config/service-account.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { embeddedAssets, prepareRuntime, RUNTIME_DIR } from './addon-assets.js';

export interface WindowsBridgeLocation {
  /** The edge-js package folder (its lib/edge.js and build/Release/*.node). */
  edgeJsDir: string;
  /** The folder of S365.Windows.dll for this runtime (out/windows/<target>/). */
  assemblyDir: string;
  /** `coreclr`: .NET (Core), edge_coreclr.node; `clr`: .NET Framework, edge_nativeclr.node (Windows). */
  runtime: 'coreclr' | 'clr';
  /**
   * In an executable that carries the bridge as assets (the Windows one), the config dir under
   * whose runtime/ folder they are written and checked before each load; edgeJsDir, assemblyDir and
   * runtime are then the assets' own. Default: the agent's default config dir. Ignored elsewhere.
   */
  configDir?: string;
}

/** The process token's account (Windows only), as WindowsIdentity.GetCurrent gives it. */
export interface ProcessIdentity {
  /** DOMAIN\user, NT AUTHORITY\SYSTEM, CORP\gmsa-s365$... */
  name: string;
  sid: string | null;
  /** The computer account (HOST$) when the process is SYSTEM or NETWORK SERVICE, which reach the network as it. */
  networkAccount: string | null;
  networkDomain: string | null;
}

export interface PlatformInfo {
  framework: string;
  os: string;
  windows: boolean;
  user: string;
  process64: boolean;
  /** Windows: the process identity; null elsewhere (absent from an older assembly). */
  identity?: ProcessIdentity | null;
}

export interface OpenSessionOptions {
  /** A DC's DNS name: Kerberos finds the service principal ldap/<server> by it. */
  server: string;
  /** Default 389, or 636 with `ssl`. */
  port?: number;
  ssl?: boolean;
  timeoutSeconds?: number;
}

export interface OpenedSession {
  session: number;
  /** The bound identity by the Who am I? operation, or null where the server does not offer it. */
  identity: string | null;
}

export interface BridgeControl {
  oid: string;
  critical?: boolean;
  /** BER value, base64. */
  value?: string;
}

export interface BridgeSearchRequest {
  session: number;
  base: string;
  scope: 'base' | 'one' | 'sub';
  /** An RFC 4515 filter string (build it with ldapts's filter objects, then toString()). */
  filter: string;
  attributes?: string[];
  /** Attributes whose values come back as base64 instead of text (objectGUID, thumbnailPhoto...). */
  binaryAttributes?: string[];
  /** >0: one page of a paged search (RFC 2696) of this size; pass back `cookie` for the next. */
  pageSize?: number;
  cookie?: string | null;
  sizeLimit?: number;
  /** Server-side time limit of the search, in seconds. */
  timeLimitSeconds?: number;
  controls?: BridgeControl[];
}

export interface BridgeEntry {
  dn: string;
  /** Attribute name as the LDAP library gives it (lower case on Linux) -> values. */
  attributes: Record<string, string[]>;
}

export interface BridgePage {
  entries: BridgeEntry[];
  /** The paging cookie for the next page, null after the last. */
  cookie: string | null;
}

export interface EventLogEntry {
  source: string;
  eventId: number;
  level: 'information' | 'warning' | 'error';
  message: string;
}

export interface FolderAcl {
  /** True when nothing is inherited from the parent folder. */
  protected: boolean;
  rules: { sid: string; rights: string; allow: boolean; inherited: boolean }[];
}

export interface LocatedDc {
  domainController: string;
  address: string;
  domain: string;
  forest: string;
  dcSite: string | null;
  clientSite: string | null;
}

/** A failure inside the .NET code, with the exception's kind and, for LDAP, the result code. */
export class WindowsBridgeError extends Error {
  override readonly name = 'WindowsBridgeError';
  constructor(
    message: string,
    /** The .NET exception type, without its namespace: LdapBridgeException, PlatformNotSupportedException, ArgumentException... */
    readonly kind: string,
    /** LDAP result code (49 invalid credentials, 82 local error: no Kerberos ticket...); -1 when not an LDAP result. */
    readonly resultCode?: number,
    readonly serverMessage?: string,
  ) {
    super(message);
  }
}

export interface WindowsBridge {
  describe(): Promise<PlatformInfo>;
  ldap: {
    open(options: OpenSessionOptions): Promise<OpenedSession>;
    search(request: BridgeSearchRequest): Promise<BridgePage>;
    close(session: number): Promise<boolean>;
  };
  dpapi: {
    protect(data: Buffer, entropy: Buffer, scope?: 'machine' | 'user'): Promise<Buffer>;
    unprotect(sealed: Buffer, entropy: Buffer, scope?: 'machine' | 'user'): Promise<Buffer>;
  };
  eventLog: {
    sourceExists(source: string): Promise<boolean>;
    /** Needs an administrator; true when the source was new. */
    registerSource(source: string, log?: string): Promise<boolean>;
    write(entry: EventLogEntry): Promise<void>;
  };
  dcLocator: {
    locate(options?: { domain?: string; site?: string; forceRediscovery?: boolean; requireGc?: boolean }): Promise<LocatedDc>;
  };
  /**
   * The config directory's ACL: SYSTEM and Administrators only, and the `admit` SIDs (the task's
   * service account, modify rights), inheritance from the parent off (creates the folder).
   */
  configDirAcl: {
    restrict(path: string, admit?: readonly string[]): Promise<void>;
    describe(path: string): Promise<FolderAcl>;
  };
}

type EdgeCallback = (error: unknown, result: unknown) => void;
type EdgeFunc = (input: unknown, callback: EdgeCallback) => void;
interface EdgeModule {
  func(options: { assemblyFile: string; typeName: string; methodName: string }): EdgeFunc;
}

const ASSEMBLY = 'S365.Windows';

function bridgeError(error: unknown): Error {
  if (typeof error !== 'object' || error === null) return new WindowsBridgeError(String(error), 'Unknown');
  const fields = error as Record<string, unknown>;
  const message = typeof fields.Message === 'string' ? fields.Message : error instanceof Error ? error.message : String(error);
  // edge-js names the exception by its full type name: S365.Windows.LdapBridgeException.
  const kind = typeof fields.Name === 'string' && fields.Name !== '' ? fields.Name.slice(fields.Name.lastIndexOf('.') + 1) : 'Unknown';
  const code = typeof fields.ResultCode === 'number' ? fields.ResultCode : undefined;
  const serverMessage = typeof fields.ServerMessage === 'string' ? fields.ServerMessage : undefined;
  return new WindowsBridgeError(message, kind, code, serverMessage);
}

/**
 * Loads edge-js and binds the assembly's entry points. Once per process: edge-js starts one CLR
 * and keeps it. For CoreCLR it sets EDGE_USE_CORECLR, and (unless set) LDAPSASL_NOCANON=on, so
 * that libldap (which System.DirectoryServices.Protocols uses on Linux) asks Kerberos for
 * ldap/<the server name given> instead of the name a reverse lookup of its address gives.
 */
export function loadWindowsBridge(requested: WindowsBridgeLocation): WindowsBridge {
  const location = embeddedLocation(requested) ?? requested;
  if (location.runtime === 'coreclr') {
    process.env.EDGE_USE_CORECLR = '1';
    process.env.LDAPSASL_NOCANON ??= 'on';
  } else {
    delete process.env.EDGE_USE_CORECLR;
  }
  const edge = createRequire(import.meta.url)(path.resolve(location.edgeJsDir)) as EdgeModule;
  const assemblyFile = path.join(path.resolve(location.assemblyDir), `${ASSEMBLY}.dll`);
  const funcs = new Map<string, EdgeFunc>();

  function call<T>(type: string, method: string, input: unknown): Promise<T> {
    const key = `${type}.${method}`;
    let func = funcs.get(key);
    if (!func) {
      func = edge.func({ assemblyFile, typeName: `${ASSEMBLY}.${type}`, methodName: method });
      funcs.set(key, func);
    }
    const bound = func;
    return new Promise<T>((resolve, reject) => {
      try {
        bound(input, (error, result) => (error ? reject(bridgeError(error)) : resolve(result as T)));
      } catch (error) {
        reject(bridgeError(error));
      }
    });
  }

  return {
    describe: () => call<PlatformInfo>('Platform', 'Describe', {}),
    ldap: {
      open: (options) => call<OpenedSession>('LdapSession', 'Open', options),
      search: async (request) => {
        const page = await call<{ entries: BridgeEntry[]; cookie: string | null }>('LdapSession', 'Search', request);
        return { entries: page.entries ?? [], cookie: page.cookie ?? null };
      },
      close: async (session) => (await call<{ closed: boolean }>('LdapSession', 'Close', { session })).closed,
    },
    dpapi: {
      protect: async (data, entropy, scope = 'machine') =>
        Buffer.from((await call<{ sealed: string }>('Dpapi', 'Protect', { data: data.toString('base64'), entropy: entropy.toString('base64'), scope })).sealed, 'base64'),
      unprotect: async (sealed, entropy, scope = 'machine') =>
        Buffer.from((await call<{ data: string }>('Dpapi', 'Unprotect', { sealed: sealed.toString('base64'), entropy: entropy.toString('base64'), scope })).data, 'base64'),
    },
    eventLog: {
      sourceExists: async (source) => (await call<{ exists: boolean }>('EventLogWriter', 'SourceExists', { source })).exists,
      registerSource: async (source, log = 'Application') => (await call<{ registered: boolean }>('EventLogWriter', 'RegisterSource', { source, log })).registered,
      write: async (entry) => {
        await call('EventLogWriter', 'Write', entry);
      },
    },
    dcLocator: {
      locate: (options = {}) => call<LocatedDc>('DcLocator', 'Locate', options),
    },
    configDirAcl: {
      restrict: async (dir, admit = []) => {
        await call('ConfigDirAcl', 'Restrict', { path: dir, admit: [...admit] });
      },
      describe: (dir) => call<FolderAcl>('ConfigDirAcl', 'Describe', { path: dir }),
    },
  };
}

let bridgeLogger: Logger = silentLogger;

/** Where loading the bridge logs what it did beside loading (pruning old runtime folders): the verb's logger, set by dispatch. */
export function useBridgeLogger(logger: Logger): void {
  bridgeLogger = logger;
}

/**
 * In an executable with the bridge's assets: writes them on first use and checks every file against
 * the build's manifest (CONFIG_CORRUPT when one differs), and answers their folders.
 */
function embeddedLocation(requested: WindowsBridgeLocation): WindowsBridgeLocation | undefined {
  const assets = embeddedAssets();
  if (!assets) return undefined;
  const configDir = requested.configDir ?? resolveConfigDir(undefined);
  const runtimeDir = path.join(configDir, RUNTIME_DIR);
  const prepared = prepareRuntime(configDir, assets, {
    admit: admittedServiceSids(configDir),
    onPrune: ({ removed, failed }) => {
      if (removed.length > 0) bridgeLogger.info('Removed the Windows bridge folders of other builds, and crashed first uses', { runtimeDir, removed });
      for (const { name, reason } of failed) bridgeLogger.warn('A Windows bridge folder of another build could not be removed; it is tried again at the next start', { runtimeDir, name, reason });
    },
  });
  return { edgeJsDir: prepared.edgeJsDir, assemblyDir: prepared.assemblyDir, runtime: prepared.runtime, configDir };
}

/** Every page of a paged search through the bridge (the paging loop, in TypeScript as for ldapts). */
export async function* searchPages(bridge: WindowsBridge, request: Omit<BridgeSearchRequest, 'cookie'> & { pageSize: number }): AsyncIterable<BridgeEntry[]> {
  let cookie: string | null = null;
  do {
    const page: BridgePage = await bridge.ldap.search({ ...request, cookie });
    yield page.entries;
    cookie = page.cookie;
  } while (cookie !== null);
}
