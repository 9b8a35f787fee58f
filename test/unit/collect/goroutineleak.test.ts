// Go's goroutineleak profile (Go 1.26+): fetched at debug=1 in the same collector step where a
// service serves it; its goroutines are proof. Where it is absent: one failed request, nothing said.
// This machine's Go is older, so a stub serves a profile recorded in the real format
// (test/fixtures/goroutineleak-debug1.txt, from test/fixtures/leaky -goroutineleak).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { collectorArgv, collectorSettings, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { execLocal } from '../../../src/executors/ssh/run-collector.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { buildHostReport } from '../../../src/report/build-host.js';

const LEAK = readFileSync(new URL('../../fixtures/goroutineleak-debug1.txt', import.meta.url), 'utf8');
const DEBUG1 = 'goroutine profile: total 6\n5 @ 0x439976 0x40576c 0x40531d 0x686251 0x469821\n#\t0x686250\tmain.leakChanSend+0x30\tleaky/main.go:48\n\n1 @ 0x1\n#\t0x1\tmain.main+0x1\tleaky/main.go:230\n\n';
const DEBUG2 = [1, 2, 3, 4, 5].map((i) => `goroutine ${i + 20} [chan send, 2 minutes]:\nmain.leakChanSend()\n\tleaky/main.go:48 +0x30\ncreated by main.spawn in goroutine 1\n\tleaky/main.go:190 +0x4d\n`).join('\n')
  + '\ngoroutine 1 [IO wait]:\nmain.main()\n\tleaky/main.go:230 +0x1\n';

function stub(withLeakProfile: boolean): Promise<{ url: string; server: http.Server; asked: string[] }> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === '/debug/pprof/goroutine?debug=1') res.end(DEBUG1);
    else if (req.url === '/debug/pprof/goroutine?debug=2') res.end(DEBUG2);
    else if (req.url === '/debug/pprof/goroutineleak?debug=1' && withLeakProfile) res.end(LEAK);
    else res.writeHead(404).end('Unknown profile\n');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, asked })));
}

async function collect(url: string, samples = 2) {
  const settings = collectorSettings({ samples, intervalMs: 0, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false });
  const run = await execLocal(collectorArgv(await loadCollectorScript(), { pprofUrl: url, process: '' }, settings), new AbortController().signal);
  return readCollectorOutput(run.stdout);
}

describe('goroutineleak profile', () => {
  let on: Awaited<ReturnType<typeof stub>>;
  let off: Awaited<ReturnType<typeof stub>>;
  beforeAll(async () => {
    on = await stub(true);
    off = await stub(false);
  });
  afterAll(async () => {
    for (const s of [on, off]) await new Promise<void>((r) => s.server.close(() => r()));
  });

  it('is fetched once, at the last sample, and its leaked goroutines are proof at their line', async () => {
    const raw = await collect(on.url);
    expect(on.asked.filter((u) => u.startsWith('/debug/pprof/goroutineleak'))).toEqual(['/debug/pprof/goroutineleak?debug=1']);
    expect(raw.samples.map((s) => Boolean(s.files.goroutineleak))).toEqual([false, true]);
    const h = buildHostReport({ host: 'h1', status: 'ok', error: null, raw, warnings: [], attempts: 1 }, on.url, {});
    expect(h.samples[1].artifacts.goroutineleak).toBe('hosts/h1/sample-1.goroutineleak-debug1.txt');
    const g = h.groups.find((x) => x.function === 'main.leakChanSend')!;
    expect(g.verdict).toBe('leaking');
    expect(g.leaked).toBe(5);
    expect(g.evidence[0]).toBe('goroutineleak profile proves 5 leaked');
    expect(g.counts).toEqual([5, 5]); // the proof adds no sample to the counts
    expect(h.goroutines).toBe(6);
  });

  it('absent: one failed request, no error, no note, the same verdicts without proof', async () => {
    const raw = await collect(off.url);
    expect(off.asked.filter((u) => u.startsWith('/debug/pprof/goroutineleak'))).toHaveLength(1);
    // (This test server serves no heap profile either: that note is the only one.)
    expect(raw.samples.flatMap((s) => [...s.errors, ...s.notes]).filter((n) => !n.startsWith('memory statistics unavailable'))).toEqual([]);
    expect(raw.samples.some((s) => s.files.goroutineleak)).toBe(false);
    const h = buildHostReport({ host: 'h1', status: 'ok', error: null, raw, warnings: [], attempts: 1 }, off.url, {});
    expect(h.groups.find((x) => x.function === 'main.leakChanSend')?.leaked ?? 0).toBe(0);
  });
});
