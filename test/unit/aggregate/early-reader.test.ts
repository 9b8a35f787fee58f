// The reader thread started before aggregate's modules load (cli/main.ts, pipeline/reader-thread.ts)
// is the one that reads: posted its job, it gives the same report as a thread started for it; one
// not needed (few hosts, read inline) is ended, and an aggregate never waits on it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '../../../bench/aggregate/gen.js';
import { aggregateDirs } from '../../../src/pipeline/aggregate.js';
import { earlyReaderWaiting, readerFor, startReaderEarly } from '../../../src/pipeline/reader-thread.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-early-'));
const results = path.join(dir, 'results');
generate(results, 40);

const hostsOf = (r: { hosts: { host: string; verdict: string; goroutines: number | null }[] }) => r.hosts.map((h) => [h.host, h.verdict, h.goroutines]);

describe('the reader thread started early', () => {
  it('reads the hosts when taken, as a thread started for the job does', async () => {
    const fresh = await aggregateDirs([results], path.join(dir, 'fresh'), 'test', { read: 'thread' });
    startReaderEarly([results]);
    expect(earlyReaderWaiting()).toBe(true);
    const early = await aggregateDirs([results], path.join(dir, 'early'), 'test', { read: 'thread' });
    expect(early.report.hosts).toHaveLength(40);
    expect(hostsOf(early.report)).toEqual(hostsOf(fresh.report));
  });

  it('is ended when the hosts are read inline, and the next job gets a new thread', async () => {
    startReaderEarly([results]);
    expect(earlyReaderWaiting()).toBe(true);
    const inline = await aggregateDirs([results], path.join(dir, 'inline'), 'test', { read: 'inline' });
    expect(inline.report.hosts).toHaveLength(40);
    expect(earlyReaderWaiting()).toBe(false);
    // the early one was ended: a job now gets a thread started for it (workerData), which reads
    const w = readerFor({ files: [], runDir: path.join(dir, 'none'), window: 8, windowBytes: 1 << 20, taken: new SharedArrayBuffer(4) });
    expect(w).not.toBeNull();
    const first = await new Promise((resolve) => w!.once('message', resolve));
    expect(first).toEqual({ done: true });
    await w!.terminate();
  }, 30_000);
});

describe('the reader thread is not started early', () => {
  it('for fewer results than a reader is worth (they are read inline)', async () => {
    const few = path.join(dir, 'few');
    generate(few, 5);
    startReaderEarly([few, path.join(dir, 'no-such-dir')]);
    expect(earlyReaderWaiting()).toBe(false);
    // a job gets a thread of its own (workerData), which reads at once
    const w = readerFor({ files: [], runDir: path.join(dir, 'none2'), window: 8, windowBytes: 1 << 20, taken: new SharedArrayBuffer(4) });
    expect(await new Promise((resolve) => w!.once('message', resolve))).toEqual({ done: true });
    await w!.terminate();
  }, 30_000);
});
