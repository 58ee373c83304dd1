import { createHash } from 'node:crypto';
import type { AssetManifest, AssetSource } from '../../../../src/platform/windows/addon-assets.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * A source shaped like the executable's assets: an addon, a DLL beside it, a script and an assembly,
 * with deterministic contents (`large` makes the two binaries 8 MiB each, so concurrent writers overlap).
 */
export function fixtureAssets(large = false): AssetSource & { contents: Map<string, Buffer> } {
  const fill = (seed: string, size: number): Buffer => {
    const out = Buffer.alloc(size);
    let block = createHash('sha256').update(seed).digest();
    for (let at = 0; at < size; at += block.length) {
      block.copy(out, at);
      block = createHash('sha256').update(block).digest();
    }
    return out;
  };
  const contents = new Map<string, Buffer>([
    ['edge-js/lib/edge.js', Buffer.from('module.exports = { fixture: true };\n')],
    ['edge-js/lib/native/win32/x64/22/edge_nativeclr.node', fill('addon', large ? 8 << 20 : 4096)],
    ['edge-js/lib/native/win32/x64/22/vcruntime140.dll', fill('vcruntime', large ? 8 << 20 : 2048)],
    ['net472/S365.Windows.dll', fill('assembly', 3000)],
  ]);
  const files = [...contents].map(([name, data]) => ({ name, sha256: sha256(data), size: data.length }));
  const manifest: AssetManifest = {
    format: 1,
    id: sha256(Buffer.from(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''))).slice(0, 16),
    agentVersion: '9.8.7',
    runtime: 'clr',
    edgeJsDir: 'edge-js',
    assemblyDir: 'net472',
    files,
  };
  return {
    manifest,
    contents,
    read: (name) => {
      const data = contents.get(name);
      if (!data) throw new Error(`no asset ${name}`);
      return data;
    },
  };
}
