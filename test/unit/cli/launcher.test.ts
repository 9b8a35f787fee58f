// bin/fleet-diag.js: a checkout that was not built, or lacks an npm package, gets one line and
// exit 3, not a stack trace.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/fleet-diag.js', import.meta.url));

function layout(withBundle: string | null): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-launcher-'));
  mkdirSync(path.join(dir, 'bin'));
  copyFileSync(bin, path.join(dir, 'bin', 'fleet-diag.js'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  if (withBundle !== null) {
    mkdirSync(path.join(dir, 'dist', 'bundle'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'bundle', 'main.js'), withBundle);
  }
  return dir;
}

const run = (dir: string) => spawnSync(process.execPath, [path.join(dir, 'bin', 'fleet-diag.js'), '--version'], { encoding: 'utf8' });

describe('launcher', () => {
  it('says the build is missing', () => {
    const r = run(layout(null));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('fleet-diag: not built yet; run `npm run build` first\n');
  });

  it('names a missing npm package', () => {
    const r = run(layout("import 'no-such-package-fd';\n"));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^fleet-diag: a dependency is missing \(Cannot find package 'no-such-package-fd'.*\); run `npm ci`\n$/);
  });

  it('runs the bundle when it is there', () => {
    const r = run(layout("process.stdout.write('ok ' + process.argv[2]);\n"));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('ok --version');
  });
});
