// The live progress (listr2): a status that Ansible polls again and again (the async sampling
// window, one runner_retry event per poll) is one line per change, not one line per poll.
// Outside a terminal listr2 falls back to its simple renderer, which prints every output line,
// so the lines can be counted here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../../src/collect/run-events.js';
import type { ProgressEvent } from '../../../src/collect/executor.js';
import { progressOf } from '../../../src/collect/event-progress.js';
import { ttyProgress } from '../../../src/cli/progress-tty.js';

/** One line of events.jsonl as the printers are told it. */
const ev = (event: RunEvent['event'], host: string, task: string): ProgressEvent => progressOf({ event, ts: 0, host, task })!;

type Progress = Awaited<ReturnType<typeof ttyProgress>>;

/** Lets listr2 start the stage and render, as between two real events. */
const later = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

async function run(drive: (p: Progress, say: (f: () => void) => Promise<void>) => Promise<void>): Promise<string> {
  const out: string[] = [];
  const keep = (chunk: unknown): boolean => {
    out.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep as typeof process.stderr.write);
  const p = await ttyProgress();
  await drive(p, async (f) => {
    f();
    await later();
  });
  await p.finish();
  vi.restoreAllMocks();
  return out.join('');
}

const count = (text: string, what: string): number => text.split(what).length - 1;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('live progress', () => {
  it('shows "waiting for sampling windows" once per change of the count, not once per poll', async () => {
    const text = await run(async (p, say) => {
      await say(() => p.stage('reading inventory inventory/local.ini'));
      await say(() => p.stage('collecting from 2 hosts in 1 batch(es), 3 sample(s)'));
      await say(() => p.pass(1, ['a', 'b']));
      await say(() => p.event(ev('runner_ok', 'a', 'goroutine_snapshot : fleet-diag sampling window')));
      await say(() => p.event(ev('runner_ok', 'b', 'goroutine_snapshot : fleet-diag sampling window')));
      for (let i = 0; i < 4; i++) {
        await say(() => p.event(ev('runner_retry', 'a', 'goroutine_snapshot : fleet-diag wait for window')));
        await say(() => p.event(ev('runner_retry', 'b', 'goroutine_snapshot : fleet-diag wait for window')));
      }
      await say(() => p.event(ev('runner_ok', 'a', 'goroutine_snapshot : fleet-diag wait for window')));
      for (let i = 0; i < 3; i++) await say(() => p.event(ev('runner_retry', 'b', 'goroutine_snapshot : fleet-diag wait for window')));
      await say(() => p.event(ev('runner_ok', 'b', 'goroutine_snapshot : fleet-diag wait for window')));
      await say(() => p.stage('analyzing'));
    });
    expect(count(text, 'waiting for sampling windows (0/2 done)')).toBe(1);
    expect(count(text, 'waiting for sampling windows (1/2 done)')).toBe(1);
    expect(count(text, '1/2 hosts answered; last: a')).toBe(1);
    expect(count(text, '2/2 hosts answered; last: b')).toBe(1);
  });

  it('a retry pass shows the waiting line again', async () => {
    const text = await run(async (p, say) => {
      await say(() => p.stage('collecting from 1 hosts in 1 batch(es), 3 sample(s)'));
      await say(() => p.pass(1, ['a']));
      await say(() => p.event(ev('runner_retry', 'a', 'fleet-diag wait for window')));
      await say(() => p.event(ev('runner_retry', 'a', 'fleet-diag wait for window')));
      await say(() => p.event(ev('runner_failed', 'a', 'fleet-diag wait for window')));
      await say(() => p.pass(2, ['a']));
      await say(() => p.event(ev('runner_retry', 'a', 'fleet-diag wait for window')));
      await say(() => p.event(ev('runner_retry', 'a', 'fleet-diag wait for window')));
    });
    expect(count(text, 'waiting for sampling windows (0/1 done)')).toBe(2);
    expect(text).toContain('retry pass 1: 1 host(s)');
  });
});
