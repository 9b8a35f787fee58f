// Property-based: whatever comes in, parseDump returns a Profile or throws a ProfileError, and
// streaming in random chunks agrees with parsing in memory.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpStream, ProfileError } from '../../../src/profile/index.js';
import type { Profile } from '../../../src/profile/index.js';
import { MAX_WARNINGS } from '../../../src/profile/warnings.js';
import { FIXTURE_DUMPS as FIX, HAVE_SHARED, NEEDS_SHARED, NOT_COPIED_FILES, SHARED_DUMPS, fixtureTextFiles, sayIfSkipped } from '../helpers/dumps.js';

sayIfSkipped(`property.test: damaging the ${NOT_COPIED_FILES.length} corpus dumps not copied to test/fixtures/dumps`);

const fixtureTexts = fixtureTextFiles().map((f) => readFileSync(`${FIX}${f}`, 'utf8'));
/** Read only when the shared corpus is there (the suite that uses them is skipped otherwise). */
const sharedTexts = (): string[] => NOT_COPIED_FILES.map((f) => readFileSync(`${SHARED_DUMPS}${f}`, 'utf8'));

/** parseDump's promise: a well-formed Profile, or a ProfileError; nothing else. */
function check(input: string | Uint8Array): Profile | null {
  let p: Profile;
  try {
    p = parseDump(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as Error).message).not.toMatch(/\n/);
    return null;
  }
  expect(['debug1', 'debug2', 'pprof', 'goroutineleak']).toContain(p.format);
  expect(Number.isSafeInteger(p.total) && p.total >= 0).toBe(true);
  expect(p.warnings.length).toBeLessThanOrEqual(MAX_WARNINGS + 1);
  for (const w of p.warnings) expect(Number.isInteger(w.line) && w.line >= 0).toBe(true);
  for (const g of p.goroutines) {
    expect(g.count).toBeGreaterThan(0);
    expect(Array.isArray(g.frames)).toBe(true);
    for (const f of g.frames) expect(typeof f.func === 'string' && typeof f.file === 'string' && Number.isInteger(f.line)).toBe(true);
  }
  if (p.format === 'debug2' && !p.warnings.some((w) => /mixes/.test(w.message))) expect(p.goroutines.reduce((n, g) => n + g.count, 0)).toBe(p.total);
  JSON.stringify(p);
  return p;
}

/** Dump-shaped noise: fragments of real syntax, glued at random. */
const TOKENS = [
  'goroutine ', 'goroutine profile: total ', 'goroutineleak profile: total ', '1', '17', '9999999999', ' ', '\t', '  ', '\n', '\r\n', '\n\n',
  '[', ']', ':', '(', ')', '{', '}', '"', ',', ', ', '...', '(...)', '@', ' @ 0x43b256', '#', '#\t0x4321\t', '# labels: ',
  'running', 'chan receive', ', 15 minutes', ', locked to thread', ' (leaked)', ' (nil chan)', 'labels:', 'gp=0xc000 m=nil ',
  'main.f', 'main.(*T[...]).m', 'created by ', ' in goroutine ', '/src/a.go:', 'C:/Program Files/x.go:', ' +0x1d', ' fp=0x1 sp=0x2 pc=0x3',
  '...additional frames elided...', '...3 frames elided...', '[originating from goroutine 1]:', 'runtime stack:', 'rax    0x0',
  '\tgoroutine running on other thread; stack unavailable', 'panic: ', '\u2003', 'é', '\uFEFF', '\\x41', '\\',
];
const dumpish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }).map((t) => t.join(''));

/** One of `texts` with some damage: lines dropped, repeated, swapped, cut or replaced. */
const damagedFrom = (texts: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...texts),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'swap', 'cut', 'junk', 'unindent'), fc.string()), { maxLength: 12 }),
    )
    .map(([text, edits]) => {
      const lines = text.split('\n');
      for (const [n, op, junk] of edits) {
        const i = n % lines.length;
        if (op === 'drop') lines.splice(i, 1);
        else if (op === 'dup') lines.splice(i, 0, lines[i]);
        else if (op === 'swap' && i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
        else if (op === 'cut') lines[i] = lines[i].slice(0, junk.length);
        else if (op === 'junk') lines[i] = junk;
        else lines[i] = lines[i].trimStart();
        if (lines.length === 0) lines.push('');
      }
      return lines.join('\n');
    });
const damaged = damagedFrom(fixtureTexts);

/** `b` cut into chunks of `sizes` (cycled). */
const chunked = (b: Buffer, sizes: number[]) =>
  (async function* () {
    let i = 0;
    for (let off = 0; off < b.length; i++) {
      const n = Math.max(1, sizes[i % sizes.length]);
      yield b.subarray(off, off + n);
      off += n;
    }
  })();

/** Streaming `s` in chunks of `sizes` gives what parseDump gives, or the same error. */
const same = async (s: string, sizes: number[]): Promise<void> => {
  const b = Buffer.from(s);
  let want: Profile | Error;
  try {
    want = parseDump(b, { merge: true });
  } catch (err) {
    want = err as Error;
  }
  if (want instanceof Error) await expect(parseDumpStream(chunked(b, sizes))).rejects.toThrow(want.message);
  else expect(await parseDumpStream(chunked(b, sizes))).toEqual(want);
};

describe('never throws anything but ProfileError', () => {
  it('on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => void check(s)), { numRuns: 500 });
  });

  it('on any bytes, raw or gzipped', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (b, gz) => void check(gz ? gzipSync(b) : b)),
      { numRuns: 500 },
    );
  });

  it('on bytes that start like gzip or pprof', () => {
    const head = fc.constantFrom([0x1f, 0x8b], [0x1f, 0x8b, 0x08, 0x00], [0x0a, 0x04], [0x0a, 0x0e, 0x0a, 0x09]);
    fc.assert(fc.property(head, fc.uint8Array({ maxLength: 300 }), (h, b) => void check(Buffer.concat([Buffer.from(h), b]))), { numRuns: 500 });
  });

  it('on a real pprof profile with bytes flipped or cut', () => {
    const pb = readFileSync(`${FIX}go119-pprof-goroutine.pb.gz`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }), fc.nat(), (flips, cut) => {
        const b = Buffer.from(pb);
        for (const [i, v] of flips) b[i % b.length] = v;
        void check(b.subarray(0, cut % (b.length + 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('on dump-shaped noise', () => {
    fc.assert(fc.property(dumpish, (s) => void check(s)), { numRuns: 1000 });
  });

  it('on damaged dumps from test/fixtures/dumps', () => {
    fc.assert(fc.property(damaged, (s) => void check(s)), { numRuns: 300 });
  });
});

describe.skipIf(!HAVE_SHARED)(`the corpus dumps not copied to test/fixtures/dumps, damaged: ${NEEDS_SHARED}`, () => {
  it('never throw anything but ProfileError', () => {
    fc.assert(fc.property(damagedFrom(sharedTexts()), (s) => void check(s)), { numRuns: 150 });
  });

  it('stream in random chunks as parseDump parses them', async () => {
    await fc.assert(fc.asyncProperty(damagedFrom(sharedTexts()), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }), same), { numRuns: 75 });
  });
});

describe('streaming agrees with parseDump', () => {
  it('for damaged dumps from test/fixtures/dumps in random chunks', async () => {
    await fc.assert(fc.asyncProperty(damaged, fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }), same), { numRuns: 150 });
  });

  it('for dump-shaped noise in random chunks', async () => {
    await fc.assert(fc.asyncProperty(dumpish, fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), same), { numRuns: 300 });
  });
});

describe('the stack trie agrees with a naive reading', () => {
  // Well-formed dumps from a small vocabulary, so stacks repeat, share prefixes, differ in one
  // line number, and some trie nodes grow wide (more than 12 children).
  const FUNCS = Array.from({ length: 30 }, (_, i) => (i % 7 === 0 ? `example.com/p${i}.(*T).m${i}` : `main.f${i}`));
  const frame = fc.record({ f: fc.integer({ min: 0, max: 29 }), line: fc.integer({ min: 1, max: 3 }), args: fc.constantFrom('0x1', '...', '{0x1, 0x2}', '0xc000012345?, 0x0') });
  const goroutine = fc.record({
    state: fc.constantFrom('chan receive', 'select', 'IO wait', 'semacquire'),
    minutes: fc.constantFrom(0, 0, 1, 15),
    frames: fc.array(frame, { minLength: 1, maxLength: 4 }),
    creator: fc.option(fc.record({ f: fc.integer({ min: 0, max: 29 }), line: fc.integer({ min: 1, max: 2 }), gid: fc.option(fc.integer({ min: 1, max: 3 })) })),
    indent: fc.constantFrom('\t', '\t', '  '),
    suffix: fc.constantFrom(' +0x1d', '', ' +0x2 fp=0xc0 sp=0xc8 pc=0x40'),
  });
  const file = (f: number): string => (f % 5 === 0 ? 'C:/Program Files/Go/src/x.go' : `/src/app/f${f % 3}.go`);

  it('frames, states, creators and counts', () => {
    fc.assert(
      fc.property(fc.array(goroutine, { minLength: 1, maxLength: 60 }), fc.boolean(), (gs, crlf) => {
        let text = '';
        gs.forEach((g, i) => {
          text += `goroutine ${i + 1} [${g.state}${g.minutes ? `, ${g.minutes} minutes` : ''}]:\n`;
          for (const fr of g.frames) text += `${FUNCS[fr.f]}(${fr.args})\n${g.indent}${file(fr.f)}:${fr.line}${g.suffix}\n`;
          if (g.creator) {
            text += `created by ${FUNCS[g.creator.f]}${g.creator.gid ? ` in goroutine ${g.creator.gid}` : ''}\n`;
            text += `${g.indent}${file(g.creator.f)}:${g.creator.line}${g.suffix}\n`;
          }
          text += '\n';
        });
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const p = parseDump(text);
        expect(p.warnings).toEqual([]);
        expect(p.total).toBe(gs.length);
        p.goroutines.forEach((r, i) => {
          const g = gs[i];
          expect(r.id).toBe(i + 1);
          expect([r.state, r.waitMinutes]).toEqual([g.state, g.minutes]);
          expect(r.frames).toEqual(g.frames.map((fr) => ({ func: FUNCS[fr.f], file: file(fr.f), line: fr.line })));
          expect(r.createdBy).toEqual(g.creator ? { func: FUNCS[g.creator.f], file: file(g.creator.f), line: g.creator.line, goroutineId: g.creator.gid } : null);
        });
        const merged = parseDump(text, { merge: true });
        expect(merged.goroutines.reduce((n, r) => n + r.count, 0)).toBe(gs.length);
      }),
      { numRuns: 300 },
    );
  });
});
