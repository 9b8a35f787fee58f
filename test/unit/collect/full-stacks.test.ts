// The collector takes debug=2 stacks at the first and the last sample (survivors need both), each
// only under the cap; the run says in one note what the cap left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorArgv, collectorSettings, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { execLocal } from '../../../src/executors/ssh/run-collector.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { fullStacksSkipped } from '../../../src/pipeline/cost-notes.js';
import { startPprofStub } from '../helpers/pprof-stub.js';

describe('full stacks at the first and the last sample', () => {
  let stub: Awaited<ReturnType<typeof startPprofStub>>;
  beforeAll(async () => {
    stub = await startPprofStub();
  });
  afterAll(() => stub.close());

  async function collect(samples: number, cap: number) {
    const settings = collectorSettings({ samples, intervalMs: 0, timeoutMs: 5000, debug2Cap: cap, fullStacks: false });
    const run = await execLocal(collectorArgv(await loadCollectorScript(), { pprofUrl: stub.url, process: '' }, settings), new AbortController().signal);
    return readCollectorOutput(run.stdout);
  }

  it('three samples: debug=2 at 0 and 2, none in the middle', async () => {
    const raw = await collect(3, 10_000);
    expect(raw.finished).toBe(true);
    expect(raw.samples.map((s) => Boolean(s.files.debug2))).toEqual([true, false, true]);
    expect(raw.samples.every((s) => s.files.debug1)).toBe(true);
  });

  it('one sample: one debug=2 dump', async () => {
    const raw = await collect(1, 10_000);
    expect(raw.samples.map((s) => Boolean(s.files.debug2))).toEqual([true]);
  });

  it('above the cap: none, a note at each of the two samples, and one run note naming the host', async () => {
    const raw = await collect(2, 1);
    expect(raw.samples.map((s) => Boolean(s.files.debug2))).toEqual([false, false]);
    // (This test server serves no heap profile: the first sample also says so.)
    expect(raw.samples[0].notes.filter((n) => !n.startsWith('memory statistics unavailable'))).toEqual(['debug=2 skipped: 3 goroutines is above the cap of 1 (use --full-stacks)']);
    const note = fullStacksSkipped([{ host: 'web-1', status: 'ok', error: null, raw, warnings: [], attempts: 1 }], 2);
    expect(note).toMatch(/^survivors not compared on 1 host \(web-1\): more than 1 goroutines, so debug=2 stacks were skipped to keep each pause of the service within the cost budget/);
    expect(fullStacksSkipped([{ host: 'web-1', status: 'ok', error: null, raw, warnings: [], attempts: 1 }], 1)).toBeNull();
  });
});
