// debug=1 records read before (src/profile/record-blocks.ts): a record whose addresses and lines
// were read by an earlier parse is taken whole, with the very result of reading it line by line.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/profile/index.js';
import { TextMachine } from '../../../src/profile/text-machine.js';
import type { Profile } from '../../../src/profile/index.js';
import { frameTableForParse } from '../../../src/profile/frames.js';

const dumps = path.resolve(import.meta.dirname, '../../fixtures/dumps');
const opts = { merge: true, exactWaits: true };

/** Read line by line, each line a piece of its own: no record block is ever kept or taken. */
function lineByLine(text: string): Profile {
  const m = new TextMachine(opts);
  for (const l of text.split(/(?<=\n)/)) m.write(l);
  return m.end();
}

describe('debug=1 record blocks', () => {
  const files = readdirSync(dumps).filter((f) => /debug1.*\.txt$/.test(f));

  it.each(files)('%s: the same profile read the first time, again, and line by line', (f) => {
    const text = readFileSync(path.join(dumps, f), 'utf8');
    const first = parseDump(Buffer.from(text), opts);
    const again = parseDump(Buffer.from(text), opts);
    expect(again).toEqual(first);
    expect(lineByLine(text)).toEqual(first);
    // other counts, and with \r\n: the records' lines are the same, so they are taken again
    const recounted = text.replace(/^(\d+) @/gm, (_, n: string) => `${Number(n) + 3} @`);
    expect(parseDump(Buffer.from(recounted), opts)).toEqual(lineByLine(recounted));
    const crlf = text.replace(/\n/g, '\r\n');
    expect(parseDump(Buffer.from(crlf), opts)).toEqual(lineByLine(crlf));
  });

  it('the same addresses with other lines (another binary) are read as they are', () => {
    const dump = (fn: string, label: string, extra = '') =>
      `goroutine profile: total 5\n5 @ 0x1001 0x1002 0x1003\n# labels: {"k":"${label}"}\n#\t0x1001\t${fn}+0x1\t/src/a.go:1\n#\t0x1002\tmain.main+0x2\t/src/m.go:2\n${extra}\n`;
    const a = parseDump(dump('main.alpha', 'x'), opts);
    expect(a.goroutines[0].frames.map((f) => f.func)).toEqual(['main.alpha', 'main.main']);
    const b = parseDump(Buffer.from(dump('main.beta', 'y')), opts);
    expect(b.goroutines[0].frames.map((f) => f.func)).toEqual(['main.beta', 'main.main']);
    expect(b.goroutines[0].labels).toEqual({ k: 'y' });
    // the known lines, then one more: taken, then the extra line read
    const c = parseDump(Buffer.from(dump('main.beta', 'y', '#\t0x1003\tmain.gamma+0x3\t/src/g.go:3\n')), opts);
    expect(c.goroutines[0].frames.map((f) => f.func)).toEqual(['main.beta', 'main.main', 'main.gamma']);
    expect(c).toEqual(lineByLine(dump('main.beta', 'y', '#\t0x1003\tmain.gamma+0x3\t/src/g.go:3\n')));
    // equal records of the thread's parses share one frames array (types.ts: never modified),
    // as a traceback's goroutines do: the analysis keys its per-stack work on it
    const again = parseDump(Buffer.from(dump('main.beta', 'y')), opts);
    expect(again.goroutines[0].frames).toBe(b.goroutines[0].frames);
    expect(again.goroutines[0].frames.map((f) => f.func)).toEqual(['main.beta', 'main.main']);
  });

  it('takes whole both records after the same addresses, one with labels and one without', () => {
    const rec = (n: number, labels: string) => `${n} @ 0x2001 0x2002\n${labels}#\t0x2001\tmain.shared+0x1\t/src/s.go:1\n`;
    const text = `goroutine profile: total 9\n${rec(7, '')}\n${rec(2, '# labels: {"job":"a"}\n')}\n`;
    parseDump(Buffer.from(text), opts); // keeps both blocks
    const table = frameTableForParse();
    const kept = table.recordBlocks.get(' 0x2001 0x2002');
    expect([kept?.text, kept?.other?.text]).toEqual([rec(2, '# labels: {"job":"a"}\n').replace(/^.*\n/, ''), rec(7, '').replace(/^.*\n/, '')]);
    expect(parseDump(Buffer.from(text), opts)).toEqual(lineByLine(text));
    // both taken whole the next time: a block's frames (poisoned here) are what the record gets
    const taken = Object.freeze({ func: 'taken', file: 'x.go', line: 1 });
    for (let b = kept ?? null; b !== null; b = b.other) (b as { frames: unknown[] }).frames = [taken];
    expect(parseDump(Buffer.from(text), opts).goroutines.map((g) => g.frames[0].func)).toEqual(['taken', 'taken']);
    for (let b = kept ?? null; b !== null; b = b.other) table.recordBlockChars -= b.text.length;
    table.recordBlocks.delete(' 0x2001 0x2002');
  });

  it('holds a bounded amount of text, however many long distinct records a fleet sends', () => {
    // 1,200 records of ~12 KB each (14 MB of block text), all distinct addresses
    const pad = 'x'.repeat(120);
    const rec = (i: number) => `1 @ 0x${(0x100000 + i).toString(16)}\n${Array.from({ length: 90 }, (_, k) => `#\t0x${(0x100000 + i).toString(16)}\tmain.f${k}${pad}+0x1\t/src/f.go:${k + 1}\n`).join('')}\n`;
    const text = `goroutine profile: total 1200\n${Array.from({ length: 1200 }, (_, i) => rec(i)).join('')}`;
    const p = parseDump(Buffer.from(text), opts);
    expect(p.goroutines.length).toBeGreaterThan(0);
    const table = frameTableForParse();
    expect(table.recordBlockChars).toBeLessThanOrEqual(8 * 1024 * 1024);
    let chars = 0;
    for (const first of table.recordBlocks.values()) for (let b: typeof first | null = first; b !== null; b = b.other) chars += b.text.length;
    expect(table.recordBlockChars).toBe(chars);
  });
});

