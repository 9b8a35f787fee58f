// One more look: which hosts are sampled again, and how two looks become one host's samples.
import { describe, expect, it } from 'vitest';
import { mergeLooks, undecidedHosts } from '../../../src/pipeline/one-more-look.js';
import type { CollectedHost } from '../../../src/collect/host-outcome.js';
import type { RawSample } from '../../../src/collect/protocol.js';
import type { Group } from '../../../src/analysis/types.js';
import type { HostReport } from '../../../src/report/types.js';

const group = (over: Partial<Group>): Group => ({
  id: 'g', count: 0, counts: [], state: '', class: 'io-wait', location: 'a.go:1', function: 'f', frames: [], createdBy: null,
  growthPerMinute: 0, maxWaitMinutes: 0, leaking: false, verdict: 'suspect', evidence: [], pattern: null, ...over,
});
const host = (name: string, over: Partial<HostReport>): HostReport => ({
  host: name, status: 'ok', error: null, attempts: 1, pprofUrl: '', goroutines: 0, threads: null, sockets: null, samples: [],
  verdict: 'suspect', groups: [], evidence: [], warnings: [], ...over,
});
const sample = (index: number, takenAt: number): RawSample => ({ index, takenAt, total: 1, threads: null, sockets: null, files: {}, errors: [], notes: [] });
const collected = (host: string, pid: number | null, samples: RawSample[], status: CollectedHost['status'] = 'ok'): CollectedHost => ({
  host, status, error: status === 'ok' ? null : 'ssh timed out', attempts: 1, warnings: [],
  raw: { started: true, finished: true, pid, samples, fatal: null, warnings: [] },
});

describe('undecidedHosts', () => {
  it('picks suspects with a rising site nothing settled; not pools that held, churn, history-settled sites, leaks or failures', () => {
    const hosts = [
      host('rising', { groups: [group({ counts: [300, 303, 306] })] }),
      host('held', { groups: [group({ counts: [400, 400, 400] })] }),
      host('churn', { groups: [group({ counts: [10, 90, 180], survivors: { first: 10, survived: 0, last: 180, spanSeconds: 10, kind: 'churn' } })] }),
      host('pool', { groups: [group({ counts: [400, 401, 402], history: { runs: 3, spanMinutes: 60, first: 401, last: 402, kind: 'held' } })] }),
      host('leaking', { verdict: 'leaking', groups: [group({ verdict: 'leaking', counts: [1, 50, 100] })] }),
      host('down', { status: 'unreachable', groups: [group({ counts: [1, 9] })] }),
    ];
    expect(undecidedHosts(hosts)).toEqual(['rising']);
  });
});

describe('mergeLooks', () => {
  it("appends the next look's samples after the first look's, renumbered", () => {
    const m = mergeLooks(collected('h', 42, [sample(0, 1000), sample(1, 2000)]), collected('h', 42, [sample(0, 9000), sample(1, 10_000)]), 1);
    expect(m.raw?.samples.map((s) => [s.index, s.takenAt])).toEqual([[0, 1000], [1, 2000], [2, 9000], [3, 10_000]]);
    expect(m.status).toBe('ok');
  });

  it('keeps the first look alone, saying why, when the process changed or the look took nothing', () => {
    const first = collected('h', 42, [sample(0, 1000)]);
    expect(mergeLooks(first, collected('h', 77, [sample(0, 9000)]), 1).warnings).toEqual(["extra look 1 left out: the service's process changed (pid 42 → 77)"]);
    const none = mergeLooks(first, collected('h', 42, [], 'timeout'), 2);
    expect(none.raw?.samples).toHaveLength(1);
    expect(none.warnings).toEqual(['extra look 2 took no sample: ssh timed out']);
    expect(mergeLooks(first, undefined, 1).warnings).toEqual(['extra look 1 took no sample']);
  });
});
