// The node-side collector (collect.sh, run here) sends the heap profile's MemStats trailer per
// sample, only the trailer; where pprof serves no heap profile the samples carry none and the
// first one says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectorArgv, collectorSettings, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { execLocal } from '../../../src/executors/ssh/run-collector.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { parseMemStats } from '../../../src/profile/memstats.js';

const heap = readFileSync(new URL('../../fixtures/memstats/go1.19-heap-debug1.txt', import.meta.url), 'utf8');
const goroutines = 'goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.main+0x1\t/app/main.go:3\n\n';

describe('collector: memory statistics', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const withHeap = req.url?.startsWith('/with/');
      const path = req.url?.replace(/^\/(without|with)\//, '/') ?? '';
      if (path.startsWith('/debug/pprof/goroutine?debug=1')) return res.end(goroutines);
      if (path.startsWith('/debug/pprof/heap?debug=1') && withHeap) return res.end(heap);
      res.writeHead(404).end('404 page not found\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function collect(url: string, samples: number) {
    const settings = collectorSettings({ samples, intervalMs: 0, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false });
    const run = await execLocal(collectorArgv(await loadCollectorScript(), { pprofUrl: url, process: '' }, settings), new AbortController().signal);
    return readCollectorOutput(run.stdout);
  }

  it('sends the trailer of every sample, and nothing else of the heap profile', async () => {
    const r = await collect(`${base}/with`, 2);
    expect(r.samples).toHaveLength(2);
    for (const s of r.samples) {
      const text = s.files.memstats!.toString('utf8');
      expect(text.startsWith('# runtime.MemStats\n')).toBe(true);
      expect(text).not.toContain('heap profile:');
      expect(parseMemStats(text)).toMatchObject({ heapInuse: 8593408, stackInuse: 229376, numGC: 20 });
    }
  });

  it('without a heap profile: no statistics, one note on the first sample, the goroutines still collected', async () => {
    const r = await collect(`${base}/without`, 2);
    expect(r.samples.map((s) => s.files.memstats)).toEqual([undefined, undefined]);
    expect(r.samples[0].notes.join('\n')).toMatch(/^memory statistics unavailable: fetch .*\/debug\/pprof\/heap failed/m);
    expect(r.samples[1].notes).toEqual([]);
    expect(r.samples.map((s) => [Boolean(s.files.debug1), s.total, s.errors])).toEqual([[true, 1, []], [true, 1, []]]);
  });
});
