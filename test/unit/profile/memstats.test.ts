// runtime.MemStats from the heap profile's trailer (recorded from Go 1.19's runtime/pprof).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMemStats } from '../../../src/profile/memstats.js';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/memstats/${f}`, import.meta.url), 'utf8');

describe('parseMemStats', () => {
  it('reads heap, stacks (`# Stack = inuse / sys`), Sys, NumGC and the recent pauses of a real trailer', () => {
    const m = parseMemStats(fixture('go1.19-trailer.txt'))!;
    expect(m).toMatchObject({ heapInuse: 8593408, heapObjects: 2162, stackInuse: 229376, sys: 22918408, numGC: 20 });
    // 20 GCs: only the first 20 entries of the 256-entry ring are pauses (the rest are unused zeros).
    expect(m.gcPause).toEqual({ count: 20, p50Ms: 0.025, p99Ms: 1.401, maxMs: 1.401 });
  });

  it('reads the same from a whole heap profile', () => {
    expect(parseMemStats(fixture('go1.19-heap-debug1.txt'))).toEqual(parseMemStats(fixture('go1.19-trailer.txt')));
  });

  it('says null, never 0, for what is missing or not a number; no trailer is null', () => {
    const m = parseMemStats('# runtime.MemStats\n# HeapInuse = lots\n# NumGC = 0\n# PauseNs = [0 0 0]\n')!;
    expect(m).toEqual({ heapInuse: null, heapObjects: null, stackInuse: null, sys: null, numGC: 0, gcPause: null });
    expect(parseMemStats('heap profile: 1: 2 [3: 4] @ heap/1048576\n')).toBeNull();
    expect(parseMemStats('<html>404</html>')).toBeNull();
  });

  it('takes the ring as a whole once it has wrapped (more than 256 GCs)', () => {
    const ring = Array.from({ length: 256 }, (_, i) => (i === 7 ? 150_000_000 : 1_000_000));
    const m = parseMemStats(`# runtime.MemStats\n# PauseNs = [${ring.join(' ')}]\n# NumGC = 9000\n`)!;
    expect(m.gcPause).toEqual({ count: 256, p50Ms: 1, p99Ms: 1, maxMs: 150 });
  });
});
