// The fast lane (WebAssembly) on wide tries and on one function seen at several lines.
// When it cannot run: lane-absent.test.ts (no WebAssembly), lane-memory.test.ts (no memory).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WIDE_DUMP, goroutine, parse } from '../helpers/lane.js';

describe('fast lane', () => {
  it('takes the lane under a node with many children', () => {
    const { p, slow } = parse(WIDE_DUMP, true);
    expect(p).toEqual(parse(WIDE_DUMP, false).p);
    expect(p.total).toBe(2000);
    expect(p.goroutines).toHaveLength(200);
    expect(slow).toBeLessThan(WIDE_DUMP.length * 0.25); // the first two goroutines of each site
  });

  it('takes the lane for a function parked at several lines', () => {
    const dump = Array.from({ length: 300 }, (_, i) => goroutine(10 + i, 'main.recv', 30 + (i % 3))).join('\n');
    const { p, slow } = parse(dump, true);
    expect(p).toEqual(parse(dump, false).p);
    expect(p.goroutines.map((g) => g.count)).toEqual([100, 100, 100]);
    expect(slow).toBeLessThan(dump.length * 0.05);
  });

  it('gives a finished machine’s lane to the next one with nothing of its trie', () => {
    const a = Array.from({ length: 50 }, (_, i) => goroutine(10 + i, 'main.a', 7)).join('\n');
    // same function names, other lines and state: a remembered trie would match wrongly or not at all
    const b = a.replaceAll('main.a.go:7', 'main.a.go:8').replaceAll('chan receive', 'chan send');
    for (const dump of [a, b, a, b]) {
      const { p, slow } = parse(dump, true);
      expect(p).toEqual(parse(dump, false).p);
      expect(slow).toBeLessThan(dump.length * 0.1);
    }
  });

  it('warns about a goroutine without frames at its own line, between goroutines that merge', () => {
    const a = (id: number) => goroutine(id, 'main.recv', 30);
    const dump = [a(10), a(11), 'goroutine 12 [chan receive]:\n', a(13), a(14)].join('\n');
    const { p } = parse(dump, true);
    expect(p).toEqual(parse(dump, false).p);
    expect(p.warnings.map((w) => [w.line, w.message])).toEqual([[13, 'goroutine 12 has no stack frames']]);
  });

  it('the committed matcher is what lane.as.ts compiles to', () => {
    const script = fileURLToPath(new URL('../../../scripts/build-lane.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
