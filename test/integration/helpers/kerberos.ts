import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv, promisify } from 'node:util';
import { REPO_ROOT, testDcEnvFile } from './test-dc.js';

const run = promisify(execFile);

/** Runs a build script of ours, its log kept for the failure message; returns its stdout. */
export async function script(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    return (await run('bash', [path.join(REPO_ROOT, file), ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 })).stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${failed.stderr ?? ''}${failed.stdout ?? ''}`);
  }
}

/**
 * The test DC's KDC (build/windows/test-kdc.sh), started when it is not running and stopped after
 * only then, and a folder for private credentials caches: Kerberos with nothing of the machine's.
 */
export class TestKerberos {
  private constructor(
    /** test-kdc.sh's env: S365_TEST_KRB5_CONFIG, S365_TEST_KEYTAB, S365_TEST_PRINCIPAL, S365_TEST_HOSTS, S365_TEST_DC_FQDN. */
    readonly kdc: Record<string, string>,
    private readonly started: boolean,
    private readonly cacheDir: string,
  ) {}

  static async start(): Promise<TestKerberos> {
    const dcDir = { S365_TEST_DC_DIR: path.dirname(testDcEnvFile()) };
    const started = !(await script('build/windows/test-kdc.sh', ['status'], dcDir).then(() => true, () => false));
    const kdc = parseEnv(await script('build/windows/test-kdc.sh', ['start'], dcDir)) as Record<string, string>;
    return new TestKerberos(kdc, started, await mkdtemp(path.join(os.tmpdir(), 's365-krb-')));
  }

  /** A private Kerberos environment: the test realm's krb5.conf, a credentials cache of its own. */
  env(cache: string): NodeJS.ProcessEnv {
    return { KRB5_CONFIG: this.kdc.S365_TEST_KRB5_CONFIG, KRB5CCNAME: `FILE:${path.join(this.cacheDir, cache)}` };
  }

  /** A ticket for the test service account into that cache, from its keytab (no password typed). */
  async kinit(cache: string): Promise<NodeJS.ProcessEnv> {
    const env = this.env(cache);
    await run('kinit', ['-k', '-t', this.kdc.S365_TEST_KEYTAB!, this.kdc.S365_TEST_PRINCIPAL!], { env: { ...process.env, ...env } });
    return env;
  }

  /** What `klist` shows of that cache. */
  async klist(cache: string): Promise<string> {
    return (await run('klist', [], { env: { ...process.env, ...this.env(cache) } })).stdout;
  }

  /** A command line that runs `command` in a private mount namespace whose /etc/hosts names the DC. */
  namespaced(command: string, args: readonly string[]): [string, string[]] {
    return ['unshare', ['-m', 'sh', '-c', 'mount --bind "$1" /etc/hosts && shift && exec "$@"', 'sh', this.kdc.S365_TEST_HOSTS!, command, ...args]];
  }

  async stop(): Promise<void> {
    if (this.started) await script('build/windows/test-kdc.sh', ['stop'], { S365_TEST_DC_DIR: path.dirname(testDcEnvFile()) });
    await rm(this.cacheDir, { recursive: true, force: true });
  }
}
