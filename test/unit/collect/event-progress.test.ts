import { describe, expect, it } from 'vitest';
import { progressOf } from '../../../src/collect/event-progress.js';
import type { RunEvent } from '../../../src/collect/run-events.js';

const judge = { urlOf: () => 'http://127.0.0.1:9', timeoutS: 10 };
const ok = (stdout: string): RunEvent => ({ event: 'runner_ok', ts: 0, host: 'h1', task: 'goroutine_snapshot : fleet-diag snapshot', res: { stdout, rc: 0 } });

describe('progressOf', () => {
  it('tells a task that ran but whose collector found no pprof as the host failed, with why', () => {
    const out = '@@fd hello 1 samples=1 interval=0\n@@fd sample 0 1\n@@fd error 0 fetch http://127.0.0.1:9/debug/pprof/goroutine?debug=1 failed: curl: (7) Failed to connect\n@@fd done\n';
    expect(progressOf(ok(out), judge)).toEqual({
      kind: 'failed', host: 'h1', final: true,
      message: 'pprof at http://127.0.0.1:9 refused the connection: is the Go service running and serving net/http/pprof there?',
    });
  });

  it('tells a collector that stopped on the node (a fatal line, no done) as failed', () => {
    expect(progressOf(ok('@@fd fatal config pprof URL must start with http:// or https://\n'), judge)).toMatchObject({ kind: 'failed', message: 'config pprof URL must start with http:// or https://' });
  });

  it('without a judge, or when the output looks whole, a ran task is collected (no full judgement)', () => {
    expect(progressOf(ok('@@fd fatal x\n'))).toEqual({ kind: 'collected', host: 'h1' });
    // Looks whole (done, no error line): told collected without inflating anything.
    expect(progressOf(ok('@@fd hello 1 samples=1 interval=0\n@@fd done\n'), judge)).toEqual({ kind: 'collected', host: 'h1' });
  });
});
