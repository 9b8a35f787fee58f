// run --capture: what it accepts, how the collector gets it, what it costs the node-side budget.
import { describe, expect, it } from 'vitest';
import { capturesArg, captureFileName, parseCaptures } from '../../../src/plan/captures.js';
import { collectorArgv, collectorSettings } from '../../../src/collect/collector-command.js';
import { UserError } from '../../../src/core/exit-codes.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { gzipSync } from 'node:zlib';

const refused = (text: string): string => {
  try {
    parseCaptures(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe('--capture', () => {
  it('takes snapshots and timed profiles, with default durations', () => {
    expect(parseCaptures('heap,allocs,cpu=10s,trace=5s,goroutineleak')).toEqual([
      { kind: 'heap', seconds: 0 }, { kind: 'allocs', seconds: 0 }, { kind: 'cpu', seconds: 10 }, { kind: 'trace', seconds: 5 }, { kind: 'goroutineleak', seconds: 0 },
    ]);
    expect(parseCaptures('cpu, trace')).toEqual([{ kind: 'cpu', seconds: 10 }, { kind: 'trace', seconds: 5 }]);
    expect(parseCaptures(undefined)).toEqual([]);
    expect(capturesArg(parseCaptures('heap,cpu=30s,trace=2'))).toBe('heap,cpu=30,trace=2');
  });

  it('refuses, in one line, what it cannot bound or does not know', () => {
    expect(refused('cpu=5m')).toBe("--capture: 'cpu=5m': cpu must record between 1s and 60s");
    expect(refused('heap=5s')).toBe("--capture: 'heap=5s': heap is a snapshot and takes no duration");
    expect(refused('heap,heap')).toBe('--capture: heap is given twice');
    expect(refused('goroutine;id')).toMatch(/^--capture: 'goroutine;id' is not a profile to capture \(use heap, allocs/);
    expect(refused('cpu=soon')).toMatch(/is not a duration/);
  });

  it('goes to the collector as its last word, and every capture adds its seconds plus a timeout to the node budget', () => {
    const base = { samples: 1, intervalMs: 0, timeoutMs: 20_000, debug2Cap: 10, fullStacks: false };
    const plain = collectorSettings(base);
    const withCaptures = collectorSettings({ ...base, captures: parseCaptures('heap,cpu=10s') });
    expect(withCaptures.budgetS - plain.budgetS).toBe(20 + 10 + 20);
    const argv = collectorArgv('script', { pprofUrl: 'http://127.0.0.1:6060', process: '' }, withCaptures);
    expect(argv.slice(-2)).toEqual(['', 'heap,cpu=10']); // no spool: an empty word keeps the position
    expect(collectorArgv('script', { pprofUrl: 'u', process: '' }, withCaptures, { tag: 't1', spool: true }).slice(-2)).toEqual(['t1', 'heap,cpu=10']);
    expect(collectorArgv('script', { pprofUrl: 'u', process: '' }, plain).at(-1)).toBe('');
  });

  it('the collector output: a capture is the host\'s, kept as sent; a cut-off one is a warning, never a sample error', () => {
    const b64 = (b: Buffer) => b.toString('base64');
    const heap = gzipSync(Buffer.from('pprof heap'));
    const out = readCollectorOutput(['@@fd hello 1', '@@fd sample 0 1700000000000', '@@fd file capture.heap 0 raw', b64(heap), '@@fd end', '@@fd file capture.trace 0 gz', b64(gzipSync('go 1.19 trace')), '@@fd end', '@@fd file capture.cpu 0 raw', 'AAAA', '@@fd done'].join('\n'));
    expect(out.captures.heap).toEqual(heap);
    expect(out.captures.trace.toString()).toBe('go 1.19 trace');
    expect(out.captures.cpu).toBeUndefined();
    expect(out.warnings).toEqual(['capture cpu: cut off in transfer']);
    expect(out.samples[0].errors).toEqual([]);
    expect(captureFileName('trace')).toBe('capture-trace.out');
    expect(captureFileName('cpu')).toBe('capture-cpu.pb.gz');
  });
});
