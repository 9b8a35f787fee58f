// The one pass driver both executors plug into: retries, backoff, --max-fail, merging passes.
import { describe, expect, it } from 'vitest';
import { collectInPasses, mergePass, retryBatches } from '../../../src/collect/passes.js';
import type { Executor, PassRequest, PassResult } from '../../../src/collect/executor.js';
import type { CollectedHost, HostOutcome } from '../../../src/collect/host-outcome.js';
import type { RawCollection } from '../../../src/collect/protocol.js';
import { makePlan } from '../../../src/plan/plan.js';
import { targetFor } from '../../../src/plan/targets.js';

const collect = { samples: 1, intervalMs: 0, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false };
const raw: RawCollection = { started: true, finished: true, pid: 1, samples: [], fatal: null, warnings: [] };
const ok = (host: string): HostOutcome => ({ host, status: 'ok', error: null, raw, warnings: [] });
const bad = (host: string, error = 'refused'): HostOutcome => ({ host, status: 'unreachable', error, raw: null, warnings: [] });

/** An executor that answers each pass from a script and remembers what it was asked. */
function scripted(answer: (req: PassRequest) => Partial<PassResult> & { outcomes: Map<string, HostOutcome> }) {
  const asked: PassRequest[] = [];
  let closed = 0;
  const ex: Executor = {
    toolVersion: 'v-test',
    async runPass(req) {
      asked.push(req);
      return { cutOff: new Set(), interrupted: false, stoppedEarly: null, ...answer(req) };
    },
    async close() {
      closed++;
    },
  };
  return { ex, asked, closed: () => closed };
}

const plan = (hosts: string[], o: { retries?: number; maxFail?: number; serial?: (number | `${number}%`)[] } = {}) =>
  makePlan({ targets: hosts.map((h) => targetFor(h, {})), serial: o.serial ?? [], retries: o.retries ?? 0, maxFail: o.maxFail ?? 1, collect });

describe('collectInPasses', () => {
  it('retries only the hosts that failed, counts attempts, closes the executor', async () => {
    const s = scripted((req) => ({ outcomes: new Map(req.hosts.map((h) => [h, req.pass === 1 && h === 'b' ? bad(h) : ok(h)])) }));
    const r = await collectInPasses(s.ex, plan(['a', 'b', 'c'], { retries: 2 }), { signal: new AbortController().signal });
    expect(s.asked.map((q) => q.hosts)).toEqual([['a', 'b', 'c'], ['b']]);
    expect(r.passes).toBe(2);
    expect(r.outcomes.get('b')).toMatchObject({ status: 'ok', attempts: 2 });
    expect(r.outcomes.get('a')).toMatchObject({ status: 'ok', attempts: 1 });
    expect(r.toolVersion).toBe('v-test');
    expect(s.closed()).toBe(1);
  });

  it('does not retry a host whose answer retrying cannot change (output over the limit)', async () => {
    const over: HostOutcome = { host: 'b', status: 'failed', error: 'the collector printed more than 256 MB: refused', raw: null, warnings: [], permanent: true };
    const s = scripted((req) => ({ outcomes: new Map(req.hosts.map((h) => [h, h === 'b' ? over : bad(h)])) }));
    const r = await collectInPasses(s.ex, plan(['a', 'b'], { retries: 1 }), { signal: new AbortController().signal });
    expect(s.asked.map((q) => q.hosts)).toEqual([['a', 'b'], ['a']]);
    expect(r.outcomes.get('b')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('stops after the planned retries with the last outcome', async () => {
    const s = scripted((req) => ({ outcomes: new Map(req.hosts.map((h) => [h, bad(h, `pass ${req.pass}`)])) }));
    const r = await collectInPasses(s.ex, plan(['a'], { retries: 1 }), { signal: new AbortController().signal });
    expect(r.passes).toBe(2);
    expect(r.outcomes.get('a')).toMatchObject({ status: 'unreachable', error: 'pass 2', attempts: 2 });
  });

  it('--max-fail: the first pass is asked to stop between batches once more hosts failed than allowed; retries never are', async () => {
    const s = scripted((req) => ({ outcomes: new Map(req.hosts.map((h) => [h, ok(h)])) }));
    await collectInPasses(s.ex, plan(['a', 'b', 'c', 'd'], { maxFail: 0.25, serial: [1] }), { signal: new AbortController().signal });
    const first = s.asked[0];
    expect(first.batches).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(first.stopAfterBatch(1)).toBeNull();
    expect(first.stopAfterBatch(2)).toBe('run stopped after 2 hosts failed (more than --max-fail 25% of 4)');
  });

  it('a stopped pass ends the run; hosts it never reached say why', async () => {
    const s = scripted((req) => ({ outcomes: new Map([['a', bad('a')]]), stoppedEarly: 'run stopped after 1 hosts failed (x)', cutOff: new Set(req.hosts.slice(1)) }));
    const r = await collectInPasses(s.ex, plan(['a', 'b'], { retries: 3 }), { signal: new AbortController().signal });
    expect(r.passes).toBe(1);
    expect(r.stoppedEarly).toMatch(/run stopped/);
    expect(r.outcomes.get('b')).toMatchObject({ status: 'failed', error: 'not collected: run stopped after 1 hosts failed (x)', attempts: 1 });
  });

  it('an interrupt during the backoff ends the run without another pass', async () => {
    const ac = new AbortController();
    const s = scripted((req) => {
      setTimeout(() => ac.abort(), 10);
      return { outcomes: new Map(req.hosts.map((h) => [h, bad(h)])) };
    });
    const r = await collectInPasses(s.ex, plan(['a'], { retries: 5 }), { signal: ac.signal });
    expect(s.asked).toHaveLength(1);
    expect(r.interrupted).toBe(true);
  });
});

describe('mergePass', () => {
  const prevOk: CollectedHost = { ...ok('a'), attempts: 1 };
  it('a pass that never reached a host keeps what an earlier pass learned', () => {
    const all = new Map([['a', prevOk]]);
    mergePass(all, ['a'], { outcomes: new Map(), cutOff: new Set(['a']), interrupted: true, stoppedEarly: null }, 'the run was interrupted');
    expect(all.get('a')).toBe(prevOk);
  });
  it('a cut-off pass with samples replaces an earlier pass without any', () => {
    const all = new Map<string, CollectedHost>([['a', { ...bad('a'), attempts: 1 }]]);
    const partial = { ...bad('a', 'stopped after 1 of 3 samples'), status: 'failed' as const, raw };
    mergePass(all, ['a'], { outcomes: new Map([['a', partial]]), cutOff: new Set(['a']), interrupted: true, stoppedEarly: null }, 'x');
    expect(all.get('a')).toMatchObject({ error: 'stopped after 1 of 3 samples', attempts: 2 });
  });
});

describe('retryBatches', () => {
  it('cuts the revisited hosts with the planned sizes', () => {
    expect(retryBatches(['a', 'b', 'c'], [1, 5])).toEqual([['a'], ['b', 'c']]);
    expect(retryBatches(['a', 'b'], [])).toEqual([['a', 'b']]);
  });
});
