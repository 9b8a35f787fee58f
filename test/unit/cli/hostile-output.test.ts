// Terminal escapes from data (issue 21). Function names and paths in dumps, host names, node
// error text reach the terminal through analyze, report, diff, aggregate and the progress and
// log lines of run, gate and watch: no C0/C1 control character may reach stdout or stderr raw
// (ESC/OSC/BEL set the window title, clear the screen, plant links, write the clipboard), and a
// newline in a name must not forge a line. --json stays valid JSON with the same values.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli } from '../helpers/build.js';
import { sampleReport } from '../report/fixture.js';
import { plainProgress } from '../../../src/cli/progress.js';
import { logLine } from '../../../src/cli/log-line.js';
import { ttyProgress } from '../../../src/cli/progress-tty.js';
import { terminalLine, terminalSafe, terminalText } from '../../../src/core/terminal-text.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/fleet-diag.js');

/** Window title (OSC 0), clear screen (CSI 2J), a hidden link (OSC 8), the clipboard (OSC 52), C1 CSI, a forged line. */
const TITLE = '\u001b]0;PWNED\u0007';
const CLEAR = '\u001b[2J';
const LINK = '\u001b]8;;http://evil.example/\u001b\\click\u001b]8;;\u001b\\';
const CLIP = '\u001b]52;c;ZXZpbA==\u0007';
const C1 = '\u009b2J\u0085';
const FORGE = '\n[07:00:00] gate: FORGED: Successful\r';
const EVIL = `${TITLE}${CLEAR}${LINK}${CLIP}${C1}${FORGE}`;

/** Any control character but newline and tab: none may be printed. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectClean(text: string, what: string): void {
  expect(RAW_CONTROL.test(text), `${what} holds a raw control character: ${JSON.stringify(text.match(RAW_CONTROL)?.[0])}`).toBe(false);
  for (const line of text.split('\n')) expect(line, `${what} has a forged line`).not.toMatch(/^\[07:00:00\] gate: FORGED/);
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;

/** The fixture report with hostile strings wherever a node or a dump can put one. */
function hostileReport() {
  const r = sampleReport();
  const h = r.hosts[0];
  h.host = `web-1${EVIL}`;
  h.groups[0].function = `main.leak${EVIL}`;
  h.groups[0].location = `app/${EVIL}worker.go:41`;
  h.groups[0].evidence = [`grew ${EVIL}`];
  h.warnings = [`warn ${EVIL}`];
  h.sockets = { ESTABLISHED: 1 };
  r.hosts[3].error = `ssh: ${EVIL}`;
  r.run.notes = [`note ${EVIL}`];
  r.suspects[0].function = `main.leak${EVIL}`;
  r.suspects[0].hosts = [h.host];
  r.suspects[0].evidence = [`web-1: ${EVIL}`];
  return r;
}

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(path.join(tmpdir(), 'fd-hostile-out-'));
  for (const name of ['a', 'b']) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'report.json'), JSON.stringify(hostileReport(), null, 2));
  }
  const b = hostileReport();
  b.hosts[0].groups[0].count = 5000;
  b.hosts[0].groups.push({ ...b.hosts[0].groups[0], id: 'abcdef123456', function: `main.new${EVIL}`, count: 77 });
  writeFileSync(path.join(dir, 'b', 'report.json'), JSON.stringify(b, null, 2));
}, 180_000);

describe('the sanitizer', () => {
  it('escapes every C0 and C1 control as JSON does, keeping newlines and tabs only in multi-line text', () => {
    expect(terminalLine(`a${TITLE}b\nc\td`)).toBe('a\\u001b]0;PWNED\\u0007b\\nc\\td');
    expect(terminalText(`a${TITLE}b\nc\td\r\u009b\u007f`)).toBe('a\\u001b]0;PWNED\\u0007b\nc\td\\r\\u009b\\u007f');
    expect(terminalLine('plain: web-01 ✓ 中文')).toBe('plain: web-01 ✓ 中文');
    // The escapes are JSON's: JSON text stays JSON, with the same value.
    const json = JSON.stringify({ s: `x\u0085${EVIL}` });
    expect(JSON.parse(terminalText(json))).toEqual({ s: `x\u0085${EVIL}` });
  });

  it('makes every string of a value one line, keys included, and copies only what changed', () => {
    const clean = { a: ['x', { b: 1 }], c: null };
    expect(terminalSafe(clean)).toBe(clean);
    const v = { host: `h${FORGE}`, sockets: { [`S${TITLE}`]: 1 }, list: ['ok', `bad${C1}`], n: 3, same: clean };
    const s = terminalSafe(v);
    expect(s).toEqual({ host: 'h\\n[07:00:00] gate: FORGED: Successful\\r', sockets: { 'S\\u001b]0;PWNED\\u0007': 1 }, list: ['ok', 'bad\\u009b2J\\u0085'], n: 3, same: clean });
    expect(s.same).toBe(clean);
    expect(v.host).toBe(`h${FORGE}`);
    const proto = JSON.parse('{"__proto__": "x\\u001b"}');
    expect(Object.keys(terminalSafe(proto))).toEqual(['__proto__']);
  });
});

describe('commands print no control characters from data', () => {
  it('report: the summary and Markdown/DOT/HTML sent to stdout', () => {
    const r = cli(['report', path.join(dir, 'a')], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('web-1\\u001b]0;PWNED\\u0007');
    expectClean(r.stdout, 'report');
    for (const f of ['--markdown', '--dot', '--html']) {
      const x = cli(['report', path.join(dir, 'a'), f, '-'], dir);
      expect(x.code, x.stderr).toBe(0);
      expectClean(x.stdout, `report ${f} -`);
    }
  });

  it('diff: text and --json', () => {
    const r = cli(['diff', path.join(dir, 'a'), path.join(dir, 'b')], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('main.new');
    expectClean(r.stdout, 'diff');
    const j = cli(['diff', '--json', path.join(dir, 'a'), path.join(dir, 'b')], dir);
    expect(j.code, j.stderr).toBe(0);
    expectClean(j.stdout, 'diff --json');
    expect(JSON.stringify(JSON.parse(j.stdout))).toContain(JSON.stringify(`main.new${EVIL}`).slice(1, -1));
  });

  it('analyze: function names and paths from a dump, text and --json, and the warnings', () => {
    const dump = [
      'goroutine 1 [running]:',
      'main.main()',
      '\t/app/main.go:3 +0x1',
      '',
      ...[10, 11, 12].flatMap((id) => [
        `goroutine ${id} [chan receive]:`,
        `main.evil${TITLE}${CLEAR}${C1}(...)`,
        `\t/app/${LINK}${CLIP}x.go:7 +0x1`,
        `created by main.spawn${TITLE} in goroutine 1`,
        '\t/app/main.go:9 +0x2',
        '',
      ]),
      `junk line ${TITLE}${C1}`,
      '',
    ].join('\n');
    const file = path.join(dir, `dump${TITLE.replace(/[\u0007]/g, '')}.txt`);
    writeFileSync(file, dump);
    const r = cli(['analyze', file], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('main.evil\\u001b]0;PWNED\\u0007');
    expectClean(r.stdout, 'analyze');
    expectClean(r.stderr, 'analyze warnings');
    const j = cli(['analyze', '--json', file], dir);
    expect(j.code, j.stderr).toBe(0);
    expectClean(j.stdout, 'analyze --json');
    expect(JSON.parse(j.stdout).groups.some((g: { function: string }) => g.function === `main.evil${TITLE}${CLEAR}${C1}`)).toBe(true);
  });

  it('aggregate: a host name and node error text from collect.yml results', () => {
    const results = path.join(dir, 'results');
    mkdirSync(results, { recursive: true });
    const d1 = `goroutine profile: total 3\n3 @ 0x1\n#\t0x1\tmain.evil${TITLE}+0x1\t/x/${CLEAR}main.go:3\n`;
    const stdout = [
      '@@fd hello 1 samples=1 interval=0', '@@fd sample 0 1700000000000', '@@fd total 0 3',
      '@@fd file debug1 0 gz', gzipSync(Buffer.from(d1)).toString('base64'), '@@fd end', '@@fd done',
    ].join('\n');
    writeFileSync(path.join(results, 'a.json'), JSON.stringify({ host: `web-1${EVIL}`, rc: 0, stdout }));
    writeFileSync(path.join(results, 'b.json'), JSON.stringify({ host: `web-2${EVIL}`, failed: true, rc: 1, msg: `boom ${EVIL}`, stdout: `@@fd hello 1\n@@fd fatal ${TITLE}${C1} no pprof\n` }));
    const r = cli(['aggregate', results, '--out', path.join(dir, 'agg')], dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('web-2\\u001b]0;PWNED');
    expectClean(r.stdout, 'aggregate');
    expectClean(r.stderr, 'aggregate stderr');
    const j = cli(['aggregate', '--json', results, '--out', path.join(dir, 'agg2')], dir);
    expectClean(j.stdout, 'aggregate --json');
    expect(JSON.parse(j.stdout).hosts.map((h: { host: string }) => h.host).sort()).toEqual([`web-1${EVIL}`, `web-2${EVIL}`]);
  });

  it('an error line (exit 3) names a hostile file without its controls', () => {
    const r = cli(['report', path.join(dir, `nope${TITLE}${FORGE}`)], dir);
    expect(r.code).toBe(3);
    expectClean(r.stderr, 'error line');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('progress and log lines of run, gate and watch', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a log line is one line whatever its text holds', () => {
    const line = logLine(`gate: webhook from ${EVIL}: running the gate`);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expectClean(line, 'log line');
  });

  it('plain progress lines: host names and node messages', () => {
    const out: string[] = [];
    const p = plainProgress((s) => out.push(s));
    p.stage(`reading inventory ${EVIL}`);
    p.pass(2, [`web-1${EVIL}`]);
    p.event({ kind: 'collected', host: `web-1${EVIL}` } as never);
    p.event({ kind: 'failed', host: `web-2${EVIL}`, message: `${TITLE}pprof said no${C1}`, final: true } as never);
    p.event({ kind: 'unreachable', host: `web-3${FORGE}`, message: `${FORGE}x` } as never);
    const text = out.join('');
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    expectClean(text, 'plain progress');
  });

  it('live progress (listr2): host names and node messages', async () => {
    const out: string[] = [];
    const keep = (chunk: unknown): boolean => {
      out.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(keep as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(keep as typeof process.stderr.write);
    const p = await ttyProgress();
    const later = () => new Promise((r) => setTimeout(r, 5));
    p.stage(`reading inventory ${TITLE}`);
    await later();
    p.stage(`collecting from 2 hosts in 1 batch(es), 3 sample(s) ${C1}`);
    await later();
    p.event({ kind: 'collected', host: `web-1${EVIL}` } as never);
    await later();
    p.event({ kind: 'failed', host: `web-2${EVIL}`, message: `${TITLE}no${C1}`, final: true } as never);
    await later();
    p.stage('analyzing');
    await p.finish();
    vi.restoreAllMocks();
    // listr2 draws with its own escapes (colours, cursor moves) on a terminal; outside one it prints plain lines.
    const text = out.join('');
    expect(text).toContain('web-2');
    expectClean(text, 'live progress');
  });
});

describe('the output boundary', () => {
  it('only cli/output.ts (and the EPIPE guard in main.ts) writes to process.stdout or process.stderr', () => {
    const cliDir = path.join(root, 'src/cli');
    const offenders = readdirSync(cliDir)
      .filter((f) => f.endsWith('.ts') && f !== 'output.ts')
      .filter((f) => /process\.(stdout|stderr)\.write\b/.test(readFileSync(path.join(cliDir, f), 'utf8')));
    expect(offenders).toEqual([]);
    for (const folder of readdirSync(path.join(root, 'src')).filter((f) => f !== 'cli')) {
      const files = readdirSync(path.join(root, 'src', folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      for (const f of files) expect(readFileSync(path.join(root, 'src', folder, f), 'utf8'), `src/${folder}/${f}`).not.toMatch(/process\.(stdout|stderr)\.write\b|console\.(log|error|warn)\(/);
    }
  });
});
