// What identifies one MSI build to Windows Installer: its ProductVersion (from package.json), its
// ProductCode (one per version) and its package code (one per distinct .msi file). All derived, none
// random, so rebuilding the same version from the same inputs gives the same identities.
import { createHash } from 'node:crypto';

/** Windows Installer compares major.minor.build only, with these ceilings (a 4th field is ignored). */
const MSI_VERSION_LIMITS = [255, 255, 65535];

/**
 * package.json semver -> MSI ProductVersion "major.minor.build": the pre-release tag and build
 * metadata are dropped ("1.2.0-rc.1" and "1.2.0" are both "1.2.0"). The MSI's Upgrade table takes
 * the same version as an upgrade (see upgradeBoundary), so 1.2.0 replaces 1.2.0-rc.1 rather than
 * installing beside it.
 */
export function msiVersion(semver) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(semver);
  if (!m) throw new Error(`version ${semver} is not semver (major.minor.patch[-pre][+build])`);
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  parts.forEach((n, i) => {
    if (n > MSI_VERSION_LIMITS[i]) {
      throw new Error(`version ${semver}: an MSI version is at most ${MSI_VERSION_LIMITS.join('.')}, field ${i + 1} is ${n}`);
    }
  });
  return parts.join('.');
}

/**
 * The smallest MSI version above v ("1.2.3" -> "1.2.4", "1.2.65535" -> "1.3.0"). The Upgrade table's
 * rows meet there: everything below it (this version included) is replaced, everything from it up is
 * a newer version and makes the install refuse. wixl cannot mark a maximum inclusive, so "up to and
 * including v" is written as "below upgradeBoundary(v)".
 */
export function upgradeBoundary(v) {
  const parts = v.split('.').map(Number);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] < MSI_VERSION_LIMITS[i]) {
      parts[i]++;
      return parts.join('.');
    }
    parts[i] = 0;
  }
  throw new Error(`no MSI version above ${v}`);
}

/** RFC 4122 name-based UUID (version 5, SHA-1) in the registry format MSI uses: {XXXXXXXX-...}. */
export function nameUuid(namespace, name) {
  const ns = Buffer.from(namespace.replace(/[{}-]/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace ${namespace} is not a GUID`);
  const b = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
}

/** The ProductCode of one package.json version: new per version (pre-releases included), stable per rebuild. */
export const productCode = (upgradeCode, semver) => nameUuid(upgradeCode, `ProductCode ${semver}`);

/** The package code (summary information "Revision Number"): one per distinct .msi, from a digest of its inputs. */
export const packageCode = (upgradeCode, inputsDigest) => nameUuid(upgradeCode, `PackageCode ${inputsDigest}`);
