// Writes hosts' artifacts (collect/store.ts's artifactFiles) through libuv's pool threads without
// awaiting each file: a host's directory, then its files. The caller bounds how many hosts are in
// flight (below) and learns of a failed write there.
import { mkdir, writeFile } from 'node:fs';
import path from 'node:path';

export class ArtifactWriter {
  private pending = 0;
  private failed: Error | null = null;
  private waiters: (() => void)[] = [];

  constructor(private readonly runDir: string) {}

  write(files: [string, Uint8Array][]): void {
    if (files.length === 0) return;
    this.pending++;
    let left = files.length;
    const done = (err: Error | null) => {
      if (err) this.failed ??= err;
      if (--left === 0) this.settle();
    };
    // One host's files share a directory (hosts/<host>/).
    mkdir(path.join(this.runDir, path.dirname(files[0][0])), { recursive: true }, (err) => {
      if (err) {
        this.failed ??= err;
        this.settle();
        return;
      }
      for (const [name, data] of files) writeFile(path.join(this.runDir, name), data, done);
    });
  }

  /** Resolves once fewer than `n` hosts are being written; rejects with the first failed write. */
  async below(n: number): Promise<void> {
    while (this.pending >= n && !this.failed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failed) throw this.failed;
  }

  private settle(): void {
    this.pending--;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
