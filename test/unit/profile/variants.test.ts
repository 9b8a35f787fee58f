// Every traceback and debug=1 variant, on small synthetic dumps.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDump, ProfileError } from '../../../src/profile/index.js';
import type { Profile } from '../../../src/profile/index.js';

/** Lines joined with \n; a tab is written as \t in the source. */
const dump = (...lines: string[]): string => lines.join('\n') + '\n';
const messages = (p: Profile): string => p.warnings.map((w) => `${w.line}: ${w.message}`).join('\n');

const WORKER = [
  'goroutine 7 [chan receive, 15 minutes]:',
  'main.worker(0xc000012345, {0x1, 0x2}, ...)',
  '\t/src/app/worker.go:42 +0x1d',
  'created by main.main in goroutine 1',
  '\t/src/app/main.go:10 +0x5e',
];

describe('tracebacks (debug=2, runtime.Stack, panics)', () => {
  it('reads a goroutine: id, state, minutes, frames, creator', () => {
    const p = parseDump(dump(...WORKER));
    expect(p).toMatchObject({ format: 'debug2', total: 1, warnings: [], takenAt: null });
    expect(p.goroutines[0]).toEqual({
      id: 7,
      count: 1,
      state: 'chan receive',
      waitMinutes: 15,
      lockedToThread: false,
      leaked: false,
      frames: [{ func: 'main.worker', file: '/src/app/worker.go', line: 42 }],
      createdBy: { func: 'main.main', file: '/src/app/main.go', line: 10, goroutineId: 1 },
      labels: null,
      framesElided: false,
    });
  });

  it('old `created by X` without a goroutine id', () => {
    const p = parseDump(dump('goroutine 7 [select]:', 'main.f()', '\t/a.go:1 +0x1', 'created by main.main', '\t/a.go:9 +0x2'));
    expect(p.goroutines[0].createdBy).toEqual({ func: 'main.main', file: '/a.go', line: 9, goroutineId: null });
  });

  it('function lines: (...), {…} args, generics, methods, closures, -fm', () => {
    const p = parseDump(
      dump(
        'goroutine 1 [running]:',
        'main.a(...)',
        '\t/a.go:1',
        'main.b({0x1, 0x2}, {0xc0000a, {0x3, 0x4}}, 0x0?)',
        '\t/a.go:2 +0x10',
        'example.com/x.Map[...](0x1, 0x2)',
        '\t/x.go:3 +0x10',
        'example.com/x.(*Set[...]).Add(0xc0001)',
        '\t/x.go:4 +0x10',
        'main.main.func1.2()',
        '\t/a.go:5 +0x10',
        'gvisor.dev/safemem.(Writer).WriteFromBlocks-fm(0x7fe2a3453200, 0x1, 0x0, 0x61, ...)',
        '\t/w.go:6 +0x57',
        'panic({0x12081c0, 0x1290cd0})',
        '\t/usr/local/go/src/runtime/panic.go:969 +0x1b9',
        'runtime.goexit({})',
        '\t/usr/local/go/src/runtime/asm_amd64.s:1700 +0x1',
      ),
    );
    expect(p.goroutines[0].frames.map((f) => `${f.func} ${f.file}:${f.line}`)).toEqual([
      'main.a /a.go:1',
      'main.b /a.go:2',
      'example.com/x.Map[...] /x.go:3',
      'example.com/x.(*Set[...]).Add /x.go:4',
      'main.main.func1.2 /a.go:5',
      'gvisor.dev/safemem.(Writer).WriteFromBlocks-fm /w.go:6',
      'panic /usr/local/go/src/runtime/panic.go:969',
      'runtime.goexit /usr/local/go/src/runtime/asm_amd64.s:1700',
    ]);
    expect(p.warnings).toEqual([]);
  });

  it.each([
    ['tab', '\t'],
    ['one space', ' '],
    ['two spaces', '  '],
    ['no indent (Go 1.10 crash output)', ''],
    ['em space', '\u2003'],
  ])('file lines indented with %s', (_, indent) => {
    const p = parseDump(dump('goroutine 3 [running]:', 'main.f(0x1)', `${indent}/a/b.go:12 +0x3 fp=0xc0 sp=0xc8 pc=0x40`, 'main.main()', `${indent}/a/m.go:3`));
    expect(p.goroutines[0].frames).toEqual([
      { func: 'main.f', file: '/a/b.go', line: 12 },
      { func: 'main.main', file: '/a/m.go', line: 3 },
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('a dump indented as a whole (pasted from a chat or a code block)', () => {
    const p = parseDump(dump('    goroutine 3 [select]:', '    main.f(0x1)', '    \t/a/b.go:12 +0x3', '', '    goroutine 4 [select]:', '    main.f(0x1)', '    \t/a/b.go:12 +0x3'));
    expect(p.total).toBe(2);
    expect(p.goroutines[1].frames).toEqual([{ func: 'main.f', file: '/a/b.go', line: 12 }]);
  });

  it('Windows and Bazel paths', () => {
    const p = parseDump(
      dump(
        'goroutine 1 [syscall]:',
        'syscall.Syscall6(0x1)',
        '\tC:/Program Files/Go/src/runtime/syscall_windows.go:463 +0x38',
        'main.f()',
        '\tC:/Users/x/go/src/app/main.go:7 +0x1',
        'main.g()',
        '\tc:\\work\\app\\g.go:8',
        'runtime.goexit()',
        '\tbazel-out/k8-fastbuild/bin/external/io_bazel_rules_go/stdlib~/src/runtime/asm_amd64.s:2361 +0x1 fp=0xc4 sp=0xc4 pc=0x45',
      ),
    );
    expect(p.goroutines[0].frames.map((f) => [f.file, f.line])).toEqual([
      ['C:/Program Files/Go/src/runtime/syscall_windows.go', 463],
      ['C:/Users/x/go/src/app/main.go', 7],
      ['c:\\work\\app\\g.go', 8],
      ['bazel-out/k8-fastbuild/bin/external/io_bazel_rules_go/stdlib~/src/runtime/asm_amd64.s', 2361],
    ]);
  });

  it('both elision styles', () => {
    const p = parseDump(
      dump(
        'goroutine 1 [running]:',
        'main.r()',
        '\t/a.go:5 +0x1',
        '...additional frames elided...',
        'created by main.main',
        '\t/a.go:9 +0x1',
        '',
        'goroutine 2 [running]:',
        'main.r()',
        '\t/a.go:5 +0x1',
        '...864 frames elided...',
        'main.r()',
        '\t/a.go:5 +0x1',
        'main.main()',
        '\t/a.go:9 +0x1',
      ),
    );
    expect(p.goroutines.map((g) => [g.framesElided, g.frames.length, g.createdBy?.func ?? null])).toEqual([
      [true, 1, 'main.main'],
      [true, 3, null],
    ]);
  });

  it('[originating from goroutine N] ancestors are not goroutines and do not add frames', () => {
    const p = parseDump(
      dump(
        ...WORKER,
        '[originating from goroutine 1]:',
        'main.main(...)',
        '\t/src/app/main.go:11 +0x5e',
        'created by main.init',
        '\t/src/app/main.go:3 +0x1',
        '[originating from goroutine 0]:',
        'main.init(...)',
        '\t/src/app/main.go:4 +0x1',
        '',
        'goroutine 8 [select]:',
        'main.g()',
        '\t/src/app/g.go:1 +0x1',
      ),
    );
    expect(p.total).toBe(2);
    expect(p.goroutines[0].frames).toHaveLength(1);
    expect(p.goroutines[0].createdBy?.func).toBe('main.main');
  });

  it('panic and fatal error text before the first header; `runtime stack:` skipped', () => {
    const p = parseDump(
      dump(
        'panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x40 pc=0x811ac1]',
        '',
        'runtime: goroutine stack exceeds 1000000000-byte limit',
        'fatal error: stack overflow',
        '',
        'runtime stack:',
        'runtime.throw({0x4c7520?, 0x200000008?})',
        '\truntime/panic.go:1101 +0x48 fp=0x7ffc sp=0x7ffc pc=0x468ae8',
        '',
        'goroutine 1 [running]:',
        'main.f()',
        '\t/a.go:1 +0x1',
      ),
    );
    expect(p.total).toBe(1);
    expect(p.goroutines[0].frames.map((f) => f.func)).toEqual(['main.f']);
    expect(p.warnings).toEqual([]);
  });

  it('SIGQUIT dumps: goroutine 0 [idle], register block and exit status skipped', () => {
    const p = parseDump(
      dump(
        'SIGQUIT: quit',
        'PC=0x46d741 m=0 sigcode=0',
        '',
        'goroutine 0 [idle]:',
        'runtime.futex(0x5a5b30, 0x80, 0x0, 0x0, 0x0, 0x0)',
        '\t/usr/lib/go/src/runtime/sys_linux_amd64.s:553 +0x21',
        '',
        'goroutine 1 [chan receive, 3 minutes]:',
        'main.main()',
        '\t/a.go:9 +0x1',
        '',
        'rax    0xca',
        'rbx    0x0',
        'rip    0x46d741',
        'rflags 0x286',
        'cs     0x33',
        'exit status 2',
      ),
    );
    expect(p.goroutines.map((g) => [g.id, g.state, g.waitMinutes])).toEqual([
      [0, 'idle', 0],
      [1, 'chan receive', 3],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('CRLF line endings and a BOM', () => {
    const p = parseDump('\uFEFF' + dump(...WORKER).replace(/\n/g, '\r\n'));
    expect(p.goroutines[0].frames[0]).toEqual({ func: 'main.worker', file: '/src/app/worker.go', line: 42 });
    expect(p.goroutines[0].createdBy?.line).toBe(10);
  });

  it('a header glued to the text before it', () => {
    const p = parseDump(dump('1m10s has passed, dumping all stacksgoroutine 1 [running]:', 'main.main()', '\t/a.go:26 +0x228'));
    expect(p.total).toBe(1);
    expect(messages(p)).toMatch(/^1: goroutine header glued/);
  });

  it('labels in headers (Go 1.27 forms)', () => {
    const p = parseDump(dump('goroutine 1 [running]{k: "v"}:', 'main.f()', '\t/a.go:1', '', 'goroutine 2 [select, 2 minutes labels:{"tenant": "acme"}]:', 'main.f()', '\t/a.go:1'));
    expect(p.goroutines.map((g) => g.labels)).toEqual([{ k: 'v' }, { tenant: 'acme' }]);
  });

  it('duplicated ids: total counts distinct ids, one record per goroutine (the last trace)', () => {
    const p = parseDump(
      dump(
        'goroutine 5 [running]:',
        '\tgoroutine running on other thread; stack unavailable',
        '',
        'goroutine 6 [chan send]:',
        'main.s()',
        '\t/a.go:3 +0x1',
        '',
        'goroutine 6 [chan send, 2 minutes]:',
        'main.s()',
        '\t/a.go:3 +0x1',
        '',
        'goroutine 5 [running]:',
        'main.r()',
        '\t/a.go:1 +0x1',
      ),
    );
    expect(p.total).toBe(2);
    expect(p.goroutines.map((g) => [g.id, g.waitMinutes, g.frames[0].func])).toEqual([
      [6, 2, 'main.s'],
      [5, 0, 'main.r'],
    ]);
    expect(messages(p)).toMatch(/ids repeat \(5, 6\): 4 headers, 2 distinct/);
  });

  it('many repeats of the same dump stay linear; huge ids are counted too', () => {
    const one = dump('goroutine 7 [select]:', 'main.f()', '\t/a.go:1 +0x1', '', 'goroutine 9 [select]:', 'main.f()', '\t/a.go:1 +0x1', '');
    const p = parseDump(one.repeat(30_000));
    expect(p.total).toBe(2);
    expect(p.goroutines.map((g) => g.id)).toEqual([7, 9]);
    expect(messages(p)).toMatch(/ids repeat \(7, 9\): 60000 headers, 2 distinct/);
    const big = parseDump(one.replace('goroutine 9 ', 'goroutine 9007199254740 ').repeat(2));
    expect(big.total).toBe(2);
    expect(big.goroutines.map((g) => g.id)).toEqual([7, 9007199254740]);
  });

  it('a `stack unavailable` goroutine never printed again is kept without frames', () => {
    const p = parseDump(dump('goroutine 5 [running]:', '\tgoroutine running on other thread; stack unavailable'));
    expect(p.goroutines).toMatchObject([{ id: 5, state: 'running', frames: [] }]);
    expect(messages(p)).toMatch(/^1: goroutine 5: stack unavailable/);
  });

  it('goroutineleak: (leaked) in tracebacks', () => {
    const p = parseDump(dump('goroutine 9 [chan send (leaked)]:', 'main.s()', '\t/a.go:3 +0x1', '', 'goroutine 10 [chan receive (leaked), 12 minutes]:', 'main.r()', '\t/a.go:4 +0x1'));
    expect(p.format).toBe('goroutineleak');
    expect(p.goroutines.map((g) => [g.state, g.leaked, g.waitMinutes])).toEqual([
      ['chan send', true, 0],
      ['chan receive', true, 12],
    ]);
  });

  it('warns, with line numbers, about a function without file line and a file line without function', () => {
    const p = parseDump(dump('goroutine 1 [running]:', 'main.f()', 'main.g()', '\t/a.go:2 +0x1', '\t/a.go:3 +0x1', '', 'goroutine 2 [running]:'));
    expect(p.goroutines[0].frames).toEqual([
      { func: 'main.f', file: '', line: 0 },
      { func: 'main.g', file: '/a.go', line: 2 },
    ]);
    expect(messages(p)).toBe(['2: no file:line after "main.f"', '5: file line without a function line: "/a.go:3 +0x1"', '7: goroutine 2 has no stack frames'].join('\n'));
  });

  it('text after the last frame (sanitizer report, exit status) ends the goroutine quietly', () => {
    const p = parseDump(dump('goroutine 17 [running]:', 'main.f(...)', ' ./main.go:21', 'AddressSanitizer:DEADLYSIGNAL', 'SUMMARY: AddressSanitizer: ABRT (/x/fuzz+0x5b2061)', 'exit status 2'));
    expect(p.goroutines[0].frames).toEqual([{ func: 'main.f', file: './main.go', line: 21 }]);
    expect(p.warnings).toEqual([]);
  });

  it('text with no dump in it: an empty profile and a warning, not an error', () => {
    const p = parseDump('hello\nthis is not a goroutine dump\n');
    expect(p).toMatchObject({ total: 0, goroutines: [] });
    expect(messages(p)).toMatch(/no goroutine found/);
  });

  it('a line over a megabyte is cut, with a warning, and parsing goes on', () => {
    const p = parseDump(`${'x'.repeat(3 << 20)}\n${dump(...WORKER)}`);
    expect(p.total).toBe(1);
    const q = parseDump(Buffer.from(`${'x'.repeat(3 << 20)}\n${dump(...WORKER)}`));
    expect(q.total).toBe(1);
  });
});

describe('debug=1', () => {
  const D1 = dump(
    'goroutine profile: total 5',
    '3 @ 0x43b256 0x407e5b 0x67133b 0x46b181',
    '# labels: {"tenant":"acme"}',
    '#\t0x67133a\tmain.leakyReceiver+0x1a\t/tmp/main.go:17',
    '#\t0x67133b\tmain.run[...]+0x1b\t\t\tC:/Users/x/main.go:30',
    '',
    '2 @ 0x43b256 0x44b01c',
    '#\t0x44b01b\ttime.Sleep+0x12\t/usr/lib/go/src/runtime/time.go:195',
    '',
  );

  it('records with counts, frames and labels', () => {
    const p = parseDump(D1);
    expect(p).toMatchObject({ format: 'debug1', total: 5, warnings: [] });
    expect(p.goroutines[0]).toEqual({
      id: null,
      count: 3,
      state: '',
      waitMinutes: 0,
      lockedToThread: false,
      leaked: false,
      frames: [
        { func: 'main.leakyReceiver', file: '/tmp/main.go', line: 17 },
        { func: 'main.run[...]', file: 'C:/Users/x/main.go', line: 30 },
      ],
      createdBy: null,
      labels: { tenant: 'acme' },
      framesElided: false,
    });
    expect(p.goroutines[1]).toMatchObject({ count: 2, labels: null, frames: [{ func: 'time.Sleep', line: 195 }] });
  });

  it('several profiles back to back: all records kept, total is the sum, with a warning', () => {
    const p = parseDump(D1 + D1 + D1);
    expect(p.total).toBe(15);
    expect(p.goroutines).toHaveLength(6);
    expect(messages(p)).toMatch(/3 debug=1 profiles back to back; total 15/);
    const merged = parseDump(D1 + D1 + D1, { merge: true });
    expect(merged.goroutines.map((g) => g.count)).toEqual([9, 6]);
  });

  it('without the total line: the records add up; a header that disagrees is warned about', () => {
    expect(parseDump(D1.split('\n').slice(1).join('\n')).total).toBe(5);
    const p = parseDump(D1.replace('total 5', 'total 6'));
    expect(p.total).toBe(6);
    expect(messages(p)).toMatch(/says 6 goroutines but its records add up to 5/);
  });

  it('goroutineleak profile in debug=1 form', () => {
    const p = parseDump(D1.replace('goroutine profile', 'goroutineleak profile'));
    expect(p.format).toBe('goroutineleak');
    expect(p.goroutines.every((g) => g.leaked)).toBe(true);
  });

  it('a symbol-less frame keeps its pc as the function', () => {
    const p = parseDump(dump('goroutine profile: total 1', '1 @ 0x467ba1', '#\t0x467ba1', ''));
    expect(p.goroutines[0].frames).toEqual([{ func: '0x467ba1', file: '', line: 0 }]);
  });
});

describe('merging (the default for streams)', () => {
  const g = (id: number, state: string, created = 'main.go:10', fn = 'main.worker') =>
    ['', `goroutine ${id} [${state}]:`, `${fn}(0x${id.toString(16)})`, '\t/src/app/worker.go:42 +0x1d', 'created by main.main in goroutine 1', `\t/src/app/${created} +0x5e`];

  it('same state, frames and creator: one record with the count, the longest wait and no id', () => {
    const p = parseDump(dump(...g(1, 'chan receive, 3 minutes'), ...g(2, 'chan receive, 15 minutes'), ...g(3, 'chan receive')), { merge: true });
    expect(p.total).toBe(3);
    expect(p.goroutines).toHaveLength(1);
    expect(p.goroutines[0]).toMatchObject({ id: null, count: 3, state: 'chan receive', waitMinutes: 15, createdBy: { goroutineId: 1 } });
  });

  it('a different state, creator line, flag or label keeps records apart', () => {
    const p = parseDump(
      dump(
        ...g(1, 'chan receive'),
        ...g(2, 'chan send'),
        ...g(3, 'chan receive', 'main.go:11'),
        ...g(4, 'chan receive, locked to thread'),
        ...g(5, 'chan receive labels:{"a": "b"}'),
        ...g(6, 'chan receive', 'main.go:10', 'main.other'),
        ...g(7, 'chan receive'),
      ),
      { merge: true },
    );
    expect(p.goroutines.map((x) => [x.id, x.count])).toEqual([
      [null, 2],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
  });

  it('exactWaits: merged records keep exact wait minutes (how many goroutines are how old)', () => {
    const p = parseDump(dump(...g(1, 'chan receive, 3 minutes'), ...g(2, 'chan receive, 15 minutes'), ...g(3, 'chan receive, 3 minutes'), ...g(4, 'chan receive')), {
      merge: true,
      exactWaits: true,
    });
    expect(p.goroutines.map((x) => [x.count, x.waitMinutes])).toEqual([
      [2, 3],
      [1, 15],
      [1, 0],
    ]);
  });

  it('one record per goroutine shares frozen frames and creators between equal stacks', () => {
    const p = parseDump(dump(...g(1, 'select'), ...g(2, 'select')));
    expect(p.goroutines[0].frames).toBe(p.goroutines[1].frames);
    expect(p.goroutines[0].createdBy).toBe(p.goroutines[1].createdBy);
    expect(Object.isFrozen(p.goroutines[0].frames) && Object.isFrozen(p.goroutines[0].createdBy)).toBe(true);
  });

  it('frames are interned: equal frames are the same object', () => {
    const p = parseDump(dump(...g(1, 'select'), ...g(2, 'select')));
    expect(p.goroutines[0].frames[0]).toBe(p.goroutines[1].frames[0]);
    expect(Object.isFrozen(p.goroutines[0].frames[0])).toBe(true);
  });
});

describe('input that is not a dump: one clear ProfileError', () => {
  it.each([
    ['empty string', ''],
    ['whitespace', ' \n\t\r\n'],
    ['empty buffer', Buffer.alloc(0)],
  ])('%s', (_, input) => {
    expect(() => parseDump(input)).toThrow(ProfileError);
    expect(() => parseDump(input, { source: 'x.txt' })).toThrow(/^x\.txt: empty input, not a goroutine dump; fetch \/debug\/pprof\/goroutine\?debug=2 instead$/);
  });

  it('binary noise', () => {
    const noise = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    expect(() => parseDump(noise)).toThrow(new ProfileError('binary data that is neither gzip nor a pprof profile'));
  });

  it('a truncated gzip stream', () => {
    const gz = gzipSync(dump(...WORKER));
    expect(() => parseDump(gz.subarray(0, gz.length - 10))).toThrow(/^truncated gzip stream \(unexpected end of file\); fetch the profile again$/);
  });

  it('gzip of text is fine; gzip of nothing is empty', () => {
    expect(parseDump(gzipSync(dump(...WORKER))).total).toBe(1);
    expect(() => parseDump(gzipSync(''))).toThrow(/empty input/);
  });
});
