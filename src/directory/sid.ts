/**
 * Security identifiers as AD stores them (objectSid, binary) and the one use the agent has for
 * them: a user's `primaryGroupID` is the relative ID (the last sub-authority) of a group of the
 * user's own domain, so a group is named by it only when the rest of its SID is the domain's SID.
 */

/** The SID's text form (S-1-5-21-...) from its binary form; undefined when the bytes are not a SID. */
export function sidFromBytes(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return undefined;
  const revision = bytes[0]!;
  const count = bytes[1]!;
  if (revision !== 1 || bytes.length !== 8 + 4 * count) return undefined;
  const authority = bytes.readUIntBE(2, 6);
  const parts = [`S-${revision}-${authority}`];
  for (let index = 0; index < count; index++) parts.push(String(bytes.readUInt32LE(8 + 4 * index)));
  return parts.join('-');
}

/** The relative ID of a SID of this domain (`<domainSid>-<rid>`), else undefined. */
export function ridInDomain(sid: string, domainSid: string): number | undefined {
  const prefix = `${domainSid.toUpperCase()}-`;
  if (!sid.toUpperCase().startsWith(prefix)) return undefined;
  const rest = sid.slice(prefix.length);
  return /^[0-9]+$/.test(rest) ? Number(rest) : undefined;
}
