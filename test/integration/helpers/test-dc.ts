import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Connection facts of the Samba test DC, from the env file build/test-dc.sh writes. */
export interface TestDc {
  ldapsUrl: string;
  ldapUrl: string;
  baseDn: string;
  bindDn: string;
  bindPassword: string;
  adminDn: string;
  adminPassword: string;
  caFile: string;
  /** The DC's address (S365_TEST_DC_HOST). */
  host: string;
  /** The AD domain's DNS name (S365_TEST_DOMAIN). */
  domain: string;
}

function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/**
 * The test DC, or undefined when it is not provisioned. Under CI a missing DC is an error, never a
 * silent skip: CI starts it (build/test.sh).
 */
/** The env file of the test DC (S365_TEST_DC_ENV, else the default state folder's); its folder is the DC's state. */
export function testDcEnvFile(): string {
  return process.env.S365_TEST_DC_ENV ?? path.join(REPO_ROOT, '.run/test-dc/env');
}

export function loadTestDc(): TestDc | undefined {
  const file = testDcEnvFile();
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`The Samba test DC env file ${file} is missing: CI must start the DC (build/test-dc.sh start).`);
    return undefined;
  }
  const env = parseEnvFile(readFileSync(file, 'utf8'));
  const get = (key: string): string => {
    const value = env[key];
    if (!value) throw new Error(`${file} lacks ${key}`);
    return value;
  };
  return {
    ldapsUrl: get('S365_TEST_LDAPS_URL'),
    ldapUrl: get('S365_TEST_LDAP_URL'),
    baseDn: get('S365_TEST_BASE_DN'),
    bindDn: get('S365_TEST_BIND_DN'),
    bindPassword: get('S365_TEST_BIND_PASSWORD'),
    adminDn: get('S365_TEST_ADMIN_DN'),
    adminPassword: get('S365_TEST_ADMIN_PASSWORD'),
    caFile: get('S365_TEST_CA_FILE'),
    host: get('S365_TEST_DC_HOST'),
    domain: get('S365_TEST_DOMAIN'),
  };
}

/** Skips the calling suite (outside CI) when the DC is not there; returns it otherwise. */
export function requireTestDc(context: Mocha.Context): TestDc {
  const dc = loadTestDc();
  if (!dc) {
    console.warn('    (the Samba test DC is not provisioned: run build/test-dc.sh start; skipping)');
    context.skip();
  }
  return dc as TestDc;
}
