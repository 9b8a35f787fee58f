// Unit tests that run the CLI as a process build it first (npm run build).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const bin = path.join(repoRoot, 'bin/fleet-diag.js');

export function buildCli(): void {
  try {
    execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (err) {
    // The work tree is shared: another module's type error must not hide whether ours was emitted.
    if (!existsSync(path.join(repoRoot, 'dist/bundle/main.js'))) throw err;
  }
}
