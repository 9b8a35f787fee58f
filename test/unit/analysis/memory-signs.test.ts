// Memory beside goroutines: stacks and heap rising back a leak; a long GC pause p99 is a threshold finding.
import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../../src/analysis/index.js';
import type { MemStats } from '../../../src/profile/memstats.js';
import { parseDump } from '../../../src/profile/parse.js';
import { memorySigns } from '../../../src/analysis/memory-signs.js';
import type { Sample } from '../../../src/analysis/types.js';

const MB = 1024 * 1024;
const mem = (stack: number, heap: number, p99 = 1): MemStats => ({ heapInuse: heap, heapObjects: 10, stackInuse: stack, sys: 100 * MB, numGC: 50, gcPause: { count: 50, p50Ms: 0.5, p99Ms: p99, maxMs: p99 } });

/** A debug=1 dump with `n` goroutines blocked at one channel receive and 4 idle ones. */
function dump(n: number): string {
  return [
    `goroutine profile: total ${n + 4}`,
    `${n} @ 0x1 0x2 0x3`,
    '#\t0x1\truntime.gopark+0x1\t/usr/lib/go/src/runtime/proc.go:363',
    '#\t0x2\truntime.chanrecv1+0x1\t/usr/lib/go/src/runtime/chan.go:442',
    '#\t0x3\tmain.worker+0x1\t/app/worker.go:41',
    '',
    '4 @ 0x1 0x4',
    '#\t0x1\truntime.gopark+0x1\t/usr/lib/go/src/runtime/proc.go:363',
    '#\t0x4\tmain.idle+0x1\t/app/idle.go:9',
    '',
  ].join('\n');
}
const series = (counts: number[], memory: (i: number) => MemStats | null): Sample[] =>
  counts.map((c, i) => ({ takenAt: 1_700_000_000_000 + i * 10_000, profile: parseDump(dump(c)), memory: memory(i) }));

describe('memory signs', () => {
  it('stacks and heap growing with a leaking group back it, on the group and on the host', () => {
    const h = analyzeHost(series([1000, 1400, 1800, 2200], (i) => mem((2 + i) * MB, (40 + 5 * i) * MB)));
    const g = h.groups.find((x) => x.location.endsWith('worker.go:41'))!;
    expect(g.verdict).toBe('leaking');
    expect(g.evidence).toContain('goroutine stacks (StackInuse) grew 2.0 MB → 5.0 MB over 4 samples with the leak');
    expect(g.evidence).toContain('heap in use (HeapInuse) grew 40 MB → 55 MB over 4 samples with the leak');
    expect(h.evidence.some((e) => e.startsWith('goroutine stacks'))).toBe(true);
  });

  it('memory growing without a leaking group names nothing: a flat host stays healthy', () => {
    const h = analyzeHost(series([500, 500, 500], (i) => mem((2 + i) * MB, (40 + 5 * i) * MB)));
    expect(h.verdict).toBe('healthy');
    expect(h.evidence).toEqual([]);
  });

  it('GC pause p99 above the threshold (100 ms by default, configurable) makes the host suspect', () => {
    const slow = series([100, 100, 100], () => mem(MB, MB, 180));
    const h = analyzeHost(slow);
    expect(h.verdict).toBe('suspect');
    expect(h.evidence).toContain('GC pause p99 180 ms over the last 50 GC cycles (max 180 ms), above 100 ms');
    expect(analyzeHost(slow, { gcPauseP99Ms: 200 }).verdict).toBe('healthy');
  });

  it('hosts without memory statistics (null) give no memory evidence', () => {
    expect(memorySigns(series([1, 5, 9], () => null), true, 100)).toEqual({ host: [], withLeaks: [] });
    // One sample without: no growth claimed over a gap.
    expect(memorySigns(series([1, 5, 9], (i) => (i === 1 ? { ...mem(MB, MB), stackInuse: null } : mem((1 + i) * MB, MB))), true, 100).withLeaks).toEqual([]);
  });
});
