// Every dump in test/fixtures/dumps parses and reports SOURCES.tsv's `expect` as total, in
// memory and streamed, one goroutine per record or merged. The real corpus in
// ../shared/corpus/dumps (on CI, not in a plain clone) adds the dumps we may not copy; their
// tests run only when it is there. See test/fixtures/dumps/README.md.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpFile } from '../../../src/profile/index.js';
import type { Profile } from '../../../src/profile/index.js';
import { FIXTURE_DUMPS, HAVE_SHARED, KVSTORE, NEEDS_SHARED, NOT_COPIED, NOT_COPIED_FILES, SHARED_DUMPS, sayIfSkipped, sourceRows } from '../helpers/dumps.js';
import type { Row } from '../helpers/dumps.js';

sayIfSkipped(`corpus.test: the ${NOT_COPIED_FILES.length} corpus dumps not copied to test/fixtures/dumps, and the byte-for-byte check of the copies`);

/** Sum of record counts: one goroutine is in exactly one record. */
const counted = (p: Profile): number => p.goroutines.reduce((n, g) => n + g.count, 0);

/** Files with no single right count (several dumps in one file): what the parser reports, and why. */
const SEVERAL_DUMPS: Record<string, { total: number; warning: RegExp }> = {
  // runtime.Stack(all) output, then a SIGQUIT dump of the same process: 11 headers, 6 ids (0, 1, 18, 19, 20, 22).
  'go115-runtimestack-then-sigquit-registers-felixge.txt': { total: 6, warning: /ids repeat/ },
  // eight debug=1 profiles of `total 2` back to back: the totals add up.
  'go125-debug1-concatenated-cyrillic-paths-go2.txt': { total: 16, warning: /8 debug=1 profiles back to back/ },
  // ours: three debug=1 profiles of `total 3`, `4` and `5` back to back.
  'go125-debug1-concatenated-cyrillic-paths-fleetdiag.txt': { total: 12, warning: /3 debug=1 profiles back to back; total 12/ },
};

const wantFormat = (row: Row): string => (row.format === 'debug1' || row.format === 'pprof' ? row.format : 'debug2');

/** Parses `${dir}${row.file}` in memory and streamed, and checks it against its SOURCES.tsv row. */
async function checkDump(dir: string, row: Row): Promise<void> {
  const path = `${dir}${row.file}`;
  const p = parseDump(readFileSync(path), { source: row.file });
  const want = row.expect ?? SEVERAL_DUMPS[row.file]?.total;
  expect(want, 'a number to check against').toBeTypeOf('number');
  expect(p.total).toBe(want);
  expect(counted(p)).toBe(want);
  expect(p.format).toBe(wantFormat(row));
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
}

const fixtureRows = sourceRows(FIXTURE_DUMPS);
const sharedRows = (): Map<string, Row> => new Map(sourceRows(SHARED_DUMPS).map((r) => [r.file, r]));
const OURS = 'fleet-diag (this project)';

describe('dumps in test/fixtures/dumps', () => {
  for (const row of fixtureRows) {
    it(`${row.file}: total ${row.expect ?? SEVERAL_DUMPS[row.file]?.total}`, () => checkDump(FIXTURE_DUMPS, row));
  }
});

describe.skipIf(!HAVE_SHARED)(`corpus dumps not copied to test/fixtures/dumps: ${NEEDS_SHARED}`, () => {
  for (const file of NOT_COPIED_FILES) {
    it(`${file}: total as in the corpus SOURCES.tsv`, async () => {
      const row = sharedRows().get(file);
      expect(row, `${file} in ${SHARED_DUMPS}SOURCES.tsv`).toBeDefined();
      await checkDump(SHARED_DUMPS, row!);
    });
  }
});

describe('what test/fixtures/dumps holds', () => {
  const DOCS = ['SOURCES.tsv', 'README.md', 'ATTRIBUTION.md'];

  it('one SOURCES.tsv row for each file, and a file for each row', () => {
    const files = readdirSync(FIXTURE_DUMPS, { withFileTypes: true })
      .filter((d) => d.isFile() && !DOCS.includes(d.name))
      .map((d) => d.name)
      .sort();
    expect(fixtureRows.map((r) => r.file).sort()).toEqual(files);
    for (const d of DOCS) expect(existsSync(`${FIXTURE_DUMPS}${d}`), d).toBe(true);
  });

  it('copies are permissively licensed or CC BY-SA 4.0 with attribution; ours are Apache-2.0', () => {
    const attribution = readFileSync(`${FIXTURE_DUMPS}ATTRIBUTION.md`, 'utf8');
    for (const r of fixtureRows) {
      expect(r.license, r.file).not.toMatch(/none found|GPL|unknown/i);
      if (r.source.startsWith(OURS)) {
        expect(r.license, r.file).toBe('Apache-2.0');
        continue;
      }
      expect(r.license, r.file).toMatch(/^(Apache-2\.0|MIT|Apache-2\.0 OR BSD-3-Clause|CC-BY-SA-4\.0)$/);
      if (r.license === 'CC-BY-SA-4.0') expect(attribution, r.file).toContain(r.file);
    }
    expect(fixtureRows.filter((r) => r.license === 'CC-BY-SA-4.0').map((r) => r.file)).toEqual([
      'go115-debug1-labels-felixge.txt',
      'go115-runtimestack-then-sigquit-registers-felixge.txt',
    ]);
  });

  it('the corpus dumps we may not copy are not here; our stand-in for each is', () => {
    const byFile = new Map(fixtureRows.map((r) => [r.file, r]));
    for (const [file, standIn] of Object.entries(NOT_COPIED)) {
      expect(existsSync(`${FIXTURE_DUMPS}${file}`), file).toBe(false);
      expect(byFile.get(standIn)?.source, standIn).toMatch(new RegExp(`^${OURS.replace(/[()]/g, '\\$&')}: hand-written, stands in for ${file.replace(/\./g, '\\.')} `));
    }
  });

  it.skipIf(!HAVE_SHARED)(`copies are byte-identical to the corpus, with the same SOURCES.tsv rows: ${NEEDS_SHARED}`, () => {
    const shared = sharedRows();
    const copies = fixtureRows.filter((r) => !r.source.startsWith(OURS));
    expect(copies.length).toBeGreaterThan(15);
    for (const r of copies) {
      expect(shared.get(r.file)?.line, r.file).toBe(r.line);
      expect(readFileSync(`${FIXTURE_DUMPS}${r.file}`).equals(readFileSync(`${SHARED_DUMPS}${r.file}`)), r.file).toBe(true);
    }
    // The corpus is the copies plus the files we may not copy, and those have no licence we may use.
    // KVSTORE's corpus row says MIT, but that licence came after the file was deleted (see
    // helpers/dumps.ts); 'none found' is accepted too, for when the corpus row is corrected.
    expect([...shared.keys()].sort()).toEqual([...copies.map((r) => r.file), ...NOT_COPIED_FILES].sort());
    for (const f of NOT_COPIED_FILES) expect(shared.get(f)!.license, f).toMatch(f === KVSTORE ? /^(none found|MIT$)/ : /^(none found|LGPL)/);
  });
});

describe('what the dumps hold', () => {
  const load = (f: string): Profile => parseDump(readFileSync(`${FIXTURE_DUMPS}${f}`));
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

  // Our stand-ins for the corpus dumps we may not copy: the same format features.

  it('fatal error with `stack unavailable` goroutines printed again later, inside go test -v output', () => {
    const p = load('go116-concurrent-map-writes-stackunavailable-gotest-fleetdiag.txt');
    expect(p.total).toBe(10);
    for (const id of [211, 219]) {
      expect(p.goroutines.filter((x) => x.id === id)).toHaveLength(1);
      expect(byId(p, id).frames.map((f) => f.func)).toEqual([
        'runtime.throw',
        'runtime.mapassign_fast64',
        'example.com/fleetdiag/fixture/mapwrite.TestParallelPut.func1',
        'runtime.goexit',
      ]);
    }
    const runnable = p.goroutines.filter((x) => x.state === 'runnable');
    expect(runnable).toHaveLength(6);
    expect(byId(p, 230).frames).toEqual([{ func: 'example.com/fleetdiag/fixture/mapwrite.TestParallelPut.func1', file: '/home/ci/src/fleetdiag-fixture/mapwrite/mapwrite_test.go', line: 31 }]);
    expect(p.warnings.map((w) => w.message).join('\n')).toMatch(/ids repeat \(211, 219\)/);
  });

  it('debug=1, CRLF, Windows drive letters, a last record without frames and no final newline', () => {
    const p = load('go117-debug1-crlf-windows-gopath-fleetdiag.txt');
    expect(p.goroutines[0]).toMatchObject({ count: 1200, frames: [{ func: 'example.com/fleetdiag/fixture/relay.(*Session).pump', file: 'D:/gopath/src/example.com/fleetdiag/fixture/relay/session.go', line: 211 }] });
    expect(p.goroutines[1].frames[0]).toEqual({ func: 'internal/poll.runtime_pollWait', file: 'c:/go/src/runtime/netpoll.go', line: 229 });
    expect(p.goroutines.at(-1)).toMatchObject({ count: 1, frames: [] });
    for (const g of p.goroutines) for (const f of g.frames) expect(`${f.func} ${f.file}`).not.toMatch(/\r/);
  });

  it('trimpath module@version paths, generics [...] in debug=1 names, big counts', () => {
    const p = load('go121-debug1-trimpath-modver-generics-fleetdiag.txt');
    expect(p.goroutines[0]).toMatchObject({ count: 12000, labels: null });
    expect(p.goroutines[0].frames[0]).toEqual({ func: 'sync.runtime_notifyListWait', file: 'runtime/sema.go', line: 527 });
    const frames = p.goroutines.flatMap((g) => g.frames);
    expect(frames).toContainEqual({ func: 'example.com/fleetdiag/workpool.(*Pool[...]).worker', file: 'example.com/fleetdiag/workpool@v1.4.0/pool.go', line: 77 });
    expect(frames).toContainEqual({ func: 'example.com/fleetdiag/chanutil.Merge[...].func2', file: 'example.com/fleetdiag/chanutil@v0.9.2/merge.go', line: 33 });
    expect(frames).toContainEqual({ func: 'github.com/!fleet!diag/wire.(*Codec).ReadFrame', file: 'github.com/!fleet!diag/wire@v2.1.0+incompatible/codec.go', line: 112 });
    expect(p.goroutines.every((g) => g.labels === null)).toBe(true);
  });

  it('debug=2 wait minutes, [select, N minutes, locked to thread], escaped package paths', () => {
    const p = load('go121-debug2-waitminutes-lockedthread-fleetdiag.txt');
    expect([byId(p, 1).state, byId(p, 1).waitMinutes]).toEqual(['chan receive', 15]);
    expect(byId(p, 17).frames[0].func).toBe('gopkg.in/fleetdiag/logroll%2ev2.(*Roller).compressLoop');
    expect(byId(p, 17).createdBy).toEqual({ func: 'gopkg.in/fleetdiag/logroll%2ev2.(*Roller).start.func1', file: 'gopkg.in/fleetdiag/logroll.v2@v2.0.3/roll.go', line: 390, goroutineId: 1 });
    const locked = p.goroutines.filter((g) => g.lockedToThread);
    expect(locked.map((g) => [g.id, g.state, g.waitMinutes])).toEqual([[291, 'select', 6]]);
    expect([byId(p, 203).state, byId(p, 203).waitMinutes, byId(p, 203).lockedToThread]).toEqual(['select', 6, false]);
    expect([byId(p, 340).state, byId(p, 340).waitMinutes]).toEqual(['syscall', 15]);
    expect(byId(p, 512).state).toBe('sync.Cond.Wait');
    expect(byId(p, 611).frames[0]).toEqual({ func: 'example.com/fleetdiag/fixture/metrics.(*Gauge).Set', file: 'example.com/fleetdiag/fixture/metrics/gauge.go', line: 22 });
  });

  it('real Windows paths with a space; [sync.Mutex.Lock] with internal/sync frames; [syscall] ReadConsole; gowrap + goexit({})', () => {
    const p = load('go125-debug2-windows-mutexlock-fleetdiag.txt');
    expect(byId(p, 6).frames[0]).toEqual({ func: 'runtime/pprof.writeGoroutineStacks', file: 'C:/Program Files/Go/src/runtime/pprof/pprof.go', line: 756 });
    expect(byId(p, 6).createdBy).toEqual({ func: 'example.com/fleetdiag/fixture/tally/watchdog.Start', file: 'C:/Users/fixture/src/fleetdiag-fixture/tally/watchdog/watchdog.go', line: 38, goroutineId: 1 });
    const locked = p.goroutines.filter((g) => g.state === 'sync.Mutex.Lock');
    expect(locked.map((g) => g.id)).toEqual([19, 20, 22]);
    expect(byId(p, 19).frames.slice(0, 5)).toEqual([
      { func: 'internal/sync.runtime_SemacquireMutex', file: 'C:/Program Files/Go/src/runtime/sema.go', line: 95 },
      { func: 'internal/sync.(*Mutex).lockSlow', file: 'C:/Program Files/Go/src/internal/sync/mutex.go', line: 149 },
      { func: 'internal/sync.(*Mutex).Lock', file: 'C:/Program Files/Go/src/internal/sync/mutex.go', line: 70 },
      { func: 'sync.(*Mutex).Lock', file: 'C:/Program Files/Go/src/sync/mutex.go', line: 46 },
      { func: 'example.com/fleetdiag/fixture/tally/ledger.(*Book).Post', file: 'C:/Users/fixture/src/fleetdiag-fixture/tally/ledger/book.go', line: 58 },
    ]);
    expect(byId(p, 21).state).toBe('chan send');
    expect(byId(p, 1).state).toBe('syscall');
    expect(byId(p, 1).frames.slice(0, 2).map((f) => f.func)).toEqual(['syscall.Syscall6', 'syscall.ReadConsole']);
    expect(byId(p, 31)).toMatchObject({ state: 'runnable', createdBy: { func: 'example.com/fleetdiag/fixture/tally/replicate.(*Shipper).loop', goroutineId: 24 } });
    expect(byId(p, 31).frames).toEqual([
      { func: 'example.com/fleetdiag/fixture/tally/replicate.(*Shipper).loop.gowrap1', file: 'C:/Users/fixture/src/fleetdiag-fixture/tally/replicate/shipper.go', line: 148 },
      { func: 'runtime.goexit', file: 'C:/Program Files/Go/src/runtime/asm_amd64.s', line: 1693 },
    ]);
  });

  it('non-ASCII paths with spaces in concatenated debug=1 profiles', () => {
    const p = load('go125-debug1-concatenated-cyrillic-paths-fleetdiag.txt');
    expect(p.total).toBe(12);
    expect(p.goroutines[0].frames).toEqual([{ func: 'main.leak.func1', file: '/home/oleg/Мои проекты/утечки горутин/Пример утечки.go', line: 17 }]);
    const merged = parseDump(readFileSync(`${FIXTURE_DUMPS}go125-debug1-concatenated-cyrillic-paths-fleetdiag.txt`), { merge: true });
    expect(merged.goroutines.map((g) => [g.frames[0].func, g.count])).toEqual([
      ['main.leak.func1', 6],
      ['runtime/pprof.writeRuntimeProfile', 3],
      ['time.Sleep', 3],
    ]);
  });
});

describe.skipIf(!HAVE_SHARED)(`what the corpus dumps we may not copy hold: ${NEEDS_SHARED}`, () => {
  const load = (f: string): Profile => parseDump(readFileSync(`${SHARED_DUMPS}${f}`));
  const byId = (p: Profile, id: number) => p.goroutines.find((g) => g.id === id)!;

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

  it('real Windows paths with a space; [sync.Mutex.Lock]', () => {
    const p = load(KVSTORE);
    expect(byId(p, 109).frames[0]).toEqual({ func: 'runtime/pprof.writeGoroutineStacks', file: 'C:/Program Files/Go/src/runtime/pprof/pprof.go', line: 756 });
    expect(p.goroutines.some((g) => g.state === 'sync.Mutex.Lock')).toBe(true);
  });

  it('non-ASCII paths with spaces in debug=1', () => {
    const p = load('go125-debug1-concatenated-cyrillic-paths-go2.txt');
    expect(p.goroutines[0].frames.at(-1)).toEqual({ func: 'main.main.func1', file: '/home/andrey/Рабочий стол/GolandProjects/awesomeProject/Step_10_race_detector/Дамп горутин.go', line: 23 });
  });
});
