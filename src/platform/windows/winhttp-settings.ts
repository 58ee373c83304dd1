/**
 * The machine's WinHTTP proxy, as `netsh winhttp show proxy` shows it: the REG_BINARY value
 * `WinHttpSettings` of HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections.
 * Its layout (little endian): DWORD struct size (or version), DWORD counter, DWORD flags (1 direct,
 * 3 = direct | named proxy), DWORD length + the proxy string (ANSI, no terminator), DWORD length +
 * the bypass list (e.g. `<local>;*.corp`); a newer Windows may write more after it, which is ignored.
 * Pure: the parsing here, the reading in winhttp-reader.ts.
 */

/** WINHTTP_ACCESS_TYPE flags kept in the blob. */
const FLAG_NAMED_PROXY = 0x2;

export type WinHttpSettings = { kind: 'direct' } | { kind: 'proxy'; proxy: string; bypass: string };

/** A blob that is not the layout above. Its message says what is wrong, never more than that. */
export class WinHttpSettingsError extends Error {}

/** Parses the WinHttpSettings blob. Throws WinHttpSettingsError on a truncated or garbled one. */
export function parseWinHttpSettings(blob: Uint8Array): WinHttpSettings {
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  let offset = 0;
  const dword = (what: string): number => {
    if (offset + 4 > data.length) throw new WinHttpSettingsError(`WinHttpSettings is truncated at its ${what} (${data.length} bytes)`);
    const value = data.readUInt32LE(offset);
    offset += 4;
    return value;
  };
  const text = (what: string): string => {
    const length = dword(`${what} length`);
    if (offset + length > data.length) throw new WinHttpSettingsError(`WinHttpSettings is truncated in its ${what} (${length} bytes announced, ${data.length - offset} left)`);
    const bytes = data.subarray(offset, offset + length);
    offset += length;
    if (bytes.some((byte) => byte < 0x20 || byte > 0x7e)) throw new WinHttpSettingsError(`WinHttpSettings has a ${what} that is not printable text`);
    return bytes.toString('latin1');
  };
  dword('size');
  dword('counter');
  const flags = dword('flags');
  const proxy = text('proxy').trim();
  const bypass = text('bypass list').trim();
  if (!(flags & FLAG_NAMED_PROXY) || !proxy) return { kind: 'direct' };
  return { kind: 'proxy', proxy, bypass };
}

/**
 * The proxy WinHTTP would use for `scheme` (`http` or `https`), as a URL: the proxy string is
 * `host:port`, or per scheme `http=host:port;https=host:port` (a scheme without an entry goes
 * direct), possibly a list (the first entry is taken, as WinHTTP does).
 */
export function winHttpProxyFor(proxy: string, scheme: 'http' | 'https'): string | undefined {
  const entries = proxy.split(/[;\s]+/).filter(Boolean);
  const perScheme = entries.filter((entry) => entry.includes('='));
  let chosen: string | undefined;
  if (perScheme.length > 0) {
    chosen = perScheme.find((entry) => entry.toLowerCase().startsWith(`${scheme}=`))?.slice(scheme.length + 1);
  } else {
    chosen = entries[0];
  }
  if (!chosen) return undefined;
  return chosen.includes('://') ? chosen : `http://${chosen}`;
}

/**
 * The bypass list in the NO_PROXY syntax of src/api/proxy.ts (`noProxyMatches`), which also
 * knows `<local>` (a host name without a dot) and `*` wildcards: the entries, split on `;`.
 */
export function winHttpBypassAsNoProxy(bypass: string): string {
  return bypass
    .split(/[;\s,]+/)
    .filter(Boolean)
    .join(',');
}

/** The hex digits of `reg.exe query ... /v WinHttpSettings`'s answer, as bytes; undefined when the value is absent. */
export function parseRegQueryBinary(output: string, valueName = 'WinHttpSettings'): Buffer | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = new RegExp(`^\\s*${valueName}\\s+REG_BINARY\\s*([0-9A-Fa-f]*)\\s*$`).exec(line);
    if (!match) continue;
    const hex = match[1] ?? '';
    if (hex.length % 2 !== 0) throw new WinHttpSettingsError('reg.exe gave an odd number of hex digits for WinHttpSettings');
    return Buffer.from(hex, 'hex');
  }
  return undefined;
}
