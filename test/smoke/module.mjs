// The deliverable: out/S365ADConnector-<version>.zip (npm run package) unzipped into a temp folder,
// its checksums and layout checked, then the module imported in pwsh from there and Test-S365Auth run
// against the API emulator through the bundled Linux executable.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  agentJson, assert, group, PKG, run, skip, startEmulator, tempDir, test, unzipModule, which,
} from './lib.mjs';

const pwsh = which('pwsh', path.join(homedir(), '.dotnet', 'tools', 'pwsh'));

group('bundle', () => {
  test('zip layout: module without Tests/, both executables, licence, INSTALL.md, checksums all match', () => {
    const mod = unzipModule();
    for (const f of ['S365ADConnector.psd1', 'S365ADConnector.psm1', 'LICENSE.txt', 'THIRD-PARTY-NOTICES.txt', 'INSTALL.md',
      'CHECKSUMS.sha256', 'bin/win-x64/s365-agent.exe', 'bin/linux-x64/s365-agent']) {
      assert.ok(existsSync(path.join(mod, f)), `${f} missing`);
    }
    assert.ok(!existsSync(path.join(mod, 'Tests')), 'Tests/ must not be shipped');
    assert.equal(statSync(path.join(mod, 'bin/linux-x64/s365-agent')).mode & 0o777, 0o755);
    const lines = readFileSync(path.join(mod, 'CHECKSUMS.sha256'), 'utf8').trim().split('\n');
    const listed = new Set();
    for (const line of lines) {
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      assert.ok(m, `bad CHECKSUMS line: ${line}`);
      const actual = createHash('sha256').update(readFileSync(path.join(mod, m[2]))).digest('hex');
      assert.equal(actual, m[1], `checksum mismatch: ${m[2]}`);
      listed.add(m[2]);
    }
    for (const f of ['bin/win-x64/s365-agent.exe', 'bin/linux-x64/s365-agent', 'S365ADConnector.psd1', 'INSTALL.md']) {
      assert.ok(listed.has(f), `${f} not in CHECKSUMS.sha256`);
    }
    assert.match(readFileSync(path.join(mod, 'INSTALL.md'), 'utf8'), new RegExp(`S365ADConnector-${PKG.version.replaceAll('.', '\\.')}\\.zip`));
  });

  test('pwsh: Import-Module from the unzipped folder, Test-S365Auth through the bundled executable', async () => {
    const mod = unzipModule();
    if (!pwsh) skip('pwsh not installed (powershell/install-tools.sh)');
    const emu = await startEmulator();
    const configDir = tempDir('module-cfg');
    // Store the secret with the bundled executable itself; the module then only reads it.
    const exe = path.join(mod, 'bin', 'linux-x64', 's365-agent');
    const c = agentJson([exe], { protocol: 1, verb: 'connect', params: { secret: emu.tenant.secret, apiUrl: emu.url } }, { configDir });
    assert.equal(c.code, 0, JSON.stringify(c.result));

    const q = (s) => `'${s.replaceAll("'", "''")}'`;
    const script = [
      "$ErrorActionPreference = 'Stop'",
      `Import-Module -Name ${q(path.join(mod, 'S365ADConnector.psd1'))} -Force`,
      "$m = Get-Module -Name S365ADConnector",
      "if (-not (Get-Command -Name Test-S365Auth -Module S365ADConnector -ErrorAction SilentlyContinue)) { 'NO_TEST_S365AUTH'; exit 3 }",
      '$agent = & $m { Get-S365AgentCommand }',
      '$r = Test-S365Auth',
      '[pscustomobject]@{ moduleBase = $m.ModuleBase; agent = $agent.FileName; source = $agent.Source; tenantName = $r.TenantName; tenantId = $r.TenantId; enabled = $r.Enabled } | ConvertTo-Json -Compress',
    ].join('\n');
    const env = { ...process.env, S365_CONFIG_DIR: configDir, POWERSHELL_TELEMETRY_OPTOUT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
    delete env.S365_AGENT_PATH; // would bypass the bundled executable
    delete env.S365_AGENT_NODE_SCRIPT;
    const r = run(pwsh, ['-NoProfile', '-NonInteractive', '-Command', script], { env, timeoutMs: 180_000 });
    if (r.stdout.includes('NO_TEST_S365AUTH')) skip('the module does not export Test-S365Auth yet');
    assert.equal(r.code, 0, `pwsh exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.equal(out.moduleBase, mod);
    assert.equal(out.source, 'module');
    assert.equal(out.agent, exe);
    assert.equal(out.tenantName, emu.tenant.tenantName);
    assert.equal(out.tenantId, emu.tenant.tenantId);
    assert.equal(out.enabled, true);
  });
});
