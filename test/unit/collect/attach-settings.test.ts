// run --attach on the collector's command line and in its output.
import { describe, expect, it } from 'vitest';
import { collectorArgv, collectorSettings } from '../../../src/collect/collector-command.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';

const base = { samples: 2, intervalMs: 1000, timeoutMs: 5000, debug2Cap: 10, fullStacks: false };

describe('--attach for the collector', () => {
  it('reaches only hosts that allow it, as the last word, and its limit per sample counts in the node budget', () => {
    const s = collectorSettings({ ...base, attachTimeoutMs: 10_000 });
    expect(s.attachS).toBe(10);
    expect(s.budgetS - collectorSettings(base).budgetS).toBe(2 * (10 + 2));
    const url = { pprofUrl: 'http://127.0.0.1:6060', process: '' };
    expect(collectorArgv('x', { ...url, attach: true }, s).slice(-3)).toEqual(['', '', '10']);
    expect(collectorArgv('x', { ...url, attach: false }, s).at(-1)).toBe('');
    expect(collectorArgv('x', url, collectorSettings(base)).at(-1)).toBe('');
  });

  it('reads the attach record: pause, Delve exit, the process alive and its state', () => {
    const out = readCollectorOutput(['@@fd hello 1', '@@fd sample 0 1700000000000', '@@fd attach 0 850 0 yes S 4242', '@@fd sample 1 1700000001000', '@@fd attach 1 30002 124 no ? 4242', '@@fd done'].join('\n'));
    expect(out.samples[0].attach).toEqual({ pauseMs: 850, rc: 0, alive: true, state: 'S', pid: 4242 });
    expect(out.samples[1].attach).toEqual({ pauseMs: 30002, rc: 124, alive: false, state: '?', pid: 4242 });
  });
});
