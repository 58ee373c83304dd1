import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small tmpfs of its own, for the host faults a config directory can meet: filled up to a few
 * bytes (disk full) or remounted read-only. Mounting needs root (CI runs as root); where it is not
 * possible, `mount` says why and the suite is skipped by name with that reason.
 */
export class SmallVolume {
  private constructor(readonly root: string) {}

  /** A fresh tmpfs of `sizeMiB`, or the reason none could be mounted. */
  static mount(sizeMiB: number): SmallVolume | string {
    const root = mkdtempSync(path.join(os.tmpdir(), 's365-volume-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0755`, 'tmpfs', root], { stdio: 'pipe' });
      return new SmallVolume(root);
    } catch (error) {
      rmSync(root, { recursive: true, force: true });
      return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
    }
  }

  /** A path on the volume. */
  path(name: string): string {
    return path.join(this.root, name);
  }

  /** Bytes free to this process. */
  free(): number {
    const stats = statfsSync(this.root);
    return stats.bavail * stats.bsize;
  }

  /** Fills the volume with a file until only about `leaveBytes` are free. */
  fill(leaveBytes: number): void {
    writeFileSync(this.path('filler'), Buffer.alloc(Math.max(0, this.free() - leaveBytes)));
  }

  /** Removes the filler: the space is back. */
  unfill(): void {
    rmSync(this.path('filler'), { force: true });
  }

  readOnly(): void {
    execFileSync('mount', ['-o', 'remount,ro', this.root], { stdio: 'pipe' });
  }

  writable(): void {
    execFileSync('mount', ['-o', 'remount,rw', this.root], { stdio: 'pipe' });
  }

  dispose(): void {
    try {
      execFileSync('umount', [this.root], { stdio: 'pipe' });
    } finally {
      rmSync(this.root, { recursive: true, force: true });
    }
  }
}
