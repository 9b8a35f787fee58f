// The fast lane (WebAssembly) on wide tries and on one function seen at several lines; when it
// cannot run (its memory cannot grow) the text machine reads every line the long way and gives
// the same answer. (Without WebAssembly at all: lane-absent.test.ts.)
import { describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TextMachine } from '../../../src/profile/text-machine.js';

const goroutine = (id: number, fn: string, line: number) =>
  `goroutine ${id} [chan receive]:\n${fn}(0x${id.toString(16)})\n\t/src/${fn}.go:${line} +0x1d\ncreated by main.main in goroutine 1\n\t/app/main.go:9 +0x25\n`;

/** 200 sites with long names (more than the lane's first 64 KB of trie), each seen 10 times. */
const pkg = `example.com/${'long/'.repeat(60)}pkg`;
const DUMP = Array.from({ length: 2000 }, (_, i) => goroutine(10 + i, `${pkg}.site${i % 200}`, 10 + (i % 200))).join('\n');

function parse(viaBytes: boolean, dump: string = DUMP) {
  const m = new TextMachine({ merge: true, exactWaits: true });
  let slow = 0;
  const write = m.write.bind(m);
  m.write = (s: string) => {
    slow += s.length;
    write(s);
  };
  if (viaBytes) m.writeAscii(Buffer.from(dump, 'latin1'));
  else m.write(dump);
  return { p: m.end(), slow };
}

describe('fast lane', () => {
  it('takes the lane under a node with many children', () => {
    const { p, slow } = parse(true);
    expect(p).toEqual(parse(false).p);
    expect(p.total).toBe(2000);
    expect(p.goroutines).toHaveLength(200);
    expect(slow).toBeLessThan(DUMP.length * 0.15); // the first goroutine of each site
  });

  it('takes the lane for a function parked at several lines', () => {
    const dump = Array.from({ length: 300 }, (_, i) => goroutine(10 + i, 'main.recv', 30 + (i % 3))).join('\n');
    const { p, slow } = parse(true, dump);
    expect(p).toEqual(parse(false, dump).p);
    expect(p.goroutines.map((g) => g.count)).toEqual([100, 100, 100]);
    expect(slow).toBeLessThan(dump.length * 0.05);
  });

  it('goes the long way, with the same result, when the lane memory cannot grow', () => {
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const { p, slow } = parse(true);
      expect(grow).toHaveBeenCalled();
      expect(p).toEqual(parse(false).p);
      expect(slow).toBeGreaterThan(DUMP.length * 0.5);
    } finally {
      grow.mockRestore();
    }
  });

  it('the committed matcher is what lane.as.ts compiles to', () => {
    const script = fileURLToPath(new URL('../../../scripts/build-lane.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
