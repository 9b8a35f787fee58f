// Every real dump in ../shared/corpus/dumps parses and reports SOURCES.tsv's `expect` as total,
// in memory and streamed, one goroutine per record or merged.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpFile } from '../../../src/profile/index.js';
import type { Profile } from '../../../src/profile/index.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/dumps/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/dumps/', import.meta.url));

interface Row {
  file: string;
  license: string;
  format: string;
  expect: number | null;
}

function rows(dir: string): Row[] {
  const [head, ...lines] = readFileSync(`${dir}SOURCES.tsv`, 'utf8').trim().split('\n');
  const cols = head.split('\t');
  const at = (name: string): number => cols.indexOf(name);
  return lines.map((l) => {
    const c = l.split('\t');
    return { file: c[at('file')], license: c[at('license')], format: c[at('format')], expect: c[at('expect')] ? Number(c[at('expect')]) : null };
  });
}

/** Sum of record counts: one goroutine is in exactly one record. */
const counted = (p: Profile): number => p.goroutines.reduce((n, g) => n + g.count, 0);

/** Files with no single right count (several dumps in one file): what the parser reports, and why. */
const SEVERAL_DUMPS: Record<string, { total: number; warning: RegExp }> = {
  // runtime.Stack(all) output, then a SIGQUIT dump of the same process: 11 headers, 6 ids (0, 1, 18, 19, 20, 22).
  'go115-runtimestack-then-sigquit-registers-felixge.txt': { total: 6, warning: /ids repeat/ },
  // eight debug=1 profiles of `total 2` back to back: the totals add up.
  'go125-debug1-concatenated-cyrillic-paths-go2.txt': { total: 16, warning: /8 debug=1 profiles back to back/ },
};

describe('real dumps (../shared/corpus/dumps)', () => {
  it('the corpus is there, beside the checkout', () => {
    expect(existsSync(`${CORPUS}SOURCES.tsv`), `missing ${CORPUS}SOURCES.tsv`).toBe(true);
  });

  for (const row of existsSync(`${CORPUS}SOURCES.tsv`) ? rows(CORPUS) : []) {
    it(`${row.file}: total ${row.expect ?? SEVERAL_DUMPS[row.file]?.total}`, async () => {
      const path = `${CORPUS}${row.file}`;
      const p = parseDump(readFileSync(path), { source: row.file });
      const want = row.expect ?? SEVERAL_DUMPS[row.file]?.total;
      expect(want, 'a number to check against').toBeTypeOf('number');
      expect(p.total).toBe(want);
      expect(counted(p)).toBe(want);
      expect(p.format).toBe(row.format === 'debug1' ? 'debug1' : 'debug2');
      for (const g of p.goroutines) {
        expect(g.count).toBeGreaterThan(0);
        for (const f of g.frames) {
          expect(f.func).not.toBe('');
          expect(f.func).not.toMatch(/^\s|\s$/);
          expect(f.file).not.toMatch(/^\s|\s$| \+0x/);
        }
      }
      if (row.expect === null) expect(p.warnings.map((w) => w.message).join('\n')).toMatch(SEVERAL_DUMPS[row.file].warning);

      // Streamed and merged: same total, same goroutines, fewer or as many records.
      const s = await parseDumpFile(path);
      expect(s.total).toBe(want);
      expect(counted(s)).toBe(want);
      expect(s.goroutines.length).toBeLessThanOrEqual(p.goroutines.length);
      for (const w of s.warnings) expect(w.source).toBe(path);
    });
  }
});

describe('fixtures copied from the corpus (permissive licences only)', () => {
  const copied = rows(FIXTURES).filter((r) => !r.file.startsWith('go119-'));
  it('are byte-identical to the corpus and permissively licensed', () => {
    expect(copied.length).toBeGreaterThan(10);
    for (const r of copied) {
      expect(r.license).toMatch(/^(Apache-2\.0|MIT|BSD)/);
      if (existsSync(`${CORPUS}${r.file}`)) expect(readFileSync(`${FIXTURES}${r.file}`).equals(readFileSync(`${CORPUS}${r.file}`))).toBe(true);
      expect(parseDump(readFileSync(`${FIXTURES}${r.file}`)).total).toBe(r.expect);
    }
  });
});

describe('what the real dumps hold', () => {
  const load = (f: string): Profile => parseDump(readFileSync(`${CORPUS}${f}`));
  const byId = (p: Profile, id: number) => p.goroutines.find((g) => g.id === id)!;

  it('Go 1.10 fatal error: file lines without indent, `runtime stack:` skipped, old elision', () => {
    const p = load('go110-fatal-stackoverflow-oldelided-asan-clusterfuzz.txt');
    const g = byId(p, 34);
    expect(g.framesElided).toBe(true);
    expect(g.frames[0]).toEqual({ func: 'github.com/google/syzkaller/pkg/ast.(*scanner).next', file: '/home/sdk/gopath/src/github.com/google/syzkaller/pkg/ast/scanner.go', line: 271 });
    expect(g.frames.some((f) => f.func === 'runtime.throw')).toBe(false);
  });

  it('gVisor: Bazel paths, wait minutes on semacquire, the repeated REPORT section counted once', () => {
    const p = load('go110-gvisor-panic-in-harness-log-bazel-paths-syzkaller.txt');
    const g1 = byId(p, 1);
    expect(g1.state).toBe('semacquire');
    expect(g1.waitMinutes).toBe(23);
    expect(g1.frames.at(-1)!.file).toBe('bazel-out/k8-fastbuild/bin/external/io_bazel_rules_go/linux_amd64_pure_stripped/stdlib~/src/runtime/asm_amd64.s');
    expect(byId(p, 9707990).createdBy).toEqual({ func: 'gvisor.googlesource.com/gvisor/pkg/sentry/fs.Async', file: 'pkg/sentry/fs/fs.go', line: 80, goroutineId: null });
  });

  it('two-space and em-space indents', () => {
    expect(load('go110-panic-message-space-indented-clusterfuzz.txt').goroutines[0].frames[0]).toEqual({ func: 'github.com/google/syzkaller/prog.fromHexChar', file: 'prog/encoding.go', line: 905 });
    const g = load('go118-panic-brace-args-asan-onespace-indent-clusterfuzz.txt').goroutines[0];
    expect(g.lockedToThread).toBe(true);
    expect(g.frames.map((f) => f.func)).toEqual([
      'regexp.(*Regexp).Split',
      'github.com/google/gonids.(*Rule).option',
      'github.com/google/gonids.parseRuleAux',
      'github.com/google/gonids.ParseRule',
      'github.com/google/gonids.FuzzParseRule',
      'main.LLVMFuzzerTestOneInput',
    ]);
    expect(g.frames[3]).toEqual({ func: 'github.com/google/gonids.ParseRule', file: 'github.com/google/gonids/parser.go', line: 971 });
  });

  it('cgo, [sleep, locked to thread], inlined (...) frames without offset', () => {
    const p = load('go115-cgo-syscall-gostackparse.txt');
    expect(byId(p, 6).frames[0]).toEqual({ func: 'main._Cfunc_c_sleep_loop', file: '_cgo_gotypes.go', line: 56 });
    const g7 = byId(p, 7);
    expect([g7.state, g7.lockedToThread]).toEqual(['sleep', true]);
    expect(g7.frames[1]).toEqual({ func: 'main.goSleep', file: '/Users/felix.geisendoerfer/go/src/github.com/DataDog/dd-trace-go/profiler/internal/stackparse/test-fixtures/cgo.go', line: 53 });
  });

  it('debug=1 with labels', () => {
    const p = load('go115-debug1-labels-felixge.txt');
    expect(p.goroutines[0]).toMatchObject({ id: null, count: 2, state: '', labels: { test_label: 'test_value' } });
    expect(p.goroutines[0].frames).toEqual([
      { func: 'time.Sleep', file: '/usr/local/Cellar/go/1.15.6/libexec/src/runtime/time.go', line: 188 },
      { func: 'main.shortSleepLoop', file: '/Users/felix.geisendoerfer/go/src/github.com/felixge/go-profiler-notes/examples/goroutine/main.go', line: 165 },
    ]);
    expect(p.goroutines.filter((g) => g.labels !== null).reduce((n, g) => n + g.count, 0)).toBe(7);
  });

  it('SIGQUIT after runtime.Stack: glued header found, registers skipped, the later trace kept', () => {
    const p = load('go115-runtimestack-then-sigquit-registers-felixge.txt');
    expect(p.goroutines.map((g) => g.id).sort((a, b) => a! - b!)).toEqual([0, 1, 18, 19, 20, 22]);
    expect(byId(p, 1)).toMatchObject({ state: 'chan receive', waitMinutes: 3 });
    expect(byId(p, 20).waitMinutes).toBe(4);
    expect(p.warnings.find((w) => /glued/.test(w.message))?.line).toBe(3);
  });

  it('fatal error with `stack unavailable` goroutines printed again later', () => {
    const p = load('go116-concurrent-map-writes-triple-fatal-stackunavailable-joshcarp.txt');
    const g = byId(p, 1139);
    expect(g.frames.length).toBeGreaterThan(0);
    expect(p.goroutines.filter((x) => x.id === 1139)).toHaveLength(1);
    expect(p.goroutines.filter((x) => x.state === 'runnable').length).toBeGreaterThan(60);
  });

  it('debug=1, CRLF, Windows drive letters, a last record without frames and no final newline', () => {
    const p = load('go117-debug1-7046-nats-windows-gopath.txt');
    expect(p.goroutines[0]).toMatchObject({ count: 1004, frames: [{ func: 'github.com/nats-io/nats-server/v2/server.(*raft).fileWriter', file: 'D:/project/src/github.com/nats-io/nats-server/server/raft.go', line: 3002 }] });
    expect(p.goroutines.at(-1)).toMatchObject({ count: 1, frames: [] });
    for (const g of p.goroutines) for (const f of g.frames) expect(f.file).not.toMatch(/\r/);
  });

  it('generics [...] in debug=1 names; escaped package paths in tracebacks', () => {
    const p = load('go121-debug1-large-20161-erigon.txt');
    expect(p.goroutines.some((g) => g.frames.some((f) => f.func === 'github.com/multiformats/go-multistream.(*lazyClientConn[...]).Read'))).toBe(true);
    expect(p.goroutines.some((g) => g.count === 12096)).toBe(true);
    const q = load('go121-debug2-erigon-waitminutes-lockedthread-transferfile.txt');
    expect(q.goroutines.some((g) => g.frames.some((f) => f.func === 'gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun'))).toBe(true);
    const locked = q.goroutines.find((g) => g.lockedToThread)!;
    expect([locked.state, locked.waitMinutes]).toEqual(['select', 6]);
    expect(q.goroutines.some((g) => g.state === 'sync.Cond.Wait')).toBe(true);
  });

  it('created by … in goroutine N (1.21+) and [originating from goroutine N] ancestors', () => {
    const p = load('go121-http-tracebackancestors-goleak.txt');
    expect(p.goroutines).toHaveLength(5);
    const g24 = byId(p, 24);
    expect(g24.frames.map((f) => f.func)).toEqual(['net/http.(*persistConn).readLoop']);
    expect(g24.createdBy).toMatchObject({ func: 'net/http.(*Transport).dialConn', line: 1776, goroutineId: 21 });
    const q = load('tracebackancestors-gostackparse.txt');
    expect(q.goroutines.map((g) => g.id)).toEqual([1, 25, 29]);
  });

  it('Go 1.24 crash output: gp= m= headers, new-style elision, Go 1.24 wait reasons', () => {
    const p = load('go124-stackoverflow-gp-header-newelided-gostackparse.txt');
    expect(byId(p, 6).framesElided).toBe(true);
    expect(byId(p, 1).state).toBe('sync.WaitGroup.Wait');
    expect(byId(p, 2).state).toBe('force gc (idle)');
    expect(byId(p, 2).createdBy).toMatchObject({ func: 'runtime.init.7', goroutineId: 1 });
  });

  it('real Windows paths with a space; [sync.Mutex.Lock]', () => {
    const p = load('go125-debug2-windows-mutexlock-kvstore.txt');
    expect(byId(p, 109).frames[0]).toEqual({ func: 'runtime/pprof.writeGoroutineStacks', file: 'C:/Program Files/Go/src/runtime/pprof/pprof.go', line: 756 });
    expect(p.goroutines.some((g) => g.state === 'sync.Mutex.Lock')).toBe(true);
  });

  it('non-ASCII paths with spaces in debug=1', () => {
    const p = load('go125-debug1-concatenated-cyrillic-paths-go2.txt');
    expect(p.goroutines[0].frames.at(-1)).toEqual({ func: 'main.main.func1', file: '/home/andrey/Рабочий стол/GolandProjects/awesomeProject/Step_10_race_detector/Дамп горутин.go', line: 23 });
  });
});
