// The one Authenticode hook of the packaging (docs/packaging.md, "Signing"): S365_SIGN_COMMAND, run
// through the shell once per file with the file's path appended as the last argument, and in its
// environment S365_SIGN_FILE (the same path) and S365_SIGN_TARGET (what the file is, below).
// Unset, nothing is signed and the build stays byte-reproducible.
import { spawnSync } from 'node:child_process';

/** S365_SIGN_TARGET for a module script and for the MSI; for an executable it is its target's id (win-x64, config.mjs). */
export const SIGN_TARGET = { moduleScript: 'module-script', msi: 'msi' };

/** The files of a module that PowerShell checks the Authenticode signature of (execution policy AllSigned, RemoteSigned). */
export const isModuleScript = (rel) => /\.(?:ps1|psm1|psd1|ps1xml)$/i.test(rel);

/** True when S365_SIGN_COMMAND is set, so signFile signs. */
export const signing = () => !!process.env.S365_SIGN_COMMAND;

/** Signs file in place with S365_SIGN_COMMAND when it is set; throws, naming the file, when the command fails. */
export function signFile(file, target) {
  const command = process.env.S365_SIGN_COMMAND;
  if (!command) return;
  const r = spawnSync(`${command} "${file}"`, {
    shell: true, stdio: 'inherit', env: { ...process.env, S365_SIGN_FILE: file, S365_SIGN_TARGET: target },
  });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    throw new Error(`S365_SIGN_COMMAND failed (${why}) signing ${file} (S365_SIGN_TARGET=${target})`);
  }
}
