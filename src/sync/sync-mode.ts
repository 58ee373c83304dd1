import type { DirectoryServerInfo } from '../directory/model.js';
import type { Watermark } from '../state/state-db.js';

/** The mode a run will use, and why it is full when delta was possible to ask for. */
export interface ModeDecision {
  mode: 'full' | 'delta';
  fullReason?: string;
}

export interface ModeInputs {
  requested: 'full' | 'delta' | undefined;
  watermark: Watermark | undefined;
  server: DirectoryServerInfo;
  scopeFingerprint: string;
  now: Date;
  /** A watermark older than this forces a full sync. */
  maxDeltaAgeDays: number;
}

/**
 * Delta is the default once a full sync has succeeded; it falls back to full when it could
 * miss something: no watermark, another DC or a restored one, the USN going backwards, an old
 * watermark, or a changed scope.
 */
export function decideMode(inputs: ModeInputs): ModeDecision {
  const { requested, watermark, server } = inputs;
  if (requested === 'full') return { mode: 'full', fullReason: 'full sync requested' };
  if (!watermark) return { mode: 'full', fullReason: 'no successful sync yet' };
  if (watermark.scopeFingerprint !== inputs.scopeFingerprint) {
    // The fingerprint is the scope's, then '+mapping:<hash>' for a mapping other than the default.
    const scopeOf = (fingerprint: string): string => fingerprint.split('+mapping:')[0] ?? fingerprint;
    const scopeChanged = scopeOf(watermark.scopeFingerprint) !== scopeOf(inputs.scopeFingerprint);
    return { mode: 'full', fullReason: scopeChanged ? 'the scope changed' : 'the attribute mapping changed' };
  }
  if (!server.invocationId || !server.highestCommittedUsn) {
    return { mode: 'full', fullReason: 'the domain controller does not report its invocationId and USN' };
  }
  if (watermark.invocationId !== server.invocationId) {
    return { mode: 'full', fullReason: `the domain controller changed (${watermark.dnsHostName ?? watermark.server} -> ${server.dnsHostName ?? server.server}) or was restored` };
  }
  if (BigInt(server.highestCommittedUsn) < BigInt(watermark.usn)) {
    return { mode: 'full', fullReason: 'the USN went backwards (domain controller restored)' };
  }
  const ageDays = (inputs.now.getTime() - Date.parse(watermark.at)) / 86_400_000;
  if (!(ageDays <= inputs.maxDeltaAgeDays)) {
    return { mode: 'full', fullReason: `the last full picture is older than ${inputs.maxDeltaAgeDays} days` };
  }
  return { mode: 'delta' };
}
