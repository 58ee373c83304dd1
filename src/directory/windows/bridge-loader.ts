import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentError, DirectoryError } from '../../protocol/errors.js';
import { resolveConfigDir } from '../../config/config-dir.js';
import { embeddedAssets, runtimeFolder } from '../../platform/windows/addon-assets.js';
import { loadWindowsBridge, type WindowsBridge, type WindowsBridgeLocation } from '../../platform/windows/edge-bridge.js';

/**
 * Where integrated auth finds the Windows bridge (edge-js and S365.Windows), by environment:
 * each variable overrides one part of the default, which is the layout of a built checkout
 * (`build/windows/setup-edge.sh`, `build/windows/build-dotnet.sh`) beside the agent's `dist/`.
 */
export const BRIDGE_ENV = {
  /** The edge-js package folder (its lib/edge.js, build/Release/*.node). Default `<root>/.tools/edge-js/node_modules/edge-js`. */
  edgeJsDir: 'S365_EDGE_JS_DIR',
  /** The folder of S365.Windows.dll. Default `<root>/out/windows/net10.0-<linux|win>-x64` (coreclr) or `net472` (clr). */
  assemblyDir: 'S365_WINDOWS_ASSEMBLY_DIR',
  /** `coreclr` (.NET 8+, edge_coreclr.node) or `clr` (.NET Framework, Windows only). Default: coreclr. */
  runtime: 'S365_WINDOWS_RUNTIME',
} as const;

/** The checkout the running module belongs to: the nearest folder above it with a package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Where the bridge is: by the variables above, or, in the Windows executable, which carries it as
 * assets, the runtime folder under `configDir` they are written to (the variables do not apply).
 */
export function bridgeLocation(env: NodeJS.ProcessEnv = process.env, configDir?: string): WindowsBridgeLocation {
  const assets = embeddedAssets();
  if (assets) {
    const dir = runtimeFolder(configDir ?? resolveConfigDir(undefined, env), assets.manifest);
    return {
      edgeJsDir: path.join(dir, ...assets.manifest.edgeJsDir.split('/')),
      assemblyDir: path.join(dir, ...assets.manifest.assemblyDir.split('/')),
      runtime: assets.manifest.runtime,
      ...(configDir !== undefined ? { configDir } : {}),
    };
  }
  const runtime = env[BRIDGE_ENV.runtime] === 'clr' ? 'clr' : 'coreclr';
  const root = packageRoot();
  const target = runtime === 'clr' ? 'net472' : `net10.0-${process.platform === 'win32' ? 'win' : 'linux'}-x64`;
  return {
    edgeJsDir: env[BRIDGE_ENV.edgeJsDir] || path.join(root, '.tools', 'edge-js', 'node_modules', 'edge-js'),
    assemblyDir: env[BRIDGE_ENV.assemblyDir] || path.join(root, 'out', 'windows', target),
    runtime,
    ...(configDir !== undefined ? { configDir } : {}),
  };
}

/** What makes the bridge usable where it is not: the .NET Framework (the executable carries the rest), or the variables. */
export function bridgeRemedy(): string {
  // The Windows executable carries the bridge itself: what can be missing there is the .NET Framework.
  return embeddedAssets()
    ? 'This executable carries the bridge for the .NET Framework 4.7.2, which must be installed on this server'
    : `Set ${BRIDGE_ENV.edgeJsDir} and ${BRIDGE_ENV.assemblyDir} to where they are`;
}

/**
 * DIRECTORY_ERROR with `details.problem: "integrated-unavailable"`: integrated auth cannot run here.
 * `reason` is why the bridge did not load, for the other users of the bridge (the secret store
 * answers in its own terms).
 */
export class BridgeUnavailableError extends DirectoryError {
  constructor(
    readonly reason: string,
    location: WindowsBridgeLocation,
  ) {
    super(`Integrated authentication needs the Windows bridge (edge-js and S365.Windows), which is not usable here: ${reason}. ${bridgeRemedy()}, or use a simple bind (bindDn, bindPassword).`, {
      problem: 'integrated-unavailable',
      auth: 'integrated',
      ...location,
    });
  }
}

export function bridgeUnavailable(reason: string, location: WindowsBridgeLocation): BridgeUnavailableError {
  return new BridgeUnavailableError(reason, location);
}

let loaded: { key: string; bridge: WindowsBridge } | undefined;

/** Loads the bridge once per process (edge-js starts one CLR and keeps it). */
export function integratedBridge(env: NodeJS.ProcessEnv = process.env, configDir?: string): WindowsBridge {
  const location = bridgeLocation(env, configDir);
  const key = JSON.stringify(location);
  if (loaded) {
    if (loaded.key !== key) throw bridgeUnavailable(`a bridge from another location is already loaded (${loaded.key})`, location);
    return loaded.bridge;
  }
  const embedded = embeddedAssets() !== undefined;
  if (!embedded && !existsSync(path.join(location.edgeJsDir, 'package.json'))) throw bridgeUnavailable(`no edge-js package in ${location.edgeJsDir}`, location);
  if (!embedded && !existsSync(path.join(location.assemblyDir, 'S365.Windows.dll'))) throw bridgeUnavailable(`no S365.Windows.dll in ${location.assemblyDir}`, location);
  let bridge: WindowsBridge;
  try {
    bridge = loadWindowsBridge(location);
  } catch (error) {
    // A refused or unwritable runtime folder (CONFIG_CORRUPT, CONFIG_UNWRITABLE) keeps its code.
    if (error instanceof AgentError) throw error;
    throw bridgeUnavailable(`edge-js did not load (${error instanceof Error ? error.message : String(error)})`, location);
  }
  loaded = { key, bridge };
  return bridge;
}
