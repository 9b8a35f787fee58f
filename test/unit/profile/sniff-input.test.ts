// What an input with no goroutine in it looks like (src/profile/sniff-input.ts), and the head of
// a stream kept on the way for it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/profile/index.js';
import { describeText, headText, HEAD_BYTES, keepHead, notGoroutines, NotGoroutinesError, requireGoroutines } from '../../../src/profile/sniff-input.js';
import { ProfileError } from '../../../src/profile/types.js';

const root = path.resolve(import.meta.dirname, '../../..');
const fixture = (dir: string, name: string) => readFileSync(path.join(root, 'test/fixtures', dir, name));

describe('describeText', () => {
  it.each([
    ['heap profile: 2: 512 [2: 512] @ heap/1048576\n1: 416 [1: 416] @ 0x441aa8\n', 'the text of a heap or allocs profile (/debug/pprof/heap?debug=1)'],
    ['\n\n--- contention:\ncycles/second=2096075984\n', 'the text of a block profile (/debug/pprof/block?debug=1)'],
    ['num_symbols: 1\n', 'the answer of /debug/pprof/symbol'],
    ['404 page not found\n', 'Go\'s "404 page not found" answer (a wrong URL path?)'],
    ['<html><body><pre>Bad Gateway</pre></body></html>', 'an HTML page'],
    ['{"cmdline": ["/app"], "memstats": {"Alloc": 1}}\n', 'JSON from /debug/vars (expvar)'],
    ['{"a": 1}\n', 'JSON (first line: "{\\"a\\": 1}")'],
    ['I0501 12:00:00.000000       1 main.go:10] started\nE0501 12:00:01.000000       1 main.go:20] failed\n', 'a log (first line: "I0501 12:00:00.000000       1 main.go:10] started")'],
    ['May  1 12:00:00 host app[1]: started\n', 'a log (first line: "May  1 12:00:00 host app[1]: started")'],
    ['time=2024-05-01T12:00:00Z level=info msg=started\n', 'a log (first line: "time=2024-05-01T12:00:00Z level=info msg=started")'],
    [`${'x'.repeat(100)}\n`, `text with no goroutine in it (first line: "${'x'.repeat(60)}…")`],
    [' \n\t\n', 'empty input'],
  ])('%j', (text, what) => {
    expect(describeText(text)).toBe(what);
  });
});

describe('notGoroutines', () => {
  it('null for a dump, also with junk around it', () => {
    const d2 = fixture('dumps', 'go119-debug2.txt');
    expect(notGoroutines(parseDump(d2), d2)).toBeNull();
    const junk = Buffer.concat([Buffer.from('heap profile: 2: 512 [2: 512] @ heap/1048576\n\n'), d2]);
    expect(notGoroutines(parseDump(junk), junk)).toBeNull(); // tracebacks: a goroutine dump with junk before it
  });

  it("a threadcreate profile's records are not goroutines", () => {
    const t = fixture('not-dumps', 'threadcreate-debug1.txt');
    const p = parseDump(t);
    expect(p.goroutines.length).toBeGreaterThan(0); // the parser reads them as debug=1 records
    expect(notGoroutines(p, t)).toBe('the text of a threadcreate profile (/debug/pprof/threadcreate?debug=1)');
  });

  it("reads a debug=1 head's first line as the text's, however it starts (bytes: its first line only)", () => {
    const t = fixture('not-dumps', 'threadcreate-debug1.txt');
    const what = 'the text of a threadcreate profile (/debug/pprof/threadcreate?debug=1)';
    const p = parseDump(t);
    const heads = [
      Buffer.concat([Buffer.from('\n \r\n'), t]), // blank lines first
      Buffer.concat([Buffer.from('\ufeff'), t]), // a BOM: not ASCII, the text's way
      Buffer.from(t.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'), // CRLF
      Buffer.concat([Buffer.from('  '), t]), // indented
      t.toString('latin1'), // text
    ];
    for (const head of heads) expect(notGoroutines(p, head)).toBe(what);
    const d1 = fixture('dumps', 'go119-debug1.txt');
    expect(notGoroutines(parseDump(d1), Buffer.concat([Buffer.from('x'.repeat(HEAD_BYTES)), Buffer.from('\n')]))).toBeNull(); // no newline in the head
  });

  it('looks at the head only when it has to', () => {
    const d1 = fixture('dumps', 'go119-debug2.txt');
    expect(notGoroutines(parseDump(d1), () => {
      throw new Error('not read');
    })).toBeNull();
  });

  it('requireGoroutines throws one ProfileError line naming the source', () => {
    const heap = fixture('not-dumps', 'heap-debug1.txt');
    let err: unknown;
    try {
      requireGoroutines(parseDump(heap), heap, 'h.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotGoroutinesError);
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as NotGoroutinesError).what).toBe('the text of a heap or allocs profile (/debug/pprof/heap?debug=1)');
    expect((err as Error).message).toBe('h.txt: the text of a heap or allocs profile (/debug/pprof/heap?debug=1), not a goroutine dump; fetch /debug/pprof/goroutine?debug=2 instead');
  });
});

describe('the head of an input', () => {
  it('gzip is opened as far as the head goes', () => {
    const big = `--- mutex:\n${'cycles/second=1\n'.repeat(5000)}`;
    const gz = gzipSync(big);
    expect(headText(gz.subarray(0, 200))).toMatch(/^--- mutex:\ncycles/);
    expect(headText(Buffer.from('\uFEFFnum_symbols: 1\n'))).toBe('num_symbols: 1\n');
  });

  it('keepHead passes every chunk through and keeps the first bytes', async () => {
    const data = Buffer.from('a'.repeat(3000) + 'b'.repeat(3000));
    const chunks = async function* () {
      for (let i = 0; i < data.length; i += 1000) yield data.subarray(i, i + 1000);
    };
    const kept = keepHead(chunks());
    const seen: Buffer[] = [];
    for await (const b of kept.stream) seen.push(b);
    expect(Buffer.concat(seen)).toEqual(data);
    expect(kept.head()).toEqual(data.subarray(0, HEAD_BYTES));
  });
});
