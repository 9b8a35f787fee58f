// The built CLI writing the pictures: `report --html` charts earlier runs found beside the run
// (or under --history, or from --watch-csv), and `analyze FILES --html/--markdown/--dot` writes
// the same report files for dumps.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRow, CSV_COLUMNS } from '../../../src/watch/csv.js';
import { buildCli, bin } from '../helpers/build.js';
import { earlierReports, fleetReport, NOW } from './fleet-fixture.js';

let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeRun(root: string, name: string, report: unknown): string {
  mkdirSync(path.join(root, name), { recursive: true });
  writeFileSync(path.join(root, name, 'report.json'), JSON.stringify(report));
  return path.join(root, name);
}

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(path.join(tmpdir(), 'fd-pictures-'));
}, 180_000);

describe('report --html with history', () => {
  it('charts the earlier runs beside the run, skips a broken one with a note, leaves out later runs', () => {
    const runs = path.join(dir, 'runs');
    const earlier = earlierReports();
    earlier.slice(0, 3).forEach((r, i) => writeRun(runs, `early-${i}`, r));
    writeRun(runs, 'later', fleetReport(new Date(NOW.getTime() + 86_400_000), 1, 'later-run'));
    mkdirSync(path.join(runs, 'broken'));
    writeFileSync(path.join(runs, 'broken', 'report.json'), '{"schemaVersion":');
    const run = writeRun(runs, 'now', fleetReport(NOW));
    const r = cli(['report', run, '--html', 'r.html']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`history: 3 earlier runs under ${runs}\n`);
    expect(r.stderr).toContain(`history: skipped ${path.join(runs, 'broken', 'report.json')}: not valid JSON\n`);
    const page = readFileSync(path.join(dir, 'r.html'), 'utf8');
    expect(page).toContain('<title>Goroutines · history</title>');
    expect(page).toContain('3 earlier runs and this one, over 3 days (UTC)');
    expect(page).not.toContain('later-run');

    const alone = cli(['report', run, '--html', 'alone.html', '--no-history']);
    expect(alone.code).toBe(0);
    expect(alone.stderr).not.toContain('history:');
    expect(readFileSync(path.join(dir, 'alone.html'), 'utf8')).not.toContain('· history</title>');
  });

  it('reads --history DIR and --watch-csv files; a missing folder or a foreign CSV is one error line, exit 3', () => {
    const other = path.join(dir, 'elsewhere');
    earlierReports().forEach((r, i) => writeRun(other, `e${i}`, r));
    const run = writeRun(path.join(dir, 'lone'), 'now', fleetReport(NOW));
    const fromDir = cli(['report', run, '--html', 'h.html', '--history', other]);
    expect(fromDir.code, fromDir.stderr).toBe(0);
    expect(fromDir.stderr).toContain(`history: 6 earlier runs under ${other}`);

    const csv = path.join(dir, 'watch.csv');
    const rows = [1, 2, 3].map((k) => csvRow({
      timestamp: new Date(NOW.getTime() - k * 3_600_000).toISOString(), host: 'pay-1.prod.acme.net', ok: true, goroutines: 1900 - k * 100,
      threads: 18, sockets: { ESTABLISHED: 40 }, verdict: 'leaking', leakingGroups: 1, runId: `w-${k}`, error: null,
    }));
    writeFileSync(csv, `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    const fromCsv = cli(['report', run, '--html', 'c.html', '--watch-csv', csv]);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    expect(fromCsv.stderr).toContain('history: 3 watch rows');
    expect(readFileSync(path.join(dir, 'c.html'), 'utf8')).toContain('3 earlier runs and this one, over 3 hours (UTC)');

    writeFileSync(path.join(dir, 'foreign.csv'), 'a,b\n1,2\n');
    for (const [args, message] of [
      [['--history', path.join(dir, 'nope')], /--history .*nope: cannot read the folder \(ENOENT\)/],
      [['--watch-csv', path.join(dir, 'foreign.csv')], /--watch-csv .*foreign\.csv: not a watch --csv series/],
      [['--watch-csv', path.join(dir, 'absent.csv')], /--watch-csv .*absent\.csv: cannot read \(ENOENT\)/],
    ] as [string[], RegExp][]) {
      const bad = cli(['report', run, '--html', 'never.html', ...args]);
      expect(bad.code, args.join(' ')).toBe(3);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(message);
    }
    expect(existsSync(path.join(dir, 'never.html'))).toBe(false);
  });
});

describe('analyze FILES --html --markdown --dot', () => {
  const debug1 = (leak: number) => `goroutine profile: total ${leak + 20}\n`
    + `${leak} @ 0x43e2ae 0x44e6f1 0x6b7a45 0x471d81\n#\t0x6b7a44\tmain.fanOut.func1+0x64\t/build/svc/main.go:88\n\n`
    + '20 @ 0x43e2ae 0x44e6f1 0x6b7b12 0x471d81\n#\t0x6b7b11\tmain.worker+0x51\t/build/svc/main.go:57\n\n';

  it('writes the same report files for dumps, and still prints the summary', () => {
    const files = [40, 115, 190].map((n, i) => {
      const f = path.join(dir, `s${i}.txt`);
      writeFileSync(f, debug1(n));
      return f;
    });
    const r = cli(['analyze', ...files, '--html', 'a.html', '--markdown', 'a.md', '--dot', 'a.dot']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verdict: LEAKING/);
    expect(r.stderr).toBe('wrote a.md\nwrote a.dot\nwrote a.html\n');
    const page = readFileSync(path.join(dir, 'a.html'), 'utf8');
    expect(page).toContain('<h1>fleet-diag analysis of 3 dumps</h1>');
    expect(page).toContain('<title>Goroutines · over the dumps</title>');
    expect(page).toContain('assumed 30 s apart');
    expect(page).toMatch(/<g class="f site-leaking"><title>main.fanOut.func1\n190 goroutines/);
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toMatch(/^# fleet-diag analysis of 3 dumps\n/);
    const dot = readFileSync(path.join(dir, 'a.dot'), 'utf8');
    expect(dot).toContain('fleet-diag analysis of');
    expect(dot).toContain('main.fanOut.func1');
    expect(spawnSync('dot', ['-Tsvg', path.join(dir, 'a.dot')]).status).toBe(0);
  });

  it("sends one format to stdout for '-' instead of the summary; --json and '-' together is exit 3", () => {
    const f = path.join(dir, 'one.txt');
    writeFileSync(f, debug1(5));
    const r = cli(['analyze', f, '--html', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).not.toContain('verdict:');
    const both = cli(['analyze', f, '--json', '--markdown', '-']);
    expect(both.code).toBe(3);
    expect(both.stderr.trim()).toBe("fleet-diag: --json and --markdown - both print on stdout; write one of them to a file");
    const empty = cli(['analyze', f, '--dot', '']);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain("--dot: give a file name, or '-' for stdout");
  });
});
