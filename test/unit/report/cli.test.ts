// Runs the built CLI (`npm run build`, then `node bin/fleet-diag.js report …`) on a report.json
// written to a temp dir.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../../src/report/validate.js';
import { sampleReport } from './fixture.js';
import { buildCli } from '../helpers/build.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/fleet-diag.js');
let dir: string;
let runDir: string;

function cli(args: string[]) {
  return execa(process.execPath, [bin, 'report', ...args], { cwd: dir, reject: false, timeout: 60_000 });
}

beforeAll(async () => {
  buildCli();
  dir = mkdtempSync(path.join(tmpdir(), 'fd-report-'));
  runDir = path.join(dir, 'run');
  mkdirSync(runDir);
  const report = sampleReport();
  expect(await validateReport(report)).toEqual([]);
  writeFileSync(path.join(runDir, 'report.json'), JSON.stringify(report, null, 2));
}, 180_000);

describe('fleet-diag report', () => {
  it('prints the terminal summary by default', async () => {
    const r = await cli([runDir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^HOST\s+STATUS\s+GOROUTINES/);
    expect(r.stdout).toContain('1. LEAKING app/worker.go:41 main.leakRecv (chan-receive)');
    expect(r.stdout).toContain(`report: ${runDir}/report.json`);
  });

  it('writes all three formats atomically, leaving no temp files', async () => {
    const r = await cli([runDir, '--markdown', 'out/r.md', '--dot', 'out/r.dot', '--html', 'out/r.html']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('wrote out/r.md\nwrote out/r.dot\nwrote out/r.html');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['r.dot', 'r.html', 'r.md']);
    expect(readFileSync(path.join(dir, 'out/r.md'), 'utf8')).toMatch(/^# fleet-diag report `run-test01`/);
    expect(readFileSync(path.join(dir, 'out/r.html'), 'utf8')).toMatch(/^<!doctype html>/);
    const svg = await execa('dot', ['-Tsvg', path.join(dir, 'out/r.dot')]);
    expect(svg.stdout).toContain('<svg');
    for (const f of ['r.md', 'r.dot', 'r.html']) {
      const text = readFileSync(path.join(dir, 'out', f), 'utf8');
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), `${f} ends with one newline`).toBe(true);
    }
  });

  it("writes one format to stdout for '-', instead of the summary", async () => {
    const r = await cli([runDir, '--dot', '-', '--markdown', path.join(dir, 'x.md')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^digraph fleet \{/);
    expect(r.stdout).not.toContain('HOST');
    expect(existsSync(path.join(dir, 'x.md'))).toBe(true);
  });

  it('accepts the report.json path too', async () => {
    const r = await cli([path.join(runDir, 'report.json'), '--html', '-']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('<title>fleet-diag run-test01: partial</title>');
  });

  it('exits 3 with one clear line on a missing, invalid or mismatched report', async () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(path.join(bad, 'json'), { recursive: true });
    mkdirSync(path.join(bad, 'schema'), { recursive: true });
    mkdirSync(path.join(bad, 'empty'), { recursive: true });
    writeFileSync(path.join(bad, 'json/report.json'), '{"schemaVersion": 1,');
    writeFileSync(path.join(bad, 'schema/report.json'), JSON.stringify({ ...sampleReport(), schemaVersion: 2 }));
    const cases: [string[], RegExp][] = [
      [[path.join(dir, 'nope')], /no such run directory or report file/],
      [[path.join(bad, 'empty')], /no report\.json in this directory/],
      [[path.join(bad, 'json')], /not valid JSON/],
      [[path.join(bad, 'schema'), '--html', 'never.html'], /not a fleet-diag report: \/schemaVersion/],
      [[runDir, '--html', '-', '--dot', '-'], /only one format can go to stdout/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(3);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(path.join(dir, 'never.html'))).toBe(false);
  });

  it('exits 3 when the output cannot be written', async () => {
    writeFileSync(path.join(dir, 'afile'), '');
    const r = await cli([runDir, '--markdown', path.join(dir, 'afile', 'r.md')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/--markdown .*afile\/r\.md: cannot write/);
  });
});
