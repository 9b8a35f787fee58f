// Memory where users read it: the terminal summary, the Prometheus file, the gate, the HTML timelines.
import { describe, expect, it } from 'vitest';
import { group, host, report } from '../diff/reports.js';
import { renderSummary } from '../../../src/report/summary.js';
import { promText } from '../../../src/watch/prom.js';
import { judgeHost } from '../../../src/gate/decide.js';
import { observeHost } from '../../../src/gate/observe.js';
import { DEFAULT_CRITERIA } from '../../../src/gate/types.js';
import { hostRunFigures } from '../../../src/report/render/timelines.js';
import type { MemStats } from '../../../src/profile/memstats.js';
import type { SampleReport } from '../../../src/report/types.js';

const MB = 1024 * 1024;
const mem = (stack: number, p99: number): MemStats => ({ heapInuse: 40 * MB, heapObjects: 9, stackInuse: stack, sys: 80 * MB, numGC: 30, gcPause: { count: 30, p50Ms: 0.2, p99Ms: p99, maxMs: p99 + 1 } });
const sample = (i: number, m: MemStats | null): SampleReport => ({ index: i, takenAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i * 5)).toISOString(), goroutines: 100 + i, threads: 8, sockets: null, memory: m, artifacts: {}, notes: [], errors: [] });

const withMem = host('h1', [group('leak00', 500, { leaking: true, verdict: 'leaking' })], { memory: mem(3 * MB, 150), samples: [sample(0, mem(1 * MB, 120)), sample(1, mem(2 * MB, 140)), sample(2, mem(3 * MB, 150))] });
const without = host('h2', [group('pool00', 10)], { memory: null });
const r = report([withMem, without]);

describe('memory in the views', () => {
  it('terminal summary: a MEMORY column, "-" for a host that serves no heap profile', () => {
    const lines = renderSummary(r, 'runs/x').split('\n');
    expect(lines[0]).toMatch(/^HOST\s+STATUS\s+GOROUTINES\s+THREADS\s+VERDICT\s+MEMORY\s+SOCKETS$/);
    expect(lines[1]).toContain('heap 40 MB, stacks 3.0 MB, gc p99 150 ms');
    expect(lines[2]).toMatch(/^h2\s+ok\s+10\s+10\s+healthy\s+-\s+ESTABLISHED=2/);
    // No host with memory statistics: no column at all (older reports read as before).
    expect(renderSummary(report([without]), 'runs/x').split('\n')[0]).not.toContain('MEMORY');
  });

  it('Prometheus: heap, stacks and GC pause quantiles in seconds, nothing for a host without', () => {
    const text = promText(r);
    expect(text).toContain(`fleet_diag_heap_inuse_bytes{host="h1"} ${40 * MB}`);
    expect(text).toContain(`fleet_diag_stack_inuse_bytes{host="h1"} ${3 * MB}`);
    expect(text).toContain('fleet_diag_gc_pause_seconds{host="h1",quantile="0.99"} 0.15');
    expect(text).toContain('fleet_diag_gc_pause_seconds{host="h1",quantile="0.5"} 0.0002');
    expect(text).toContain('# TYPE fleet_diag_gc_pause_seconds gauge');
    expect(text).not.toMatch(/fleet_diag_(heap|stack|gc)_\w+\{host="h2"/);
  });

  it('gate: --max-gc-pause-p99 fails a host above it, and never a host without statistics', () => {
    const c = { ...DEFAULT_CRITERIA, maxGcPauseP99Ms: 100 };
    expect(judgeHost(observeHost(withMem, null), [], { ...c, maxGcPauseP99Ms: 200 }).reasons.filter((x) => x.startsWith('GC'))).toEqual([]);
    expect(judgeHost(observeHost(withMem, null), [], c).reasons).toContain('GC pause p99 150 ms, above --max-gc-pause-p99 100 ms');
    expect(judgeHost(observeHost(without, null), [], c)).toMatchObject({ phase: 'Successful', reasons: [] });
  });

  it('HTML timelines: memory and GC pause charts for a host with statistics only', () => {
    const titles = (h: typeof withMem) => hostRunFigures(h, r, 'k').map((f) => /<title>([^<]*)<\/title>|aria-label="([^"]*)"/.exec(f.svg)?.slice(1).find(Boolean) ?? '');
    const svg = hostRunFigures(withMem, r, 'k').map((f) => f.svg).join('\n');
    expect(svg).toContain('Memory (MB)');
    expect(svg).toContain('GC pause p99 (ms)');
    const plain = host('h3', [group('pool00', 10)], { samples: [sample(0, null), sample(1, null)] });
    const plainSvg = hostRunFigures(plain, r, 'k').map((f) => f.svg).join('\n');
    expect(plainSvg).not.toContain('Memory (MB)');
    expect(titles(withMem).length).toBeGreaterThan(titles(plain).length);
  });
});
