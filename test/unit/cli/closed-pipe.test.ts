// Issue 21 (low): `fleet-diag audit list | head` died with an EPIPE stack trace.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildCli } from '../helpers/build.js';

beforeAll(buildCli, 180_000);

describe('a reader that goes away', () => {
  it('audit list into a pipe closed after one line ends quietly, exit 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-pipe-'));
    const log = path.join(dir, 'audit.jsonl');
    const lines = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ type: 'start', runId: `r${i}`, at: '2026-01-01T00:00:00Z', inventory: 'inv', hostsTargeted: 3, prevHash: '', hash: '' }));
    writeFileSync(log, `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [bin, 'audit', 'list', '--audit-log', log], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).split('\n')[0])));
    child.stdout.destroy(); // as `head -1` exits
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(first).toMatch(/r0 +start/);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
