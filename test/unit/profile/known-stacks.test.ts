// The fast lane (known-stacks.ts, its WebAssembly matcher, TextMachine.writeAscii) must give
// exactly what reading the same text line by line gives: records, totals, warnings and their
// line numbers, whatever the input and wherever it is cut into pieces. And it must really be
// taken on big dumps.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextMachine } from '../../../src/profile/text-machine.js';
import type { Profile } from '../../../src/profile/index.js';
import { FIXTURE_DUMPS, HAVE_SHARED, NEEDS_SHARED, NOT_COPIED_FILES, SHARED_DUMPS, fixtureTextFiles, sayIfSkipped } from '../helpers/dumps.js';

sayIfSkipped(`known-stacks.test: the fast lane on the ${NOT_COPIED_FILES.length} corpus dumps not copied to test/fixtures/dumps`);

const dumps = fixtureTextFiles().map((f) => [f, readFileSync(`${FIXTURE_DUMPS}${f}`, 'latin1')] as const);

const OPTS = [
  { merge: false },
  { merge: true },
  { merge: true, exactWaits: true },
];

function viaText(text: string, opts: { merge: boolean; exactWaits?: boolean }): Profile {
  const m = new TextMachine(opts);
  m.write(text);
  return m.end();
}

/** Through writeAscii, cut at the given offsets; also counts the characters that took the long way. */
function viaBytes(text: string, opts: { merge: boolean; exactWaits?: boolean }, cuts: number[] = []): { p: Profile; slowChars: number } {
  const b = Buffer.from(text, 'latin1');
  const m = new TextMachine(opts);
  let slowChars = 0;
  const write = m.write.bind(m);
  m.write = (s: string) => {
    slowChars += s.length;
    write(s);
  };
  let from = 0;
  for (const c of [...cuts.filter((c) => c > 0 && c < b.length)].sort((x, y) => x - y).concat(b.length)) {
    m.writeAscii(b.subarray(from, c));
    from = c;
  }
  return { p: m.end(), slowChars };
}

const goroutine = (id: number, state: string, frames: [string, string][], creator?: [string, string, number?]) =>
  [
    `goroutine ${id} [${state}]:`,
    ...frames.flatMap(([fn, loc]) => [`${fn}(0x${(id * 7919).toString(16)}, 0x${id.toString(16)})`, `\t${loc} +0x1d`]),
    ...(creator ? [`created by ${creator[0]}${creator[2] !== undefined ? ` in goroutine ${creator[2]}` : ''}`, `\t${creator[1]} +0x2f3`] : []),
    '',
  ].join('\n');

/** A dump of many goroutines at a few sites, with the variants the fast lane handles and those it refuses. */
function bigDump(n: number): string {
  const parts: string[] = ['goroutine 1 [running]:\nmain.main()\n\t/app/main.go:10 +0x3db\n'];
  for (let i = 0; i < n; i++) {
    const id = 100 + i;
    switch (i % 9) {
      case 0:
        parts.push(goroutine(id, 'chan receive', [['main.recv', '/app/a.go:30'], ['main.top', '/app/a.go:36']], ['main.main', '/app/main.go:80']));
        break;
      case 1:
        parts.push(goroutine(id, `chan receive, ${i % 4} minutes`, [['main.recv', '/app/a.go:30'], ['main.top', '/app/a.go:36']], ['main.main', '/app/main.go:80', 1]));
        break;
      case 2:
        parts.push(goroutine(id, 'select, 1 minute, locked to thread', [['main.(*S).loop', '/app/s.go:12']], ['main.start', '/app/s.go:5']));
        break;
      case 3: // same function, another line: a second trie child
        parts.push(goroutine(id, 'chan receive', [['main.recv', '/app/a.go:31'], ['main.top', '/app/a.go:36']]));
        break;
      case 4: // CRLF: the long way
        parts.push(goroutine(id, 'IO wait', [['internal/poll.runtime_pollWait', '/go/src/runtime/netpoll.go:305']]).replace(/\n/g, '\r\n'));
        break;
      case 5: // a Go 1.22+ header with gp= m=: the long way
        parts.push(goroutine(id, 'select', [['main.(*S).loop', '/app/s.go:12']]).replace(`goroutine ${id} `, `goroutine ${id} gp=0xc000102380 m=nil `));
        break;
      case 6: // a file line without offset
        parts.push(`goroutine ${id} [sleep]:\ntime.Sleep(0x3b9aca00)\n\t/go/src/runtime/time.go:195\nmain.poll()\n\t/app/p.go:9 +0x25\n`);
        break;
      case 7: // a repeated id
        parts.push(goroutine(100, 'chan receive', [['main.recv', '/app/a.go:30'], ['main.top', '/app/a.go:36']], ['main.main', '/app/main.go:80']));
        break;
      default: // elided frames: the long way
        parts.push(`goroutine ${id} [semacquire]:\nsync.runtime_Semacquire(0xc0)\n\t/go/src/runtime/sema.go:62 +0x27\n...additional frames elided...\n`);
    }
  }
  return parts.join('\n');
}

const sameBothWays = (text: string): void => {
  for (const opts of OPTS) expect(viaBytes(text, opts).p).toEqual(viaText(text, opts));
};

describe.skipIf(!HAVE_SHARED)(`fast lane on the corpus dumps not copied to test/fixtures/dumps: ${NEEDS_SHARED}`, () => {
  it.each(NOT_COPIED_FILES)('gives what the text path gives on %s', (f) => sameBothWays(readFileSync(`${SHARED_DUMPS}${f}`, 'latin1')));
});

describe('fast lane', () => {
  it.each(dumps)('gives what the text path gives on %s', (_name, text) => sameBothWays(text));

  it('gives what the text path gives on a big dump of few sites, and reads most of it from bytes', () => {
    const text = bigDump(3000);
    for (const opts of OPTS) {
      const { p, slowChars } = viaBytes(text, opts);
      expect(p).toEqual(viaText(text, opts));
      // CRLF and elided goroutines (2 of 9) always take the long way; the rest mostly not
      expect(slowChars).toBeLessThan(text.length * 0.4);
    }
    const merged = viaBytes(text, { merge: true }).p;
    expect(merged.total).toBe(1 + 3000 - 333); // goroutine 1, 3000 headers, 333 of which repeat id 100
  });

  it('gives the same result wherever the input is cut into pieces', () => {
    const text = bigDump(200);
    const expected = viaText(text, { merge: true, exactWaits: true });
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 40 }), (cuts) => {
        expect(viaBytes(text, { merge: true, exactWaits: true }, cuts).p).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a goroutine that differs from a known one only near its end', () => {
    const a = goroutine(5, 'chan receive', [['main.recv', '/app/a.go:30'], ['main.top', '/app/a.go:36']], ['main.main', '/app/main.go:80']);
    const b = goroutine(6, 'chan receive', [['main.recv', '/app/a.go:30'], ['main.top', '/app/a.go:36']], ['main.main', '/app/main.go:81']);
    const c = goroutine(7, 'chan receive', [['main.recv', '/app/a.go:30'], ['main.top', '/app/a.go:360']], ['main.main', '/app/main.go:80']);
    const text = [a, b, c, a.replace('goroutine 5', 'goroutine 8')].join('\n');
    const p = viaBytes(text, { merge: true }).p;
    expect(p).toEqual(viaText(text, { merge: true }));
    expect(p.goroutines.map((g) => g.count)).toEqual([2, 1, 1]);
    expect(p.goroutines.map((g) => `${g.frames[1].line}/${g.createdBy?.line}`)).toEqual(['36/80', '36/81', '360/80']);
  });

  it('keeps line numbers of warnings after fast goroutines', () => {
    const a = goroutine(5, 'chan receive', [['main.recv', '/app/a.go:30']]);
    const text = `${[a, a.replace('goroutine 5', 'goroutine 6'), a.replace('goroutine 5', 'goroutine 7')].join('\n')}\ngoroutine 8 [select]:\nmain.f(0x1)\n\ngoroutine 9 [select]:\n`;
    const p = viaBytes(text, { merge: true }).p;
    expect(p).toEqual(viaText(text, { merge: true }));
    expect(p.warnings.map((w) => w.line)).toEqual([14, 16]); // main.f without file line; goroutine 9 without frames
  });
});
