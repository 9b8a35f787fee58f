// Input that holds no goroutine is an input error, never a verdict (issue 17): the built CLI
// (`npm run build`) on another profile's text, HTML, a log, an empty file and stdin exits 3 with
// one line saying what the input is and what to fetch instead; `aggregate` fails such a host.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/build.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/fleet-diag.js');
const notDumps = path.join(root, 'test/fixtures/not-dumps');
const dumps = path.join(root, 'test/fixtures/dumps');
const FETCH = 'fetch /debug/pprof/goroutine?debug=2 instead';
let dir: string;

function cli(args: string[], input?: Buffer | string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 3, nothing on stdout (no verdict), one line on stderr; returns that line. */
function refused(args: string[], input?: Buffer | string): string {
  const r = cli(['analyze', ...args], input);
  expect(r.code, r.stderr).toBe(3);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).not.toMatch(/HEALTHY|internal error/);
  return lines[0];
}

function file(name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(path.join(tmpdir(), 'fd-not-a-dump-'));
}, 180_000);

describe('analyze refuses input that holds no goroutine', () => {
  it.each([
    ['heap-debug1.txt', 'the text of a heap or allocs profile (/debug/pprof/heap?debug=1)'],
    ['mutex-debug1.txt', 'the text of a mutex profile (/debug/pprof/mutex?debug=1)'],
    ['block-debug1.txt', 'the text of a block profile (/debug/pprof/block?debug=1)'],
    // Its records read like goroutine records: refused by its header, not counted as goroutines.
    ['threadcreate-debug1.txt', 'the text of a threadcreate profile (/debug/pprof/threadcreate?debug=1)'],
    ['pprof-index.html', "pprof's HTML index page (/debug/pprof/)"],
    ['unknown-profile.txt', 'pprof\'s "Unknown profile" answer (a misspelt profile name?)'],
  ])('%s (captured from net/http/pprof)', (name, what) => {
    const f = path.join(notDumps, name);
    expect(refused([f])).toBe(`fleet-diag: ${f}: ${what}, not a goroutine dump; ${FETCH}`);
  });

  it('a heap profile whose records hold more stacks, and its runtime.MemStats trailer alone', () => {
    const heap = readFileSync(path.join(notDumps, 'heap-debug1.txt'), 'utf8');
    expect(refused([file('heap.gz', gzipSync(heap))])).toContain('heap.gz: the text of a heap or allocs profile');
    const trailer = heap.slice(heap.indexOf('# runtime.MemStats'));
    expect(refused([file('memstats.txt', trailer)])).toContain('memstats.txt: runtime.MemStats (the end of /debug/pprof/heap?debug=1), not a goroutine dump');
    const mutex = '--- mutex:\ncycles/second=2096075984\nsampling period=1\n45678 3 @ 0x46bb35 0x4a2b1c\n#\t0x46bb34\tsync.(*Mutex).Unlock+0x74\t/usr/lib/go/src/sync/mutex.go:223\n\n';
    expect(refused([file('mutex.txt', mutex)])).toContain('mutex.txt: the text of a mutex profile');
  });

  it('an HTML error page, named by its title', () => {
    const f = file('502.html', '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n');
    expect(refused([f])).toBe(`fleet-diag: ${f}: an HTML page ("502 Bad Gateway"), not a goroutine dump; ${FETCH}`);
  });

  it('a log', () => {
    const f = file('service.log', '2024/05/01 12:00:00 server started on :8080\n2024/05/01 12:00:01 GET /healthz 200\n2024/05/01 12:00:02 GET /api 500\n');
    expect(refused([f])).toBe(`fleet-diag: ${f}: a log (first line: "2024/05/01 12:00:00 server started on :8080"), not a goroutine dump; ${FETCH}`);
    const json = file('json.log', '{"level":"info","ts":1714564800,"msg":"started"}\n{"level":"error","ts":1714564801,"msg":"boom"}\n');
    expect(refused([json])).toMatch(/json\.log: a log \(first line: /);
  });

  it('any other text (/etc/passwd), and a goroutine profile cut off after its header', () => {
    const f = file('passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    expect(refused([f])).toBe(`fleet-diag: ${f}: text with no goroutine in it (first line: "root:x:0:0:root:/root:/bin/bash"), not a goroutine dump; ${FETCH}`);
    expect(refused([file('cut.txt', 'goroutine profile: total 12\n')])).toContain("cut.txt: a goroutine profile's header with no record after it (cut off?)");
  });

  it('an empty file', () => {
    const f = file('empty.txt', '');
    expect(refused([f])).toBe(`fleet-diag: ${f}: empty input, not a goroutine dump; ${FETCH}`);
    expect(refused([file('blank.txt', '\n \n')])).toContain('blank.txt: empty input, not a goroutine dump');
  });

  it("stdin ('-'): a heap profile's text, gzipped HTML, nothing", () => {
    const heap = readFileSync(path.join(notDumps, 'heap-debug1.txt'));
    expect(refused(['-'], heap)).toBe(`fleet-diag: stdin: the text of a heap or allocs profile (/debug/pprof/heap?debug=1), not a goroutine dump; ${FETCH}`);
    expect(refused(['-'], gzipSync(readFileSync(path.join(notDumps, 'pprof-index.html'))))).toContain("stdin: pprof's HTML index page");
    expect(refused(['-'], '')).toBe(`fleet-diag: stdin: empty input, not a goroutine dump; ${FETCH}`);
  });

  it('several files: one line naming every bad one, and only those', () => {
    const good = path.join(dumps, 'go119-debug1.txt');
    const heap = path.join(notDumps, 'heap-debug1.txt');
    const html = path.join(notDumps, 'pprof-index.html');
    const empty = file('empty2.txt', '');
    const line = refused([good, heap, html, empty, '-'], 'just a line of text\n');
    expect(line).toBe(
      `fleet-diag: 4 of 5 inputs cannot be analyzed: ${heap}: the text of a heap or allocs profile (/debug/pprof/heap?debug=1); ` +
        `${html}: pprof's HTML index page (/debug/pprof/); ${empty}: empty input; stdin: text with no goroutine in it (first line: "just a line of text"); ${FETCH}`,
    );
    expect(line).not.toContain(good);
    const missing = path.join(dir, 'nope.txt');
    expect(refused([good, missing, heap])).toBe(
      `fleet-diag: 2 of 3 inputs cannot be analyzed: ${missing}: cannot read it (no such file); ${heap}: the text of a heap or allocs profile (/debug/pprof/heap?debug=1); ${FETCH}`,
    );
  });

  it('a binary profile of another kind (refused as before) names its file too', () => {
    const f = path.join(notDumps, 'heap.pb.gz');
    expect(refused([f])).toBe(`fleet-diag: ${f}: this is a pprof alloc_objects profile, not a goroutine profile`);
  });
});

describe('what is still read', () => {
  it('a dump with junk around it parses as before', () => {
    const dump = readFileSync(path.join(dumps, 'go119-debug2.txt'), 'utf8');
    const f = file('junk.txt', `2024/05/01 12:00:00 SIGQUIT received, dumping\n<html>\n${dump}\nexit status 2\n`);
    const r = cli(['analyze', '--json', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ goroutines: 22 });
  });

  it("Go's goroutineleak profile with no leaked goroutine is its all-clear, not an error", () => {
    const r = cli(['analyze', file('leak0.txt', 'goroutineleak profile: total 0\n')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verdict: HEALTHY — 0 goroutines in 0 groups \(1 sample: .*leak0\.txt \[goroutineleak\]\)/);
  });
});

describe('aggregate: a host whose output holds no goroutine', () => {
  const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\n');
  const collector = (files: Record<string, Buffer | string>) =>
    [
      '@@fd hello 1 samples=1 interval=5',
      '@@fd sample 0 1700000000000',
      '@@fd total 0 22',
      ...Object.entries(files).flatMap(([kind, data]) => [`@@fd file ${kind} 0 raw`, b64(data), '@@fd end']),
      '@@fd sockets 0 none',
      '@@fd done',
      '',
    ].join('\n');

  it('falls back to the next profile, or fails the host with the reason (exit 2), never a verdict on nothing', () => {
    const results = path.join(dir, 'awx');
    mkdirSync(results, { recursive: true });
    const index = readFileSync(path.join(notDumps, 'pprof-index.html'));
    const d1 = readFileSync(path.join(dumps, 'go119-debug1.txt'));
    // good: its debug=2 answer was an HTML page, its debug=1 profile is read instead.
    writeFileSync(path.join(results, 'good.json'), JSON.stringify({ host: 'good', rc: 0, stdout: collector({ debug1: d1, debug2: index }) }));
    // bad: every answer is something else.
    writeFileSync(path.join(results, 'bad.json'), JSON.stringify({ host: 'bad', rc: 0, stdout: collector({ debug1: readFileSync(path.join(notDumps, 'heap-debug1.txt')), debug2: index }) }));
    const r = cli(['aggregate', results, '--json', '--out', path.join(dir, 'agg-run')]);
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout);
    const good = report.hosts.find((h: { host: string }) => h.host === 'good');
    const bad = report.hosts.find((h: { host: string }) => h.host === 'bad');
    expect(good).toMatchObject({ status: 'ok', goroutines: 22 });
    expect(good.samples[0].errors).toEqual(["debug2: pprof answered with pprof's HTML index page (/debug/pprof/), not a goroutine profile"]);
    expect(bad).toMatchObject({ status: 'failed', verdict: 'unknown', groups: [] });
    expect(bad.error).toBe("no sample could be read as a goroutine profile: sample 1: debug2: pprof answered with pprof's HTML index page (/debug/pprof/), not a goroutine profile");
    expect(bad.samples[0].errors[1]).toBe('debug1: pprof answered with the text of a heap or allocs profile (/debug/pprof/heap?debug=1), not a goroutine profile');
    expect(report.run).toMatchObject({ status: 'partial', hostsOk: 1, hostsFailed: 1 });
  });
});
